import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// What a signed-in person's own messages share: the live session behind the
/// envelope's token, proving the password again (step-up, and before changing
/// credentials), and logging out everywhere.
///
/// "Everywhere": a session is one token, used by one front end; admin asks
/// identity about the token on every request. So `session.end` stops that
/// token in every service at once, and `session.endAll` stops every token of
/// the account (every device and front end) at once. Nothing is cached elsewhere.
extension Identity {
    func registerStepUp(on router: Router) {
        router.on(SessionReauth.self) { [self] ctx, body in try sessionReauth(ctx, body) }
        router.on(SessionEndAll.self) { [self] ctx, _ in try sessionEndAll(ctx) }
    }

    func sessionReauth(_ ctx: RequestContext, _ body: SessionReauth.Body) throws -> SessionReauth.Reply {
        let now = clock.now()
        let (session, account) = try ownSession(ctx, now: now)
        try provePassword(account, body.password, now: now, reason: "reauth")
        try db.write { conn in try store.markReauthenticated(conn, sessionId: session.id, at: now) }
        logger.info("session.reauthenticated", ["sessionId": .string(session.id), "accountId": .string(account.id)])
        return .init(reauthenticatedAt: now.rfc3339)
    }

    func sessionEndAll(_ ctx: RequestContext) throws -> SessionEndAll.Reply {
        let now = clock.now()
        let (session, account) = try ownSession(ctx, now: now)
        let ended = try db.write { conn in
            try store.endSessions(
                conn, accountId: account.id, now: now, idleSince: now - config.sessionIdle,
                createdSince: now - config.sessionMax)
        }
        logger.info(
            "session.ended_all",
            [
                "sessionId": .string(session.id), "accountId": .string(account.id),
                "ended": .number(Double(ended)),
            ])
        return .init(ended: ended)
    }

    // MARK: shared by the person's own messages

    /// The open session of the envelope's token and its account (enabled), used
    /// like `session.verify` uses it.
    func ownSession(_ ctx: RequestContext, now: Date) throws -> (SessionRecord, AccountRecord) {
        try usedSession(hash: secrets.hash(try ctx.requireSession(), purpose: "session"), now: now)
    }

    /// Checks the account's password, counting a wrong one like a failed login
    /// (so a stolen session cannot guess it without locking the account) and
    /// refusing while the account is locked.
    ///
    /// The try is counted as a failure BEFORE the hash is checked, in a write that
    /// re-checks the lock: parallel guesses each take a place in the count, so no
    /// more than the threshold are ever judged. A right password then gives the
    /// place back; it lifts a lock only if its own place set it.
    func provePassword(
        _ account: AccountRecord, _ password: String, now: Date, reason: String,
        field: String = "password"
    ) throws {
        let state: LockoutPolicy.State = try db.write { conn in
            guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
            if config.lockout.isLocked(a.lockout, at: now), let until = a.lockout.lockedUntil {
                logger.warning(
                    "security.password_check_refused", ["reason": .string(reason), "accountId": .string(a.id)])
                throw lockedError(until)
            }
            a.lockout = config.lockout.afterFailure(a.lockout, at: now)
            try store.save(conn, account: a, now: now)
            return a.lockout
        }
        let ok =
            account.passwordHash.map { passwords.verify(password, hash: $0) }
            ?? {
                passwords.verifyDummy(password)
                return false
            }()
        if ok {
            try db.write { conn in
                guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
                let ownLock = state.failures == 0 && a.lockout.lockedUntil == state.lockedUntil
                if config.lockout.isLocked(a.lockout, at: now), !ownLock, let until = a.lockout.lockedUntil {
                    throw lockedError(until)
                }
                a.lockout = config.lockout.afterSuccess(a.lockout)
                try store.save(conn, account: a, now: now)
            }
            return
        }
        logger.warning(
            "security.password_check_failed",
            [
                "reason": .string(reason), "accountId": .string(account.id),
                "failures": .number(Double(state.failures)),
            ])
        if state.failures == 0, let until = state.lockedUntil, until > now { throw lockedError(until) }
        throw ServiceError(.invalidCredentials, field: field)
    }
}
