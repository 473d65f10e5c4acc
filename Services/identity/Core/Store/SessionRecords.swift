import Contracts
import FoundationEssentials
import SQLite

public struct SessionRecord: Sendable {
    public var id: String
    public var accountId: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var endedAt: Date?
}

/// A login in progress: password checked, SMS factor pending (or done, for attach).
public struct LoginChallengeRecord: Sendable {
    public var id: String
    public var accountId: String
    public var next: LoginNext
    public var expiresAt: Date
    public var completedAt: Date?
    public var attachedAt: Date?
    /// When the password was checked (`login.start`): the session's first step-up proof.
    public var createdAt: Date? = nil
}

extension IdentityStore {
    // MARK: sessions

    public func insertSession(_ conn: Connection, id: String, tokenHash: [UInt8], accountId: String, now: Date) throws {
        try conn.execute(
            """
            INSERT INTO sessions (id, token_hash, account_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
            """, id, tokenHash, accountId, now, now)
    }

    public func session(_ conn: Connection, tokenHash: [UInt8]) throws -> SessionRecord? {
        try conn.queryOne("SELECT * FROM sessions WHERE token_hash = ?", tokenHash).map {
            try SessionRecord(
                id: $0.string("id"), accountId: $0.string("account_id"),
                createdAt: $0.date("created_at") ?? .distantPast,
                lastSeenAt: $0.date("last_seen_at") ?? .distantPast, endedAt: $0.date("ended_at"))
        }
    }

    public func touchSession(_ conn: Connection, id: String, now: Date) throws {
        try conn.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", now, id)
    }

    public func endSession(_ conn: Connection, id: String, now: Date) throws {
        try conn.execute("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", now, id)
    }

    /// Ends every session of an account; returns how many were still open (used
    /// since `idleSince` and created since `createdSince`).
    @discardableResult
    public func endSessions(
        _ conn: Connection, accountId: String, now: Date,
        idleSince: Date = .distantPast, createdSince: Date = .distantPast
    ) throws -> Int {
        let open =
            try conn.scalar(
                """
                SELECT count(*) FROM sessions
                WHERE account_id = ? AND ended_at IS NULL AND last_seen_at > ? AND created_at > ?
                """, accountId, idleSince, createdSince
            ).int ?? 0
        try conn.execute("UPDATE sessions SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL", now, accountId)
        return open
    }

    public func purgeSessions(_ conn: Connection, before: Date) throws {
        try conn.execute("DELETE FROM sessions WHERE created_at < ? OR ended_at < ?", before, before)
    }

    // MARK: lockout of e-mails without an account

    /// The failure record of an e-mail that has no account (keyed hash of the
    /// address), so that it locks exactly like an account would.
    public func phantomLockout(_ conn: Connection, key: [UInt8]) throws -> LockoutPolicy.State {
        try conn.queryOne("SELECT * FROM phantom_lockouts WHERE key_hash = ?", key).map {
            try LockoutPolicy.State(
                failures: $0.int("failed_logins"), lockouts: $0.int("lockouts"),
                lockedUntil: $0.date("locked_until"), lastFailureAt: $0.date("updated_at"))
        } ?? LockoutPolicy.State()
    }

    public func savePhantomLockout(_ conn: Connection, key: [UInt8], _ s: LockoutPolicy.State, now: Date) throws {
        try conn.execute(
            """
            INSERT INTO phantom_lockouts (key_hash, failed_logins, lockouts, locked_until, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(key_hash) DO UPDATE SET failed_logins = excluded.failed_logins, lockouts = excluded.lockouts,
                locked_until = excluded.locked_until, updated_at = excluded.updated_at
            """, key, s.failures, s.lockouts, s.lockedUntil, now)
    }

    // MARK: login challenges

    public func insertChallenge(_ conn: Connection, _ c: LoginChallengeRecord, now: Date) throws {
        try conn.execute(
            """
            INSERT INTO login_challenges (id, account_id, next, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
            """, c.id, c.accountId, c.next.rawValue, now, c.expiresAt)
    }

    public func challenge(_ conn: Connection, id: String) throws -> LoginChallengeRecord? {
        try conn.queryOne("SELECT * FROM login_challenges WHERE id = ?", id).map {
            try LoginChallengeRecord(
                id: $0.string("id"), accountId: $0.string("account_id"), next: $0.decode("next"),
                expiresAt: $0.date("expires_at") ?? .distantPast,
                completedAt: $0.date("completed_at"), attachedAt: $0.date("attached_at"),
                createdAt: $0.date("created_at"))
        }
    }

    public func completeChallenge(_ conn: Connection, id: String, now: Date) throws {
        try conn.execute("UPDATE login_challenges SET completed_at = ? WHERE id = ?", now, id)
    }

    /// Marks a completed challenge as used for an attach; false if it already was.
    public func attachChallenge(_ conn: Connection, id: String, now: Date) throws -> Bool {
        try conn.execute(
            "UPDATE login_challenges SET attached_at = ? WHERE id = ? AND attached_at IS NULL",
            now, id) == 1
    }

    public func purgeChallenges(_ conn: Connection, before: Date) throws {
        try conn.execute("DELETE FROM login_challenges WHERE expires_at < ?", before)
    }
}
