import FoundationEssentials
import SQLite
import Wire

/// The session rules every family of messages applies: open, used, ended.
struct Sessions: Sendable {
    let store: IdentityStore
    /// `IDENTITY_SESSION_IDLE`: a session unused this long has ended.
    let idle: TimeInterval
    /// `IDENTITY_SESSION_MAX`: a session this old has ended, used or not.
    let max: TimeInterval

    /// The open session of a token hash and its (enabled) account, its idle timer
    /// refreshed. The refresh is a write, so it is done at most every
    /// `touchInterval`: admin verifies the session of every request, and a
    /// commit each time made reads cost a write.
    func used(hash: [UInt8], now: Date) throws -> (SessionRecord, AccountRecord) {
        let seen = try store.db.read { try open($0, hash: hash, now: now) }
        guard now.timeIntervalSince(seen.0.lastSeenAt) >= touchInterval else { return seen }
        return try store.db.write { conn in
            var (s, account) = try open(conn, hash: hash, now: now)
            try store.touchSession(conn, id: s.id, now: now)
            s.lastSeenAt = now
            return (s, account)
        }
    }

    /// The idle time is counted to within this (a minute at the default 30 min).
    var touchInterval: TimeInterval { min(60, idle / 30) }

    private func open(_ conn: Connection, hash: [UInt8], now: Date) throws -> (SessionRecord, AccountRecord) {
        guard let s = try live(conn, hash: hash, now: now),
            let account = try store.account(conn, id: s.accountId)
        else {
            throw ServiceError(.unauthenticated)
        }
        guard !account.disabled else { throw ServiceError(.accountDisabled) }
        return (s, account)
    }

    /// The session if it is open: not ended, used within the idle time, younger than the maximum.
    func live(_ conn: Connection, hash: [UInt8], now: Date) throws -> SessionRecord? {
        guard let s = try store.session(conn, tokenHash: hash), s.endedAt == nil,
            now < expiry(createdAt: s.createdAt, lastSeenAt: s.lastSeenAt)
        else { return nil }
        return s
    }

    /// Ends every session of an account; returns how many were still open.
    func endAll(_ conn: Connection, accountId: String, now: Date) throws -> Int {
        try store.endSessions(conn, accountId: accountId, now: now, idleSince: now - idle, createdSince: now - max)
    }

    /// When a session ends if not used again.
    func expiry(createdAt: Date, lastSeenAt: Date) -> Date {
        Swift.min(lastSeenAt + idle, createdAt + max)
    }
}
