import FoundationEssentials
import SQLite

extension AdminStore {
    /// Every membership of one account (active or not, every employer), consent state included.
    public func memberships(_ conn: Connection, accountId: String) throws -> [Membership] {
        try conn.query("SELECT * FROM memberships WHERE account_id = ? ORDER BY employer", accountId)
            .map(Membership.init(row:))
    }

    /// A user re-invited after identity lost their account: the memberships at other
    /// employers follow the new account; the one at `except` is made anew by the caller.
    public func moveMemberships(_ conn: Connection, from old: String, to new: String, except employer: String) throws {
        try conn.execute("DELETE FROM memberships WHERE account_id = ? AND employer = ?", old, employer)
        try conn.execute("UPDATE memberships SET account_id = ? WHERE account_id = ?", new, old)
        try conn.execute("DELETE FROM users WHERE account_id = ?", old)
    }
}
