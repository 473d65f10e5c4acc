import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// What a signed-in person's own messages (profile, step-up) share: the live
/// session behind the envelope's token, and proving the password again (step-up,
/// and before changing credentials).
struct SignedIn: Sendable {
    let sessions: Sessions
    let secrets: SecretHasher
    let passwords: PasswordHasher
    let lockout: LockoutPolicy
    let logger: Logger

    var store: IdentityStore { sessions.store }

    /// The open session of the envelope's token and its account (enabled), used
    /// like `session.verify` uses it.
    func session(_ ctx: RequestContext, now: Date) throws -> (SessionRecord, AccountRecord) {
        try sessions.used(hash: secrets.hash(try ctx.requireSession(), purpose: "session"), now: now)
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
        let state = try takePlace(account, now: now, reason: reason)
        let ok =
            account.passwordHash.map { passwords.verify(password, hash: $0) }
            ?? {
                passwords.verifyDummy(password)
                return false
            }()
        if ok { return try givePlaceBack(account, taken: state, now: now) }
        logger.warning(
            "security.password_check_failed",
            [
                "reason": .string(reason), "accountId": .string(account.id),
                "failures": .number(Double(state.failures)),
            ])
        if state.failures == 0, let until = lockout.lockedUntil(state, at: now) {
            throw ServiceError.accountLocked(until: until)
        }
        throw ServiceError(.invalidCredentials, field: field)
    }

    /// Counts the try as a failure, unless the account is locked; returns the lockout after it.
    private func takePlace(_ account: AccountRecord, now: Date, reason: String) throws -> LockoutPolicy.State {
        try store.db.write { conn in
            guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
            if let until = lockout.lockedUntil(a.lockout, at: now) {
                logger.warning(
                    "security.password_check_refused", ["reason": .string(reason), "accountId": .string(a.id)])
                throw ServiceError.accountLocked(until: until)
            }
            a.lockout = lockout.afterFailure(a.lockout, at: now)
            try store.save(conn, account: a, now: now)
            return a.lockout
        }
    }

    /// The password was right: its failure is forgotten, unless a lock it did not set holds.
    private func givePlaceBack(_ account: AccountRecord, taken state: LockoutPolicy.State, now: Date) throws {
        try store.db.write { conn in
            guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
            let ownLock = state.failures == 0 && a.lockout.lockedUntil == state.lockedUntil
            if !ownLock, let until = lockout.lockedUntil(a.lockout, at: now) {
                throw ServiceError.accountLocked(until: until)
            }
            a.lockout = lockout.afterSuccess(a.lockout)
            try store.save(conn, account: a, now: now)
        }
    }
}
