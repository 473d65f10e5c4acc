import Foundation
import Wire
import Contracts
import Runtime
import SQLite
import Server

/// Sessions: 256-bit random tokens, stored as keyed hashes; they end after
/// `sessionIdle` without use or `sessionMax` after login, whichever comes first.
extension Identity {
    func registerSession(on router: Router) {
        router.on(SessionEnd.self) { [self] ctx, _ in try sessionEnd(ctx) }
        router.on(SessionVerify.self) { [self] _, body in try sessionVerify(body) }
    }

    func sessionEnd(_ ctx: RequestContext) throws -> Empty {
        let token = try ctx.requireSession()
        let now = clock.now()
        let hash = secrets.hash(token, purpose: "session")
        let ended: SessionRecord? = try db.write { conn in
            guard let s = try store.session(conn, tokenHash: hash), s.endedAt == nil else { return nil }
            try store.endSession(conn, id: s.id, now: now)
            return s
        }
        // Ending an unknown or already ended session is not an error: the result is the same.
        if let ended { logger.info("session.ended", ["sessionId": .string(ended.id), "accountId": .string(ended.accountId)]) }
        return Empty()
    }

    func sessionVerify(_ body: SessionVerify.Body) throws -> SessionVerify.Reply {
        let (s, account) = try usedSession(hash: secrets.hash(body.session, purpose: "session"), now: clock.now())
        let reauthenticated = try db.read { try store.reauthenticatedAt($0, sessionId: s.id) }
        return .init(accountId: account.id, email: account.email,
                     expiresAt: sessionExpiry(createdAt: s.createdAt, lastSeenAt: s.lastSeenAt).rfc3339,
                     reauthenticatedAt: reauthenticated?.rfc3339)
    }

    /// The open session of a token hash and its (enabled) account, its idle timer
    /// refreshed. The refresh is a write, so it is done at most every
    /// `sessionTouchInterval`: admin verifies the session of every request, and a
    /// commit each time made reads cost a write.
    func usedSession(hash: [UInt8], now: Date) throws -> (SessionRecord, AccountRecord) {
        let seen = try db.read { try openSession($0, hash: hash, now: now) }
        guard now.timeIntervalSince(seen.0.lastSeenAt) >= sessionTouchInterval else { return seen }
        return try db.write { conn in
            var (s, account) = try openSession(conn, hash: hash, now: now)
            try store.touchSession(conn, id: s.id, now: now)
            s.lastSeenAt = now
            return (s, account)
        }
    }

    /// The idle time is counted to within this (a minute at the default 30 min).
    var sessionTouchInterval: TimeInterval { min(60, config.sessionIdle / 30) }

    private func openSession(_ conn: Connection, hash: [UInt8], now: Date) throws -> (SessionRecord, AccountRecord) {
        guard let s = try liveSession(conn, hash: hash, now: now),
              let account = try store.account(conn, id: s.accountId) else {
            throw ServiceError(.unauthenticated)
        }
        guard !account.disabled else { throw ServiceError(.accountDisabled) }
        return (s, account)
    }

    /// The session if it is open: not ended, used within the idle time, younger than the maximum.
    func liveSession(_ conn: Connection, hash: [UInt8], now: Date) throws -> SessionRecord? {
        guard let s = try store.session(conn, tokenHash: hash), s.endedAt == nil,
              now < sessionExpiry(createdAt: s.createdAt, lastSeenAt: s.lastSeenAt) else { return nil }
        return s
    }

    /// Ends every session of an account; returns how many were still open.
    func endAllSessions(_ conn: Connection, accountId: String, now: Date) throws -> Int {
        try store.endSessions(conn, accountId: accountId, now: now, idleSince: now - config.sessionIdle,
                              createdSince: now - config.sessionMax)
    }

    /// When a session ends if not used again.
    func sessionExpiry(createdAt: Date, lastSeenAt: Date) -> Date {
        min(lastSeenAt + config.sessionIdle, createdAt + config.sessionMax)
    }
}
