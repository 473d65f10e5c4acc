import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Wire

/// Memberships waiting for the owner's consent (an existing account added by
/// another employer's admin). `consent` is NULL for a membership in force; else
/// the state the inviting admin is shown, with the names and language that admin
/// typed (and their folded search and sort columns, so the list searches only them).
enum ConsentSchema {
    static let migration = Migration(
        20, "membership_consent",
        sql: """
            ALTER TABLE memberships ADD COLUMN consent TEXT;
            ALTER TABLE memberships ADD COLUMN invited_first TEXT;
            ALTER TABLE memberships ADD COLUMN invited_last TEXT;
            ALTER TABLE memberships ADD COLUMN invited_language TEXT;
            ALTER TABLE memberships ADD COLUMN invited_search TEXT;
            ALTER TABLE memberships ADD COLUMN invited_sort TEXT;
            ALTER TABLE memberships ADD COLUMN invited_at REAL;
            CREATE INDEX memberships_consent ON memberships(account_id) WHERE consent IS NOT NULL;
            """)

    /// The membership columns every member query selects (with `u.*`).
    static let memberColumns = """
        m.employer, m.admin, m.themes, m.disabled, m.reference, m.delegation_id, m.ends_at,
        m.consent, m.invited_first, m.invited_last, m.invited_language, m.invited_at
        """
}

extension Membership {
    init(row: Row) throws {
        try self.init(
            employer: row.string("employer"), accountId: row.string("account_id"), admin: row.bool("admin"),
            themes: ThemeList.decode(row.string("themes")), disabled: row.bool("disabled"),
            reference: row.string("reference"), delegationId: row.optionalString("delegation_id"),
            endsAt: row.date("ends_at"), pendingConsent: PendingConsent(row: row))
    }
}

extension PendingConsent {
    init?(row: Row) throws {
        guard let consent = try row.optionalString("consent") else { return nil }
        try self.init(
            name: PersonName(
                first: row.optionalString("invited_first") ?? "",
                last: row.optionalString("invited_last") ?? ""),
            language: row.optionalDecode("invited_language") ?? .fr,
            state: AccountState(rawValue: consent) ?? .invited, invitedAt: row.date("invited_at") ?? .distantPast)
    }
}

extension AdminStore {
    /// Writes the consent columns of a membership (NULL when in force).
    func saveConsent(_ conn: Connection, _ m: Membership, email: String) throws {
        let p = m.pendingConsent
        try conn.execute(
            """
            UPDATE memberships SET consent = ?, invited_first = ?, invited_last = ?, invited_language = ?,
              invited_search = ?, invited_sort = ?, invited_at = ? WHERE employer = ? AND account_id = ?
            """, p?.state.rawValue, p?.name.first, p?.name.last, p?.language.rawValue,
            p.map { $0.name.searchText(email: email) }, p?.name.sortKey, p?.invitedAt, m.employer, m.accountId)
    }

    /// A person's pending invitations, oldest first.
    public func invitations(accountId: String) throws -> [MembershipInvitation] {
        try db.read { conn in
            try conn.query(
                """
                SELECT e.number, e.name, m.admin, m.themes, m.invited_at FROM memberships m
                JOIN employers e ON e.number = m.employer
                WHERE m.account_id = ? AND m.consent IS NOT NULL AND m.disabled = 0 ORDER BY m.invited_at, e.number
                """, accountId
            ).map {
                try MembershipInvitation(
                    employer: $0.string("number"), name: $0.string("name"), admin: $0.bool("admin"),
                    themes: ThemeList.decode($0.string("themes")),
                    invitedAt: ($0.date("invited_at") ?? .distantPast).rfc3339)
            }
        }
    }
}
