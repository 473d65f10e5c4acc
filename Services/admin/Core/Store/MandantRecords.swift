import Contracts
import FoundationEssentials
import Runtime
import SQLite

/// Mandant preferences (alias, default; per person) and delegations. A granted
/// delegation is a membership row carrying its `delegation_id` and `ends_at`, so
/// the lists, the rights and `admin.me` see it like any membership; the
/// `delegations` table is the employer's register (granted, ended, revoked).
enum MandantSchema {
    static let migration = Migration(
        2, "mandant_prefs_delegations",
        sql: """
            ALTER TABLE memberships ADD COLUMN delegation_id TEXT;
            ALTER TABLE memberships ADD COLUMN ends_at REAL;
            CREATE TABLE mandant_prefs (
                account_id TEXT NOT NULL,
                employer TEXT NOT NULL,
                alias TEXT NOT NULL DEFAULT '',
                is_default INTEGER NOT NULL DEFAULT 0,
                updated_at REAL NOT NULL,
                PRIMARY KEY (account_id, employer)
            ) WITHOUT ROWID;
            CREATE TABLE delegations (
                id TEXT PRIMARY KEY,
                employer TEXT NOT NULL REFERENCES employers(number),
                account_id TEXT NOT NULL,
                themes TEXT NOT NULL,
                ends_at REAL,
                granted_at REAL NOT NULL,
                granted_by TEXT NOT NULL,
                revoked_at REAL,
                revoked_by TEXT
            );
            CREATE INDEX delegations_employer ON delegations(employer, granted_at);
            """)
}

/// One row of an employer's delegation register.
public struct DelegationRecord: Sendable, Equatable {
    public var id: String
    public var employer: String
    public var accountId: String
    public var themes: [String]
    public var endsAt: Date?
    public var grantedAt: Date
    public var grantedBy: String
    public var revokedAt: Date? = nil
}

extension DelegationRecord {
    init(row: Row) throws {
        id = try row.string("id")
        employer = try row.string("employer")
        accountId = try row.string("account_id")
        themes = try ThemeList.decode(row.string("themes"))
        endsAt = try row.date("ends_at")
        grantedAt = try row.date("granted_at") ?? .distantPast
        grantedBy = try row.string("granted_by")
        revokedAt = try row.date("revoked_at")
    }
}

extension AdminStore {
    // MARK: the person's own list

    /// Every live membership of a person (delegations past their end date left
    /// out, judged at `now` on every request), with their alias and default.
    public func mandantEntries(accountId: String, now: Date) throws -> [MandantEntry] {
        try db.read { conn in
            try conn.query(
                """
                SELECT e.number, e.name, e.city, m.admin, m.themes, m.delegation_id, m.ends_at,
                       coalesce(p.alias, '') AS alias, coalesce(p.is_default, 0) AS is_default
                FROM memberships m JOIN employers e ON e.number = m.employer
                LEFT JOIN mandant_prefs p ON p.account_id = m.account_id AND p.employer = m.employer
                WHERE m.account_id = ? AND m.disabled = 0 AND (m.ends_at IS NULL OR m.ends_at > ?) AND m.consent IS NULL
                ORDER BY e.number
                """, accountId, now
            ).map {
                try MandantEntry(
                    number: $0.string("number"), name: $0.string("name"), admin: $0.bool("admin"),
                    themes: ThemeList.decode($0.string("themes")), alias: $0.string("alias"),
                    isDefault: $0.bool("is_default"), delegated: $0.optionalString("delegation_id") != nil,
                    delegationEndsAt: $0.date("ends_at")?.rfc3339, city: $0.string("city"))
            }
        }
    }

    /// Sets the alias and/or the default of one of a person's mandants (one default per person).
    public func saveMandantPrefs(
        _ conn: Connection, accountId: String, employer: String, alias: String?,
        isDefault: Bool?, now: Date
    ) throws {
        if isDefault == true {
            try conn.execute(
                "UPDATE mandant_prefs SET is_default = 0, updated_at = ? WHERE account_id = ? AND is_default = 1",
                now, accountId)
        }
        try conn.execute(
            """
            INSERT INTO mandant_prefs (account_id, employer, alias, is_default, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (account_id, employer) DO UPDATE SET alias = coalesce(?, alias),
              is_default = coalesce(?, is_default), updated_at = excluded.updated_at
            """, accountId, employer, alias ?? "", isDefault ?? false, now, alias, isDefault)
    }

    // MARK: delegations

    public func insertDelegation(_ conn: Connection, _ d: DelegationRecord) throws {
        try conn.execute(
            """
            INSERT INTO delegations (id, employer, account_id, themes, ends_at, granted_at, granted_by)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, d.id, d.employer, d.accountId, ThemeList.encode(d.themes), d.endsAt, d.grantedAt, d.grantedBy)
    }

    public func delegation(_ conn: Connection, id: String, employer: String) throws -> DelegationRecord? {
        try conn.queryOne("SELECT * FROM delegations WHERE id = ? AND employer = ?", id, employer)
            .map(DelegationRecord.init(row:))
    }

    public func delegations(employer: String) throws -> [(DelegationRecord, UserRecord?)] {
        try db.read { conn in
            try conn.query("SELECT * FROM delegations WHERE employer = ? ORDER BY granted_at DESC, id DESC", employer)
                .map(DelegationRecord.init(row:))
                .map { ($0, try user(conn, accountId: $0.accountId)) }
        }
    }

    public func revokeDelegation(_ conn: Connection, id: String, by actor: String, now: Date) throws {
        try conn.execute(
            "UPDATE delegations SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
            now, actor, id)
    }

    /// Closes the register entry a membership row still points at (a re-grant replaces it).
    public func closeDelegation(_ conn: Connection, id: String, now: Date) throws {
        try conn.execute(
            """
            UPDATE delegations SET revoked_at = ?, revoked_by = 'replaced' WHERE id = ? AND revoked_at IS NULL
              AND (ends_at IS NULL OR ends_at > ?)
            """, now, id, now)
    }

    public func deleteMembership(_ conn: Connection, employer: String, accountId: String) throws {
        try conn.execute("DELETE FROM memberships WHERE employer = ? AND account_id = ?", employer, accountId)
    }
}
