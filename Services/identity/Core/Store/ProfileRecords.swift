import FoundationEssentials
import SQLite

/// The profile's tables: when a session last proved the password (step-up), the
/// login before the current one, and an e-mail change waiting for its code.
enum ProfileSchema {
    static let migration = Migration(
        2, "profile_stepup",
        sql: """
            ALTER TABLE sessions ADD COLUMN reauthenticated_at REAL;
            ALTER TABLE accounts ADD COLUMN previous_login_at REAL;
            CREATE TABLE email_changes (
                account_id TEXT PRIMARY KEY REFERENCES accounts(id),
                new_email TEXT NOT NULL,
                code_hash BLOB NOT NULL,
                expires_at REAL NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                sends INTEGER NOT NULL DEFAULT 1,
                window_start REAL NOT NULL
            );
            """)
}

/// An e-mail change waiting for the activation code sent to the new address.
public struct EmailChangeRecord: Sendable {
    public var newEmail: String
    public var codeHash: [UInt8]
    public var expiresAt: Date
    public var attempts: Int
    public var sends: Int
    public var windowStart: Date
}

extension IdentityStore {
    // MARK: step-up

    public func reauthenticatedAt(_ conn: Connection, sessionId: String) throws -> Date? {
        try conn.scalar("SELECT reauthenticated_at FROM sessions WHERE id = ?", sessionId).double
            .map { Date(timeIntervalSince1970: $0) }
    }

    public func markReauthenticated(_ conn: Connection, sessionId: String, at: Date) throws {
        try conn.execute("UPDATE sessions SET reauthenticated_at = ? WHERE id = ?", at, sessionId)
    }

    /// Ends every open session of an account except `keep`; returns how many ended.
    public func endOtherSessions(_ conn: Connection, accountId: String, keep: String, now: Date) throws -> Int {
        try conn.execute(
            "UPDATE sessions SET ended_at = ? WHERE account_id = ? AND id <> ? AND ended_at IS NULL",
            now, accountId, keep)
    }

    // MARK: last login

    public func previousLogin(_ conn: Connection, accountId: String) throws -> Date? {
        try conn.scalar("SELECT previous_login_at FROM accounts WHERE id = ?", accountId).double
            .map { Date(timeIntervalSince1970: $0) }
    }

    /// Keeps the login being replaced as "previous" (called just before a login is recorded).
    public func shiftLastLogin(_ conn: Connection, accountId: String) throws {
        try conn.execute("UPDATE accounts SET previous_login_at = last_login_at WHERE id = ?", accountId)
    }

    // MARK: e-mail change

    public func emailChange(_ conn: Connection, accountId: String) throws -> EmailChangeRecord? {
        try conn.queryOne("SELECT * FROM email_changes WHERE account_id = ?", accountId).map {
            try EmailChangeRecord(
                newEmail: $0.string("new_email"), codeHash: $0.bytes("code_hash"),
                expiresAt: $0.date("expires_at") ?? .distantPast, attempts: $0.int("attempts"),
                sends: $0.int("sends"), windowStart: $0.date("window_start") ?? .distantPast)
        }
    }

    /// Stores the live change (a new request replaces the previous code), counting
    /// the sends in a window of an hour.
    public func putEmailChange(
        _ conn: Connection, accountId: String, email: String, hash: [UInt8],
        expiresAt: Date, now: Date
    ) throws {
        try conn.execute(
            """
            INSERT INTO email_changes (account_id, new_email, code_hash, expires_at, attempts, sends, window_start)
            VALUES (?, ?, ?, ?, 0, 1, ?)
            ON CONFLICT(account_id) DO UPDATE SET new_email = excluded.new_email, code_hash = excluded.code_hash,
                expires_at = excluded.expires_at, attempts = 0,
                sends = CASE WHEN window_start > ? THEN sends + 1 ELSE 1 END,
                window_start = CASE WHEN window_start > ? THEN window_start ELSE excluded.window_start END
            """, accountId, email, hash, expiresAt, now, now - 3600, now - 3600)
    }

    public func bumpEmailChangeAttempts(_ conn: Connection, accountId: String) throws {
        try conn.execute("UPDATE email_changes SET attempts = attempts + 1 WHERE account_id = ?", accountId)
    }

    public func deleteEmailChange(_ conn: Connection, accountId: String) throws {
        try conn.execute("DELETE FROM email_changes WHERE account_id = ?", accountId)
    }

    public func setEmail(_ conn: Connection, accountId: String, email: String, now: Date) throws {
        try conn.execute("UPDATE accounts SET email = ?, updated_at = ? WHERE id = ?", email, now, accountId)
    }
}
