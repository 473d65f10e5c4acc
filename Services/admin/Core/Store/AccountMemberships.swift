import Foundation
import Shared

extension AdminStore {
    /// Every membership of one account (active or not, every employer).
    public func memberships(_ conn: Connection, accountId: String) throws -> [Membership] {
        try conn.query("SELECT * FROM memberships WHERE account_id = ? ORDER BY employer", accountId).map {
            Membership(employer: $0.string("employer"), accountId: $0.string("account_id"),
                       admin: $0.bool("admin"), themes: ThemeList.decode($0.string("themes")),
                       disabled: $0.bool("disabled"), reference: $0.string("reference"),
                       delegationId: $0.optionalString("delegation_id"), endsAt: $0.date("ends_at"))
        }
    }

    /// A user re-invited after identity lost their account: the memberships at other
    /// employers follow the new account; the one at `except` is made anew by the caller.
    public func moveMemberships(_ conn: Connection, from old: String, to new: String, except employer: String) throws {
        try conn.execute("DELETE FROM memberships WHERE account_id = ? AND employer = ?", old, employer)
        try conn.execute("UPDATE memberships SET account_id = ? WHERE account_id = ?", new, old)
        try conn.execute("DELETE FROM users WHERE account_id = ?", old)
    }
}
