import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// Forgot / reset password. `forgot` answers `{}` for every e-mail after the same
/// work: a code is made and hashed either way, and known and unknown addresses
/// both write one row, both at most once per `resetResendInterval` (a floor per
/// address, which nobody else can use up). Only a known, enabled account gets the
/// e-mail. Each code lives its own TTL, several at once, and counts its own wrong
/// tries (by its first characters, the selector), so nobody who lacks the code can
/// kill it. `reset` is also how an invited (variant 2) user sets the first password.
struct PasswordHandlers: Sendable {
    let store: IdentityStore
    let clock: Clock
    let passwords: PasswordHasher
    let secrets: SecretHasher
    let codes: CodeFormat
    /// How long a reset code works.
    let resetCodeTTL: TimeInterval
    /// The floor between two reset e-mails to one address.
    let resetResendInterval: TimeInterval
    /// Wrong tries after which a reset code is dead.
    let codeMaxAttempts: Int
    let forgotThrottle: ForgotThrottle
    let input: IdentityInput
    let guesses: CodeGuesses
    let notices: Notices
    let sessions: Sessions
    let logger: Logger

    func register(on router: Router) {
        router.on(PasswordForgot.self) { [self] _, body in try passwordForgot(body) }
        router.on(PasswordReset.self) { [self] _, body in try passwordReset(body) }
    }

    private enum ForgotOutcome {
        case tooSoon
        case sent(String)
        case phantom, throttled
    }

    func passwordForgot(_ body: PasswordForgot.Body) throws -> Empty {
        let now = clock.now()
        let code = codes.generate()
        let hash = secrets.hash(code, purpose: "reset")
        let selector = resetSelector(code)
        let email = EmailAddress.normalise(body.email) ?? body.email.lowercased()
        let addressHash = secrets.hash(email, purpose: "reset-sends")
        let started = monotonicSeconds()
        let outcome: ForgotOutcome = try store.db.write { conn in
            if let last = try store.lastResetSend(conn, addressHash: addressHash),
                last > now - resetResendInterval
            {
                return .tooSoon
            }
            guard let account = try store.account(conn, email: email), !account.disabled else {
                // The same kind of write as for a known address, so timing tells nothing;
                // but random addresses get only so many fsyncs a minute.
                guard forgotThrottle.takeWrite() else { return .throttled }
                try store.recordResetSend(conn, addressHash: addressHash, now: now)
                return .phantom
            }
            try store.recordResetSend(conn, addressHash: addressHash, now: now)
            try store.putResetCode(
                conn, accountId: account.id, selector: selector, hash: hash, now: now,
                expiresAt: now + resetCodeTTL)
            try notices.notify(
                conn, channel: .email, to: account.email, language: account.language,
                template: TemplateName.passwordReset, params: ["code": codes.grouped(code)],
                validUntil: now + resetCodeTTL)
            return .sent(account.id)
        }
        switch outcome {
        case .sent(let id):
            forgotThrottle.wrote(seconds: monotonicSeconds() - started)
            logger.info("password.reset_requested", ["accountId": .string(id)])
        case .phantom:
            forgotThrottle.wrote(seconds: monotonicSeconds() - started)
        case .throttled:
            forgotThrottle.imitateWrite()
            logger.warning("security.forgot_throttled", [:])
        case .tooSoon:
            break
        }
        return Empty()
    }

    /// The keyed hash of a code's first group: which live codes a wrong try counts against.
    func resetSelector(_ canonical: String) -> [UInt8] {
        secrets.hash(String(canonical.prefix(codes.groupSize)), purpose: "reset-selector")
    }

    func passwordReset(_ body: PasswordReset.Body) throws -> Empty {
        let now = clock.now()
        let email = EmailAddress.normalise(body.email)
        let canonical = codes.normalise(body.resetCode)
        let typed = canonical.map { secrets.hash($0, purpose: "reset") }
        // First the code (a wrong code must not learn anything about the password rules' outcome).
        let judged: Result<AccountRecord, ServiceError> = try store.db.write { conn in
            guard let email, let account = try store.account(conn, email: email), !account.disabled else {
                return .failure(ServiceError(.invalidCode, field: "resetCode"))
            }
            return try judgeResetCode(
                conn, account: account, typed: typed,
                selector: canonical.map(resetSelector), now: now)
        }
        let account: AccountRecord
        switch judged {
        case .success(let a): account = a
        case .failure(let e):
            if e.code != .codeExpired { guesses.failed(kind: "reset", now: now) }
            throw e
        }
        try input.checkPassword(body.newPassword, email: account.email, field: "newPassword")
        let ended = try setPassword(of: account, to: try passwords.hash(body.newPassword), typed: typed, now: now)
        logger.info("password.reset", ["accountId": .string(account.id), "sessionsEnded": .number(Double(ended))])
        return Empty()
    }

    /// The new password, if the code is still live (not used by a concurrent reset);
    /// returns how many sessions it ended.
    private func setPassword(of account: AccountRecord, to hash: String, typed: [UInt8]?, now: Date) throws -> Int {
        try store.db.write { conn in
            guard let typed, let stored = try store.resetCode(conn, accountId: account.id, hash: typed),
                stored.attempts < codeMaxAttempts, var a = try store.account(conn, id: account.id)
            else {
                throw ServiceError(.invalidCode, field: "resetCode")
            }
            // Every other reset code and open login proved the old password: they end too.
            try store.endProofs(conn, accountId: a.id, now: now)
            let wasState = a.state
            a.passwordHash = hash
            a.lockout = LockoutPolicy.State()
            if a.state != .active { a.state = .active }
            try store.save(conn, account: a, now: now)
            let ended = try sessions.endAll(conn, accountId: a.id, now: now)
            try notices.notify(
                conn, channel: .email, to: a.email, language: a.language,
                template: TemplateName.passwordChanged, params: ["firstName": a.firstName])
            if wasState != a.state {
                try notices.announce(conn, AccountChanged.self, .init(accountId: a.id, state: a.state))
            }
            return ended
        }
    }

    /// One typed reset code against the account's live codes. A code nobody has
    /// (the usual wrong guess) counts only against codes with the same selector.
    private func judgeResetCode(
        _ conn: Connection, account: AccountRecord, typed: [UInt8]?, selector: [UInt8]?,
        now: Date
    ) throws -> Result<AccountRecord, ServiceError> {
        guard let typed, let stored = try store.resetCode(conn, accountId: account.id, hash: typed) else {
            try store.bumpResetAttempts(conn, accountId: account.id, selector: selector)
            return .failure(ServiceError(.invalidCode, field: "resetCode"))
        }
        switch CodeTries.judge(
            attempts: stored.attempts, maxAttempts: codeMaxAttempts,
            expiresAt: stored.expiresAt, matches: true, now: now)
        {
        case .accepted: return .success(account)
        case .expired: return .failure(ServiceError(.codeExpired, field: "resetCode"))
        case .dead, .wrong: return .failure(ServiceError(.tooManyAttempts, field: "resetCode"))
        }
    }
}
