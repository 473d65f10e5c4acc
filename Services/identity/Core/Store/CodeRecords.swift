import FoundationEssentials
import SQLite

/// An access code (stored hashed) and the employer it opens.
public struct AccessCodeRecord: Sendable {
    public var id: String
    public var employerNumber: String
    public var employerName: String
    public var expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?

    init(row: Row) throws {
        id = try row.string("id")
        employerNumber = try row.string("employer_number")
        employerName = try row.string("employer_name")
        expiresAt = try row.date("expires_at") ?? .distantPast
        usedAt = try row.date("used_at")
        revokedAt = try row.date("revoked_at")
    }
}

/// A password-reset code. An account may have several live ones (each `forgot`
/// past the resend floor adds one), each with its own count of wrong tries.
public struct ResetCodeRecord: Sendable {
    public var codeHash: [UInt8]
    public var expiresAt: Date
    public var attempts: Int
}

extension IdentityStore {
    // MARK: access codes

    /// Stores a new access code, revoking the employer's older unused ones.
    public func insertAccessCode(
        _ conn: Connection, id: String, hash: [UInt8], employerNumber: String,
        employerName: String, now: Date, expiresAt: Date
    ) throws {
        try conn.execute(
            """
            UPDATE access_codes SET revoked_at = ?
            WHERE employer_number = ? AND used_at IS NULL AND revoked_at IS NULL
            """, now, employerNumber)
        try conn.execute(
            """
            INSERT INTO access_codes (id, code_hash, employer_number, employer_name, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, id, hash, employerNumber, employerName, now, expiresAt)
    }

    public func accessCode(_ conn: Connection, hash: [UInt8]) throws -> AccessCodeRecord? {
        try conn.queryOne("SELECT * FROM access_codes WHERE code_hash = ?", hash).map(AccessCodeRecord.init(row:))
    }

    public func accessCode(_ conn: Connection, id: String) throws -> AccessCodeRecord? {
        try conn.queryOne("SELECT * FROM access_codes WHERE id = ?", id).map(AccessCodeRecord.init(row:))
    }

    /// Consumes the code; false if someone else consumed or revoked it first.
    public func consumeAccessCode(_ conn: Connection, id: String, by accountId: String, now: Date) throws -> Bool {
        try conn.execute(
            """
            UPDATE access_codes SET used_at = ?, used_by = ?
            WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL
            """, now, accountId, id) == 1
    }

    // MARK: reset codes

    public func putResetCode(
        _ conn: Connection, accountId: String, selector: [UInt8], hash: [UInt8], now: Date,
        expiresAt: Date
    ) throws {
        try conn.execute(
            """
            INSERT INTO reset_codes (account_id, selector_hash, code_hash, expires_at, attempts, created_at)
            VALUES (?, ?, ?, ?, 0, ?)
            """, accountId, selector, hash, expiresAt, now)
    }

    /// When the last reset e-mail went to an address (keyed hash, known or not).
    public func lastResetSend(_ conn: Connection, addressHash: [UInt8]) throws -> Date? {
        try conn.queryOne("SELECT sent_at FROM reset_sends WHERE address_hash = ?", addressHash)?.date("sent_at")
    }

    public func recordResetSend(_ conn: Connection, addressHash: [UInt8], now: Date) throws {
        try conn.execute(
            """
            INSERT INTO reset_sends (address_hash, sent_at) VALUES (?, ?)
            ON CONFLICT(address_hash) DO UPDATE SET sent_at = excluded.sent_at
            """, addressHash, now)
    }

    /// The account's reset code with exactly this hash.
    public func resetCode(_ conn: Connection, accountId: String, hash: [UInt8]) throws -> ResetCodeRecord? {
        try conn.queryOne("SELECT * FROM reset_codes WHERE account_id = ? AND code_hash = ?", accountId, hash).map {
            try ResetCodeRecord(
                codeHash: $0.bytes("code_hash"), expiresAt: $0.date("expires_at") ?? .distantPast,
                attempts: $0.int("attempts"))
        }
    }

    /// A wrong code counts against the account's codes that begin like it (the
    /// selector): someone who does not know a code cannot use up its tries. Codes
    /// from before the selector existed count every wrong try, as they did.
    public func bumpResetAttempts(_ conn: Connection, accountId: String, selector: [UInt8]?) throws {
        try conn.execute(
            """
            UPDATE reset_codes SET attempts = attempts + 1
            WHERE account_id = ? AND (selector_hash IS NULL OR selector_hash = ?)
            """, accountId, selector.map { SQLValue.blob($0) } ?? .null)
    }

    public func bumpResetAttempts(_ conn: Connection, accountId: String, hash: [UInt8]) throws {
        try conn.execute(
            "UPDATE reset_codes SET attempts = attempts + 1 WHERE account_id = ? AND code_hash = ?",
            accountId, hash)
    }

    public func deleteResetCodes(_ conn: Connection, accountId: String) throws {
        try conn.execute("DELETE FROM reset_codes WHERE account_id = ?", accountId)
    }
}
