import Foundation
import Shared

/// An access code (stored hashed) and the employer it opens.
public struct AccessCodeRecord: Sendable {
    public var id: String
    public var employerNumber: String
    public var employerName: String
    public var expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?

    init(row: Row) {
        id = row.string("id")
        employerNumber = row.string("employer_number")
        employerName = row.string("employer_name")
        expiresAt = row.date("expires_at") ?? .distantPast
        usedAt = row.date("used_at")
        revokedAt = row.date("revoked_at")
    }
}

/// A password-reset code (one live code per account; a new request replaces it).
public struct ResetCodeRecord: Sendable {
    public var codeHash: [UInt8]
    public var expiresAt: Date
    public var attempts: Int
}

extension IdentityStore {
    // MARK: access codes

    /// Stores a new access code, revoking the employer's older unused ones.
    public func insertAccessCode(_ conn: Connection, id: String, hash: [UInt8], employerNumber: String,
                                 employerName: String, now: Date, expiresAt: Date) throws {
        try conn.execute("""
            UPDATE access_codes SET revoked_at = ?
            WHERE employer_number = ? AND used_at IS NULL AND revoked_at IS NULL
            """, now, employerNumber)
        try conn.execute("""
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
        try conn.execute("""
            UPDATE access_codes SET used_at = ?, used_by = ?
            WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL
            """, now, accountId, id) == 1
    }

    // MARK: reset codes

    public func putResetCode(_ conn: Connection, accountId: String, hash: [UInt8], now: Date, expiresAt: Date) throws {
        try conn.execute("""
            INSERT INTO reset_codes (account_id, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, 0, ?)
            ON CONFLICT(account_id) DO UPDATE SET code_hash = excluded.code_hash,
                expires_at = excluded.expires_at, attempts = 0, created_at = excluded.created_at
            """, accountId, hash, expiresAt, now)
        try conn.execute("INSERT INTO reset_requests (account_id, requested_at) VALUES (?, ?)", accountId, now)
    }

    /// Records a reset request for an address without account (by a keyed hash).
    public func recordResetRequest(_ conn: Connection, key: String, now: Date) throws {
        try conn.execute("INSERT INTO reset_requests (account_id, requested_at) VALUES (?, ?)", key, now)
    }

    public func resetCode(_ conn: Connection, accountId: String) throws -> ResetCodeRecord? {
        try conn.queryOne("SELECT * FROM reset_codes WHERE account_id = ?", accountId).map {
            ResetCodeRecord(codeHash: $0.bytes("code_hash"), expiresAt: $0.date("expires_at") ?? .distantPast,
                            attempts: $0.int("attempts"))
        }
    }

    public func countResetRequests(_ conn: Connection, accountId: String, since: Date) throws -> Int {
        try conn.scalar("SELECT count(*) FROM reset_requests WHERE account_id = ? AND requested_at > ?",
                        accountId, since).int ?? 0
    }

    public func bumpResetAttempts(_ conn: Connection, accountId: String) throws {
        try conn.execute("UPDATE reset_codes SET attempts = attempts + 1 WHERE account_id = ?", accountId)
    }

    public func deleteResetCode(_ conn: Connection, accountId: String) throws {
        try conn.execute("DELETE FROM reset_codes WHERE account_id = ?", accountId)
    }
}
