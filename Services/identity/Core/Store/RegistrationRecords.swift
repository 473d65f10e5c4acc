import FoundationEssentials
import SQLite
import Wire

/// Where a registration stands; each step allows the next message (docs/contract.md).
public enum RegistrationStep: String, Sendable {
    /// Access code accepted: waiting for the e-mail address.
    case email
    /// Activation code sent: waiting for `verifyEmail`.
    case verifyEmail
    /// E-mail proven, no account yet: waiting for the account form.
    case account
    /// E-mail proven and it has an account: waiting for `attach` after a login.
    case login
    /// Account form done: waiting for the SMS enrolment.
    case sms
    case done
}

/// A registration in progress, kept in SQLite so it survives a restart.
public struct RegistrationRecord: Sendable {
    public var id: String
    public var accessCodeId: String
    public var step: RegistrationStep
    public var language: Language
    public var email: String?
    public var activationHash: [UInt8]?
    public var activationExpiresAt: Date?
    public var activationAttempts: Int
    public var activationSends: Int
    public var existingAccountId: String?
    public var firstName: String?
    public var lastName: String?
    public var passwordHash: String?
    public var accountId: String?
    public var createdAt: Date
    public var expiresAt: Date

    init(row: Row) throws {
        id = try row.string("id")
        accessCodeId = try row.string("access_code_id")
        step = try row.decode("step")
        language = try row.decode("language")
        email = try row.optionalString("email")
        activationHash = try row["activation_hash"].isNull ? nil : row.bytes("activation_hash")
        activationExpiresAt = try row.date("activation_expires_at")
        activationAttempts = try row.int("activation_attempts")
        activationSends = try row.int("activation_sends")
        existingAccountId = try row.optionalString("existing_account_id")
        firstName = try row.optionalString("first_name")
        lastName = try row.optionalString("last_name")
        passwordHash = try row.optionalString("password_hash")
        accountId = try row.optionalString("account_id")
        createdAt = try row.date("created_at") ?? .distantPast
        expiresAt = try row.date("expires_at") ?? .distantPast
    }

    public init(id: String, accessCodeId: String, language: Language, now: Date, expiresAt: Date) {
        self.id = id
        self.accessCodeId = accessCodeId
        self.step = .email
        self.language = language
        activationAttempts = 0
        activationSends = 0
        createdAt = now
        self.expiresAt = expiresAt
    }
}

extension IdentityStore {
    public func insert(_ conn: Connection, registration r: RegistrationRecord) throws {
        try conn.execute(
            """
            INSERT INTO registrations (id, access_code_id, step, language, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, r.id, r.accessCodeId, r.step.rawValue, r.language.rawValue, r.createdAt, r.expiresAt)
    }

    public func registration(_ conn: Connection, id: String) throws -> RegistrationRecord? {
        try conn.queryOne("SELECT * FROM registrations WHERE id = ?", id).map(RegistrationRecord.init(row:))
    }

    public func save(_ conn: Connection, registration r: RegistrationRecord) throws {
        try conn.execute(
            """
            UPDATE registrations SET step = ?, language = ?, email = ?, activation_hash = ?, activation_expires_at = ?,
                activation_attempts = ?, activation_sends = ?, existing_account_id = ?, first_name = ?,
                last_name = ?, password_hash = ?, account_id = ?
            WHERE id = ?
            """, r.step.rawValue, r.language.rawValue, r.email, r.activationHash.map { SQLValue.blob($0) } ?? .null,
            r.activationExpiresAt, r.activationAttempts, r.activationSends, r.existingAccountId, r.firstName,
            r.lastName, r.passwordHash, r.accountId, r.id)
    }

    /// How many registrations an access code started since `since`, and the oldest of them.
    public func registrationsStarted(
        _ conn: Connection, accessCodeId: String,
        since: Date
    ) throws -> (count: Int, oldest: Date?) {
        let row = try conn.queryOne(
            """
            SELECT count(*) AS n, min(created_at) AS oldest FROM registrations
            WHERE access_code_id = ? AND created_at > ?
            """, accessCodeId, since)
        return try (row?.int("n") ?? 0, row?.date("oldest"))
    }

    public func recordActivationSend(_ conn: Connection, emailHash: [UInt8], now: Date) throws {
        try conn.execute("INSERT INTO activation_sends (email_hash, sent_at) VALUES (?, ?)", emailHash, now)
    }

    /// Activation e-mails sent to one address since `since`, and the oldest of them.
    public func activationSends(_ conn: Connection, emailHash: [UInt8], since: Date) throws -> (
        count: Int, oldest: Date?
    ) {
        let row = try conn.queryOne(
            """
            SELECT count(*) AS n, min(sent_at) AS oldest FROM activation_sends WHERE email_hash = ? AND sent_at > ?
            """, emailHash, since)
        return try (row?.int("n") ?? 0, row?.date("oldest"))
    }

    /// Forgets registrations past their expiry (and finished ones' secrets long gone).
    public func purgeRegistrations(_ conn: Connection, now: Date) throws -> Int {
        try conn.execute("DELETE FROM registrations WHERE expires_at < ?", now)
    }
}
