import Contracts
import FoundationEssentials
import Messaging
import SQLite
import Wire

/// Every SQL statement of admin. Methods taking a `Connection` run inside the
/// caller's `db.write` so that a change, its audit entry and its outbox message
/// commit together; the others open their own read.
public final class AdminStore: Sendable {
    public static let migrations: [Migration] =
        AdminSchema.migrations + [
            MessageOutbox.migration, MessageOutbox.priorityMigration, MessageOutbox.refusedMigration, Inbox.migration,
            MandantSchema.migration, SearchKeyMigration.migration, ConsentSchema.migration,
            SearchKeyMigration.refolded,
        ]

    public let db: Database

    public init(db: Database) { self.db = db }

    /// Opens (and migrates) `<dataDir>/admin.sqlite` directly: for tools such as the seeder.
    public convenience init(dataDir: String, durability: Database.Durability = .full) throws {
        try self.init(
            db: Database(
                path: "\(dataDir)/\(ServiceName.admin).sqlite", migrations: Self.migrations,
                durability: durability))
    }

    // MARK: Employers

    public func insertEmployer(_ conn: Connection, _ e: EmployerRecord, now: Date) throws {
        try conn.execute(
            """
            INSERT INTO employers (number, name, search, street, postcode, city, language, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, e.number, e.name, SearchFolding.employerKey(number: e.number, name: e.name), e.street, e.postcode,
            e.city,
            e.language.rawValue, now)
    }

    public func employer(_ conn: Connection, _ number: String) throws -> EmployerRecord? {
        try conn.queryOne("SELECT * FROM employers WHERE number = ?", number).map(EmployerRecord.init(row:))
    }

    public func employer(_ number: String) throws -> EmployerRecord? {
        try db.read { try employer($0, number) }
    }

    /// Staff's list: text over number and name, by number; with each one's status.
    public func employers(words: [String], offset: Int, limit: Int) throws -> (total: Int, rows: [EmployerSummary]) {
        let filter = words.map { _ in " AND instr(e.search, ?) > 0" }.joined()
        return try db.read { conn in
            let total =
                try conn.query(
                    "SELECT count(*) FROM employers e WHERE 1 = 1" + filter,
                    arguments: words
                ).first?[0].int ?? 0
            let rows = try conn.query(
                """
                SELECT e.*,
                  EXISTS (SELECT 1 FROM memberships m WHERE m.employer = e.number AND m.admin = 1) AS registered,
                  EXISTS (SELECT 1 FROM invitations i WHERE i.employer = e.number) AS invited
                FROM employers e WHERE 1 = 1\(filter) ORDER BY e.number LIMIT ? OFFSET ?
                """, arguments: words + [limit, offset])
            return (
                total,
                try rows.map { row in
                    let e = try EmployerRecord(row: row)
                    let status: EmployerStatus =
                        try row.bool("registered")
                        ? .registered
                        : row.bool("invited") ? .invited : .notInvited
                    return EmployerSummary(
                        number: e.number, name: e.name, street: e.street, postcode: e.postcode,
                        city: e.city, language: e.language, status: status)
                }
            )
        }
    }

    public func insertInvitation(
        _ conn: Connection, id: String, employer: String, delivery: Channel,
        email: String?, expiresAt: Date, now: Date
    ) throws {
        try conn.execute(
            """
            INSERT INTO invitations (id, employer, delivery, email, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, id, employer, delivery.rawValue, email, expiresAt, now)
    }

    // MARK: Users (admin's copy of the profile)

    /// Inserts or refreshes the copy of a person's profile.
    public func saveUser(_ conn: Connection, _ u: UserRecord, now: Date) throws {
        try conn.execute(
            """
            INSERT INTO users (account_id, email, first_name, last_name, language, mfa, state,
                               display_name, sort_name, search, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (account_id) DO UPDATE SET email = excluded.email, first_name = excluded.first_name,
              last_name = excluded.last_name, language = excluded.language, mfa = excluded.mfa,
              state = excluded.state, display_name = excluded.display_name, sort_name = excluded.sort_name,
              search = excluded.search, updated_at = excluded.updated_at
            """, u.accountId, u.email, u.name.first, u.name.last, u.language.rawValue, u.mfa.rawValue, u.state.rawValue,
            u.name.displayName, u.name.sortKey, u.name.searchText(email: u.email), now, now)
    }

    public func user(_ conn: Connection, accountId: String) throws -> UserRecord? {
        try conn.queryOne("SELECT * FROM users WHERE account_id = ?", accountId).map(UserRecord.init(row:))
    }

    public func user(email: String) throws -> UserRecord? {
        try db.read { try $0.queryOne("SELECT * FROM users WHERE email = ?", email).map(UserRecord.init(row:)) }
    }

    /// Applies what identity announced (`account.changed`); absent values stay.
    public func updateUserFacts(
        _ conn: Connection, accountId: String, mfa: SecondFactor?, state: AccountState?,
        language: Language?, now: Date
    ) throws {
        try conn.execute(
            """
            UPDATE users SET mfa = coalesce(?, mfa), state = coalesce(?, state), language = coalesce(?, language),
              updated_at = ? WHERE account_id = ?
            """, mfa?.rawValue, state?.rawValue, language?.rawValue, now, accountId)
    }

    // MARK: Memberships

    public func saveMembership(_ conn: Connection, _ m: Membership, now: Date) throws {
        try conn.execute(
            """
            INSERT INTO memberships (employer, account_id, admin, themes, disabled, reference, delegation_id, ends_at,
                                     created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (employer, account_id) DO UPDATE SET admin = excluded.admin, themes = excluded.themes,
              disabled = excluded.disabled, reference = excluded.reference, delegation_id = excluded.delegation_id,
              ends_at = excluded.ends_at, updated_at = excluded.updated_at
            """, m.employer, m.accountId, m.admin, ThemeList.encode(m.themes), m.disabled, m.reference,
            m.delegationId, m.endsAt, now, now)
        let email = try conn.scalar("SELECT email FROM users WHERE account_id = ?", m.accountId).string ?? ""
        try saveConsent(conn, m, email: email)
    }

    public func member(_ conn: Connection, employer: String, accountId: String) throws -> MemberRecord? {
        try conn.queryOne(
            """
            SELECT u.*, \(ConsentSchema.memberColumns)
            FROM memberships m JOIN users u ON u.account_id = m.account_id
            WHERE m.employer = ? AND m.account_id = ?
            """, employer, accountId
        ).map(MemberRecord.init(row:))
    }

    public func member(employer: String, accountId: String) throws -> MemberRecord? {
        try db.read { try member($0, employer: employer, accountId: accountId) }
    }

    /// The caller's membership in one employer, if any (authorization's question).
    public func membership(employer: String, accountId: String) throws -> Membership? {
        try db.read { try membership($0, employer: employer, accountId: accountId) }
    }

    public func membership(_ conn: Connection, employer: String, accountId: String) throws -> Membership? {
        try conn.queryOne("SELECT * FROM memberships WHERE employer = ? AND account_id = ?", employer, accountId)
            .map(Membership.init(row:))
    }

    /// Active administrators of an employer other than `except`.
    public func otherActiveAdmins(_ conn: Connection, employer: String, except accountId: String) throws -> Int {
        try conn.scalar(
            """
            SELECT count(*) FROM memberships WHERE employer = ? AND admin = 1 AND disabled = 0 AND account_id <> ?
              AND delegation_id IS NULL AND consent IS NULL
            """, employer, accountId
        ).int ?? 0
    }

    /// Active memberships of a person in other employers (decides whether
    /// deactivating here disables the whole account). A delegation past its end
    /// date (at `now`) and one awaiting consent do not count; with
    /// `delegations: false` no delegation does (whether the account is "shared":
    /// access granted to a person makes the granting employer no co-owner of it).
    public func otherActiveMemberships(
        _ conn: Connection, accountId: String, except employer: String,
        now: Date = Date(), delegations: Bool = true
    ) throws -> Int {
        try conn.scalar(
            """
            SELECT count(*) FROM memberships WHERE account_id = ? AND disabled = 0 AND employer <> ?
              AND (ends_at IS NULL OR ends_at > ?) AND consent IS NULL AND (? OR delegation_id IS NULL)
            """, accountId, employer, now, delegations
        ).int ?? 0
    }

    /// Whether the account has any membership here at all (active or not).
    public func hasMembership(accountId: String) throws -> Bool {
        try db.read { try $0.scalar("SELECT count(*) FROM memberships WHERE account_id = ?", accountId).int ?? 0 } > 0
    }

    /// `admin.me`'s mandants: the person's active memberships, by number.
    public func mandants(accountId: String) throws -> [Mandant] {
        try db.read { conn in
            try conn.query(
                """
                SELECT e.number, e.name, m.admin, m.themes FROM memberships m JOIN employers e ON e.number = m.employer
                WHERE m.account_id = ? AND m.disabled = 0 AND m.consent IS NULL ORDER BY e.number
                """, accountId
            ).map {
                try Mandant(
                    number: $0.string("number"), name: $0.string("name"), admin: $0.bool("admin"),
                    themes: ThemeList.decode($0.string("themes")))
            }
        }
    }
}
