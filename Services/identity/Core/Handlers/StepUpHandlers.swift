import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// Step-up and logout everywhere: a signed-in person proves the password again
/// (`session.reauth`, which sensitive actions in admin ask for) or ends every
/// session of the account (`session.endAll`).
///
/// "Everywhere": a session is one token, used by one front end; admin asks
/// identity about the token on every request. So `session.end` stops that
/// token in every service at once, and `session.endAll` stops every token of
/// the account (every device and front end) at once. Nothing is cached elsewhere.
struct StepUpHandlers: Sendable {
    let store: IdentityStore
    let clock: Clock
    let signedIn: SignedIn
    let sessions: Sessions
    let logger: Logger

    func register(on router: Router) {
        router.on(SessionReauth.self) { [self] ctx, body in try sessionReauth(ctx, body) }
        router.on(SessionEndAll.self) { [self] ctx, _ in try sessionEndAll(ctx) }
    }

    func sessionReauth(_ ctx: RequestContext, _ body: SessionReauth.Body) throws -> SessionReauth.Reply {
        let now = clock.now()
        let (session, account) = try signedIn.session(ctx, now: now)
        try signedIn.provePassword(account, body.password, now: now, reason: "reauth")
        try store.db.write { conn in try store.markReauthenticated(conn, sessionId: session.id, at: now) }
        logger.info("session.reauthenticated", ["sessionId": .string(session.id), "accountId": .string(account.id)])
        return .init(reauthenticatedAt: now.rfc3339)
    }

    func sessionEndAll(_ ctx: RequestContext) throws -> SessionEndAll.Reply {
        let now = clock.now()
        let (session, account) = try signedIn.session(ctx, now: now)
        let ended = try store.db.write { conn in try sessions.endAll(conn, accountId: account.id, now: now) }
        logger.info(
            "session.ended_all",
            [
                "sessionId": .string(session.id), "accountId": .string(account.id),
                "ended": .number(Double(ended)),
            ])
        return .init(ended: ended)
    }
}
