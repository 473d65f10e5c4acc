import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Wire

/// Identity's SQLite file and every SQL statement on it. Methods take the
/// `Connection` of an enclosing `db.read`/`db.write`, so a handler composes one
/// transaction out of several of them (state change + outbox row together).
public final class IdentityStore: Sendable {
    public static var migrations: [Migration] { IdentitySchema.migrations }
    public let db: Database

    public init(db: Database) { self.db = db }

    /// Runs an UPDATE of `table` setting `columns` (names from code, never input).
    func update(
        _ conn: Connection, table: String, key: String, id: String,
        set columns: [(String, SQLBindable)]
    ) throws {
        guard !columns.isEmpty else { return }
        let assignments = columns.map { "\($0.0) = ?" }.joined(separator: ", ")
        try conn.execute(
            "UPDATE \(table) SET \(assignments) WHERE \(key) = ?",
            arguments: columns.map { $0.1 } + [id])
    }
}

/// One account row.
public struct AccountRecord: Sendable {
    public var id: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var language: Language
    public var passwordHash: String?
    /// The enrolled phone (E.164): the second factor.
    public var phone: String?
    /// Variant 1: the phone the admin entered, until its SMS code is confirmed.
    public var pendingPhone: String?
    public var state: AccountState
    public var disabled: Bool
    public var lockout: LockoutPolicy.State
    public var lastLoginAt: Date?
    public var createdAt: Date

    init(row: Row) throws {
        id = try row.string("id")
        email = try row.string("email")
        firstName = try row.string("first_name")
        lastName = try row.string("last_name")
        language = try row.decode("language")
        passwordHash = try row.optionalString("password_hash")
        phone = try row.optionalString("phone")
        pendingPhone = try row.optionalString("pending_phone")
        state = try row.decode("state")
        disabled = try row.bool("disabled")
        lockout = try LockoutPolicy.State(
            failures: row.int("failed_logins"), lockouts: row.int("lockouts"),
            lockedUntil: row.date("locked_until"), lastFailureAt: row.date("last_failed_at"))
        lastLoginAt = try row.date("last_login_at")
        createdAt = try row.date("created_at") ?? Date(timeIntervalSince1970: 0)
    }

    public init(
        id: String, email: String, firstName: String, lastName: String, language: Language,
        passwordHash: String?, phone: String?, pendingPhone: String?, state: AccountState, createdAt: Date
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.language = language
        self.passwordHash = passwordHash
        self.phone = phone
        self.pendingPhone = pendingPhone
        self.state = state
        self.disabled = false
        self.lockout = LockoutPolicy.State()
        self.lastLoginAt = nil
        self.createdAt = createdAt
    }

    /// As admin sees it: no secret, the phone masked, a lockout only while it lasts.
    public func info(now: Date) -> AccountInfo {
        let shownPhone = phone ?? pendingPhone
        let locked = lockout.lockedUntil.flatMap { $0 > now ? $0.rfc3339 : nil }
        return AccountInfo(
            accountId: id, email: email, firstName: firstName, lastName: lastName,
            language: language, state: disabled ? .disabled : state,
            mfa: phone == nil ? nil : .sms,
            maskedPhone: shownPhone.map { PhoneNumber(e164: $0).masked },
            lockedUntil: locked, disabled: disabled, lastLoginAt: lastLoginAt?.rfc3339)
    }
}

extension IdentityStore {
    public func account(_ conn: Connection, id: String) throws -> AccountRecord? {
        try conn.queryOne("SELECT * FROM accounts WHERE id = ?", id).map(AccountRecord.init(row:))
    }

    public func account(_ conn: Connection, email: String) throws -> AccountRecord? {
        try conn.queryOne("SELECT * FROM accounts WHERE email = ?", email).map(AccountRecord.init(row:))
    }

    public func insert(_ conn: Connection, account a: AccountRecord) throws {
        try conn.execute(
            """
            INSERT INTO accounts (id, email, first_name, last_name, language, password_hash, phone, pending_phone,
                                  state, disabled, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
            """, a.id, a.email, a.firstName, a.lastName, a.language.rawValue, a.passwordHash, a.phone,
            a.pendingPhone, a.state.rawValue, a.createdAt, a.createdAt)
    }

    /// Writes the columns of an account that handlers change.
    public func save(_ conn: Connection, account a: AccountRecord, now: Date) throws {
        try conn.execute(
            """
            UPDATE accounts SET first_name = ?, last_name = ?, language = ?, password_hash = ?, phone = ?,
                pending_phone = ?, state = ?, disabled = ?, failed_logins = ?, lockouts = ?, locked_until = ?,
                last_failed_at = ?, last_login_at = ?, updated_at = ?
            WHERE id = ?
            """, a.firstName, a.lastName, a.language.rawValue, a.passwordHash, a.phone, a.pendingPhone,
            a.state.rawValue, a.disabled, a.lockout.failures, a.lockout.lockouts, a.lockout.lockedUntil,
            a.lockout.lastFailureAt, a.lastLoginAt, now, a.id)
    }
}

extension IdentityStore {
    /// Deletes what can no longer be used: expired registrations, SMS codes,
    /// challenges and reset codes, and sessions past their maximum age.
    public func sweep(now: Date, sessionMax: TimeInterval) throws {
        try db.write { conn in
            _ = try purgeRegistrations(conn, now: now)
            try purgeSms(conn, now: now)
            try purgeChallenges(conn, before: now - 86400)
            try purgeSessions(conn, before: now - sessionMax - 86400)
            try conn.execute("DELETE FROM reset_codes WHERE expires_at < ?", now - 3600)
            try conn.execute("DELETE FROM reset_requests WHERE requested_at < ?", now - 7200)
            try conn.execute("DELETE FROM reset_sends WHERE sent_at < ?", now - 7200)
            try conn.execute("DELETE FROM email_changes WHERE expires_at < ?", now - 3600)
            try conn.execute("DELETE FROM activation_sends WHERE sent_at < ?", now - 7200)
            // Kept a day past their last failure so the doubling survives a quiet spell.
            try conn.execute(
                "DELETE FROM phantom_lockouts WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)",
                now - 86400, now - 86400)
        }
    }
}
