import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// Login: e-mail + password (`login.start`), then the SMS code (`login.finish`);
/// an account without a phone enrols one on the way (`login.smsEnroll`).
/// Unknown e-mails, accounts without a password and wrong passwords take the same
/// path: the same argon2id work (a dummy hash when there is no password), one
/// write counting the failure, and the same lockout (unknown e-mails are locked
/// too, by a keyed hash of the address), so neither answers nor timing tell
/// whether an e-mail has an account.
struct LoginHandlers: Sendable {
    let store: IdentityStore
    let clock: Clock
    let passwords: PasswordHasher
    let secrets: SecretHasher
    let lockout: LockoutPolicy
    /// How long a login may take from the password to the SMS code.
    let challengeTTL: TimeInterval
    let input: IdentityInput
    let smsCodes: SmsCodes
    let notices: Notices
    let sessions: Sessions
    let logger: Logger

    func register(on router: Router) {
        router.on(LoginStart.self) { [self] _, body in try loginStart(body) }
        router.on(LoginSmsEnroll.self) { [self] _, body in try loginSmsEnroll(body) }
        router.on(LoginFinish.self) { [self] _, body in try loginFinish(body) }
    }

    func loginStart(_ body: LoginStart.Body) throws -> LoginStart.Reply {
        let now = clock.now()
        let email = EmailAddress.normalise(body.email)
        let phantomKey = secrets.hash(email ?? body.email.lowercased(), purpose: "unknown-login")
        let (found, phantom) = try store.db.read { conn in
            (try email.flatMap { try store.account(conn, email: $0) }, try store.phantomLockout(conn, key: phantomKey))
        }
        let accountField: JSONValue = found.map { .string($0.id) } ?? .null
        // A locked account answers "locked" whatever the password: checking it
        // during the lockout would let guessing go on.
        if let refusal = lockedRefusal(found?.lockout ?? phantom, accountField: accountField, now: now) {
            passwords.verifyDummy(body.password)
            throw refusal
        }
        // Computed before the guard, so an unknown e-mail does the same work as a known one.
        let verified = verifyPassword(body.password, of: found)
        guard let account = found, let stored = account.passwordHash, verified else {
            throw try failedLogin(found, phantomKey: phantomKey, accountField: accountField, now: now)
        }
        // Only someone who knows the password learns that the account is disabled.
        guard !account.disabled else {
            logger.warning("security.login_failed", ["reason": "disabled", "accountId": .string(account.id)])
            throw ServiceError(.accountDisabled)
        }
        return try openChallenge(account, password: body.password, stored: stored, now: now)
    }

    /// `account_locked` (logged as a refused login) while `state` holds at `now`; nil otherwise.
    private func lockedRefusal(_ state: LockoutPolicy.State, accountField: JSONValue, now: Date) -> ServiceError? {
        guard let until = lockout.lockedUntil(state, at: now) else { return nil }
        logger.warning("security.login_failed", ["reason": "locked", "accountId": accountField])
        return ServiceError.accountLocked(until: until)
    }

    /// The same argon2id work whether or not there is a hash to check against.
    private func verifyPassword(_ password: String, of account: AccountRecord?) -> Bool {
        guard let stored = account?.passwordHash else {
            passwords.verifyDummy(password)
            return false
        }
        return passwords.verify(password, hash: stored)
    }

    /// A wrong password, an unknown e-mail or an account without a password: the
    /// failure is counted, and the answer is `account_locked` when this one locked
    /// it, else `invalid_credentials`.
    private func failedLogin(
        _ found: AccountRecord?, phantomKey: [UInt8], accountField: JSONValue,
        now: Date
    ) throws -> ServiceError {
        let state = try countFailure(found, phantomKey: phantomKey, accountField: accountField, now: now)
        let reason = found == nil ? "unknown" : (found?.passwordHash == nil ? "no_password" : "password")
        logger.warning(
            "security.login_failed",
            [
                "reason": .string(reason), "accountId": accountField,
                "failures": .number(Double(state.failures)),
            ])
        if state.failures == 0, let until = lockout.lockedUntil(state, at: now) {
            logger.warning(
                "security.locked",
                [
                    "accountId": accountField, "until": .string(until.rfc3339),
                    "lockouts": .number(Double(state.lockouts)),
                ])
            return ServiceError.accountLocked(until: until)
        }
        return ServiceError(.invalidCredentials)
    }

    /// One write counts the failure, on the account or on the unknown e-mail's
    /// phantom lockout. The lock is checked again inside the write: concurrent
    /// attempts all passed the read before, and once one of them locks, the
    /// others' outcomes must not count (nor unlock).
    private func countFailure(
        _ found: AccountRecord?, phantomKey: [UInt8], accountField: JSONValue,
        now: Date
    ) throws -> LockoutPolicy.State {
        try store.db.write { conn in
            if let id = found?.id, var a = try store.account(conn, id: id) {
                if let refusal = lockedRefusal(a.lockout, accountField: accountField, now: now) { throw refusal }
                a.lockout = lockout.afterFailure(a.lockout, at: now)
                try store.save(conn, account: a, now: now)
                return a.lockout
            }
            let current = try store.phantomLockout(conn, key: phantomKey)
            if let refusal = lockedRefusal(current, accountField: accountField, now: now) { throw refusal }
            let next = lockout.afterFailure(current, at: now)
            try store.savePhantomLockout(conn, key: phantomKey, next, now: now)
            return next
        }
    }

