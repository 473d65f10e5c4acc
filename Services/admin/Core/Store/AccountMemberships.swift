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
}
