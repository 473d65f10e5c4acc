import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// Sessions: 256-bit random tokens, stored as keyed hashes; they end after
/// `sessionIdle` without use or `sessionMax` after login, whichever comes first.
struct SessionHandlers: Sendable {
    let sessions: Sessions
    let clock: Clock
    let secrets: SecretHasher
    let logger: Logger

    func register(on router: Router) {
        router.on(SessionEnd.self) { [self] ctx, _ in try end(ctx) }
        router.on(SessionVerify.self) { [self] _, body in try verify(body) }
    }

    func end(_ ctx: RequestContext) throws -> Empty {
        let token = try ctx.requireSession()
        let now = clock.now()
        let hash = secrets.hash(token, purpose: "session")
        let store = sessions.store
        let ended: SessionRecord? = try store.db.write { conn in
            guard let s = try store.session(conn, tokenHash: hash), s.endedAt == nil else { return nil }
            try store.endSession(conn, id: s.id, now: now)
            return s
        }
        // Ending an unknown or already ended session is not an error: the result is the same.
        if let ended {
            logger.info("session.ended", ["sessionId": .string(ended.id), "accountId": .string(ended.accountId)])
        }
        return Empty()
    }

    func verify(_ body: SessionVerify.Body) throws -> SessionVerify.Reply {
        let (s, account) = try sessions.used(hash: secrets.hash(body.session, purpose: "session"), now: clock.now())
        let reauthenticated = try sessions.store.db.read { try sessions.store.reauthenticatedAt($0, sessionId: s.id) }
        return .init(
            accountId: account.id, email: account.email,
            expiresAt: sessions.expiry(createdAt: s.createdAt, lastSeenAt: s.lastSeenAt).rfc3339,
            reauthenticatedAt: reauthenticated?.rfc3339)
    }
}