    /// The password was right: the failures are forgotten, the challenge opens and
    /// its SMS code goes out (an account without a phone enrols one first).
    private func openChallenge(
        _ account: AccountRecord, password: String, stored: String,
        now: Date
    ) throws -> LoginStart.Reply {
        let rehash = passwords.needsRehash(stored) ? try passwords.hash(password) : nil
        let challengeId = Identifier.make("lc")
        let next: LoginNext = account.phone == nil ? .enrollSms : .sms
        try store.db.write { conn in
            guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.invalidCredentials) }
            // Locked meanwhile by concurrent wrong passwords: a right one must not lift the lock.
            if let refusal = lockedRefusal(a.lockout, accountField: .string(a.id), now: now) { throw refusal }
            a.lockout = lockout.afterSuccess(a.lockout)
            if let rehash { a.passwordHash = rehash }
            try store.save(conn, account: a, now: now)
            try store.insertChallenge(
                conn,
                LoginChallengeRecord(
                    id: challengeId, accountId: a.id, next: next, expiresAt: now + challengeTTL,
                    completedAt: nil, attachedAt: nil), now: now)
            if let phone = a.phone {
                if let limited = try smsCodes.send(
                    conn, purpose: .login, subject: challengeId,
                    phone: PhoneNumber(e164: phone), language: a.language,
                    template: TemplateName.smsLogin, now: now,
                    scope: try smsCodes.scope(conn, accountId: a.id), field: nil)
                {
                    throw limited
                }
            }
        }
        if rehash != nil { logger.info("password.rehashed", ["accountId": .string(account.id)]) }
        logger.info(
            "login.password_ok",
            [
                "accountId": .string(account.id), "challengeId": .string(challengeId),
                "next": .string(next.rawValue),
            ])
        return .init(
            challengeId: challengeId, next: next,
            maskedPhone: account.phone.map { PhoneNumber(e164: $0).masked })
    }

    func loginSmsEnroll(_ body: LoginSmsEnroll.Body) throws -> LoginSmsEnroll.Reply {
        let phone = try input.phone(body.phone)
        let now = clock.now()
        try store.db.write { conn in
            let (c, account) = try liveChallenge(conn, body.challengeId, now: now)
            guard c.next == .enrollSms else {
                throw ServiceError(.conflict, field: "challengeId", detail: "account already has a phone")
            }
            if let limited = try smsCodes.send(
                conn, purpose: .login, subject: c.id, phone: phone,
                language: account.language, template: TemplateName.smsEnrolment, now: now,
                scope: try smsCodes.scope(conn, accountId: account.id))
            {
                throw limited
            }
        }
        return .init(maskedPhone: phone.masked)
    }

    func loginFinish(_ body: LoginFinish.Body) throws -> LoginFinish.Reply {
        let now = clock.now()
        let token = SessionToken.generate()
        let sessionId = Identifier.make("ses")
        let result: Result<(String, Bool), ServiceError> = try store.db.write { conn in
            let (c, account) = try liveChallenge(conn, body.challengeId, now: now)
            let sms: SmsCodeRecord
            switch try smsCodes.judge(
                conn, purpose: .login, subject: c.id, typed: body.smsCode, now: now,
                accountId: c.accountId)
            {
            case .failure(let e): return .failure(e)
            case .success(let s): sms = s
            }
            var a = account
            let enrolled = c.next == .enrollSms
            if enrolled { try enrol(conn, &a, phone: sms.phone) }
            try store.shiftLastLogin(conn, accountId: a.id)
            a.lastLoginAt = now
            try store.save(conn, account: a, now: now)
            try store.completeChallenge(conn, id: c.id, now: now)
            try store.insertSession(
                conn, id: sessionId, tokenHash: secrets.hash(token, purpose: "session"),
                accountId: a.id, now: now)
            // The login proved the password at login.start: that counts for step-up.
            try store.markReauthenticated(conn, sessionId: sessionId, at: c.createdAt ?? now)
            return .success((a.id, enrolled))
        }
        let (accountId, enrolled) = try result.get()
        logger.info(
            "login.completed",
            [
                "accountId": .string(accountId), "sessionId": .string(sessionId),
                "enrolledPhone": .bool(enrolled),
            ])
        return .init(
            session: token, expiresAt: sessions.expiry(createdAt: now, lastSeenAt: now).rfc3339,
            accountId: accountId)
    }

    /// The phone the person proved at login becomes the account's second factor.
    private func enrol(_ conn: Connection, _ a: inout AccountRecord, phone: String) throws {
        a.phone = phone
        a.pendingPhone = nil
        a.state = .active
        // The person enrolled their own phone (variant 1 after their own reset):
        // the code an admin sent to the number they typed is void.
        try store.deleteSmsCode(conn, purpose: .account, subject: a.id)
        try notices.announce(conn, AccountChanged.self, .init(accountId: a.id, mfa: .sms, state: a.state))
    }

    /// An open challenge (not expired, not finished) and its account, still allowed to log in.
    private func liveChallenge(_ conn: Connection, _ id: String, now: Date) throws -> (
        LoginChallengeRecord, AccountRecord
    ) {
        guard let c = try store.challenge(conn, id: id), c.completedAt == nil, c.expiresAt > now,
            let account = try store.account(conn, id: c.accountId)
        else {
            throw ServiceError(.notFound, field: "challengeId", messageKey: .notFoundChallenge)
        }
        guard !account.disabled else { throw ServiceError(.accountDisabled) }
        if let until = lockout.lockedUntil(account.lockout, at: now) {
            throw ServiceError.accountLocked(until: until)
        }
        return (c, account)
    }
}
