import Foundation
import Shared

/// Forgot / reset password. `forgot` answers `{}` for every e-mail after the same
/// work (a code is made and hashed either way); only a known, enabled account
/// gets the e-mail, at most `emailSendsLimit` an hour, silently. `reset` is also
/// how an invited (variant 2) user sets the first password.
extension Identity {
    func registerPassword(on router: Router) {
        router.on(PasswordForgot.self) { [self] _, body in try passwordForgot(body) }
        router.on(PasswordReset.self) { [self] _, body in try passwordReset(body) }
    }

    func passwordForgot(_ body: PasswordForgot.Body) throws -> Empty {
        let now = clock.now()
        let code = codes.generate()
        let hash = secrets.hash(code, purpose: "reset")
        let email = EmailAddress.normalise(body.email) ?? body.email.lowercased()
        let sent: String? = try db.write { conn in
            guard let account = try store.account(conn, email: email), !account.disabled else {
                // The same kind of write as for a known address, so timing tells nothing.
                let key = "unknown:" + Identifier.hex(secrets.hash(email, purpose: "unknown-forgot").prefix(16))
                try store.recordResetRequest(conn, key: key, now: now)
                return nil
            }
            let recent = try store.countResetRequests(conn, accountId: account.id, since: now - 3600)
            guard recent < config.emailSendsLimit else {
                logger.warning("security.reset_limited", ["accountId": .string(account.id)])
                return nil
            }
            try store.putResetCode(conn, accountId: account.id, hash: hash, now: now,
                                   expiresAt: now + config.resetCodeTTL)
            try notify(conn, channel: .email, to: account.email, language: account.language,
                       template: TemplateName.passwordReset, params: ["code": codes.grouped(code)],
                       validUntil: now + config.resetCodeTTL)
            return account.id
        }
        if let sent {
            relay.wake()
            logger.info("password.reset_requested", ["accountId": .string(sent)])
        }
        return Empty()
    }

    func passwordReset(_ body: PasswordReset.Body) throws -> Empty {
        let now = clock.now()
        let email = EmailAddress.normalise(body.email)
        let typed = codes.normalise(body.resetCode).map { secrets.hash($0, purpose: "reset") }
        // First the code (a wrong code must not learn anything about the password rules' outcome).
        let judged: Result<AccountRecord, ServiceError> = try db.write { conn in
            guard let email, let account = try store.account(conn, email: email), !account.disabled,
                  let stored = try store.resetCode(conn, accountId: account.id) else {
                return .failure(ServiceError(.invalidCode, field: "resetCode"))
            }
            let matches = typed.map { SecretHasher.same($0, stored.codeHash) } ?? false
            switch CodeTries.judge(attempts: stored.attempts, maxAttempts: config.codeMaxAttempts,
                                   expiresAt: stored.expiresAt, matches: matches, now: now) {
            case .accepted: return .success(account)
            case .expired: return .failure(ServiceError(.codeExpired, field: "resetCode"))
            case .dead:
                if stored.attempts < config.codeMaxAttempts { try store.bumpResetAttempts(conn, accountId: account.id) }
                return .failure(ServiceError(.tooManyAttempts, field: "resetCode"))
            case .wrong:
                try store.bumpResetAttempts(conn, accountId: account.id)
                return .failure(ServiceError(.invalidCode, field: "resetCode"))
            }
        }
        let account: AccountRecord
        switch judged {
        case .success(let a): account = a
        case .failure(let e):
            if e.code != .codeExpired { codeGuessFailed(kind: "reset", now: now) }
            throw e
        }
        try checkPassword(body.newPassword, email: account.email, field: "newPassword")
        let hash = try passwords.hash(body.newPassword)
        let ended: Int = try db.write { conn in
            // The code must still be the one judged (not used by a concurrent reset).
            guard let stored = try store.resetCode(conn, accountId: account.id),
                  let typed, SecretHasher.same(typed, stored.codeHash),
                  var a = try store.account(conn, id: account.id) else {
                throw ServiceError(.invalidCode, field: "resetCode")
            }
            try store.deleteResetCode(conn, accountId: a.id)
            let wasState = a.state
            a.passwordHash = hash
            a.lockout = LockoutPolicy.State()
            if a.state != .active { a.state = .active }
            try store.save(conn, account: a, now: now)
            let ended = try endAllSessions(conn, accountId: a.id, now: now)
            try notify(conn, channel: .email, to: a.email, language: a.language,
                       template: TemplateName.passwordChanged, params: ["firstName": a.firstName])
            if wasState != a.state {
                try announce(conn, AccountChanged.self, .init(accountId: a.id, state: a.state.rawValue))
            }
            return ended
        }
        relay.wake()
        logger.info("password.reset", ["accountId": .string(account.id), "sessionsEnded": .number(Double(ended))])
        return Empty()
    }
}
