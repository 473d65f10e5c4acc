import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// The first administrator's registration (docs/contract.md): start → email →
/// verifyEmail → account → smsSend → smsConfirm, or → attach after a login when
/// the e-mail already has an account. The access code is consumed only when the
/// account is created or attached, in the same transaction as the event to admin.
struct RegistrationHandlers: Sendable {
    let store: IdentityStore
    let clock: Clock
    let secrets: SecretHasher
    let passwords: PasswordHasher
    let codes: CodeFormat
    let input: IdentityInput
    let guesses: CodeGuesses
    let smsCodes: SmsCodes
    let notices: Notices
    let sessions: Sessions
    let limits: RegistrationLimits
    let logger: Logger

    func register(on router: Router) {
        router.on(RegistrationStart.self) { [self] ctx, body in try registrationStart(ctx, body) }
        router.on(RegistrationEmail.self) { [self] ctx, body in try registrationEmail(ctx, body) }
        router.on(RegistrationVerifyEmail.self) { [self] _, body in try registrationVerifyEmail(body) }
        router.on(RegistrationAccount.self) { [self] _, body in try registrationAccount(body) }
        router.on(RegistrationSmsSend.self) { [self] _, body in try registrationSmsSend(body) }
        router.on(RegistrationSmsConfirm.self) { [self] _, body in try registrationSmsConfirm(body) }
        router.on(RegistrationAttach.self) { [self] _, body in try registrationAttach(body) }
    }

    func registrationStart(_ ctx: RequestContext, _ body: RegistrationStart.Body) throws -> RegistrationStart.Reply {
        let now = clock.now()
        try guesses.checkBudget(now)
        guard let code = codes.normalise(body.accessCode) else {
            guesses.failed(kind: "access", now: now)
            throw ServiceError(.invalidCode, field: "accessCode")
        }
        let hash = secrets.hash(code, purpose: "access")
        let result: Result<(RegistrationRecord, AccessCodeRecord), ServiceError> = try store.db.write { conn in
            guard let ac = try store.accessCode(conn, hash: hash), ac.usedAt == nil, ac.revokedAt == nil else {
                return .failure(ServiceError(.invalidCode, field: "accessCode"))
            }
            guard ac.expiresAt > now else { return .failure(ServiceError(.codeExpired, field: "accessCode")) }
            // A leaked letter must not start registrations without end (each one can send e-mails).
            let started = try store.registrationsStarted(conn, accessCodeId: ac.id, since: now - 3600)
            if started.count >= limits.registrationsPerAccessCode {
                return .failure(.rateLimited(until: (started.oldest ?? now) + 3600, now: now))
            }
            // Until the person picks a language (the envelope's, or the account form's), the employer's.
            let language = ctx.langGiven ? ctx.lang : (try store.accessCodeLanguage(conn, id: ac.id) ?? ctx.lang)
            let reg = RegistrationRecord(
                id: Identifier.make("reg"), accessCodeId: ac.id, language: language,
                now: now, expiresAt: now + limits.registrationTTL)
            try store.insert(conn, registration: reg)
            return .success((reg, ac))
        }
        switch result {
        case .failure(let e):
            if e.code == .invalidCode {
                guesses.failed(kind: "access", now: now)
            } else if e.code == .rateLimited {
                logger.warning("security.registrations_limited", [:])
            } else {
                logger.info("registration.code_expired", [:])
            }
            throw e
        case .success(let (reg, ac)):
            logger.info(
                "registration.started", ["registrationId": .string(reg.id), "employer": .string(ac.employerNumber)])
            return .init(
                registrationId: reg.id, employer: EmployerRef(number: ac.employerNumber, name: ac.employerName))
        }
    }

    func registrationEmail(_ ctx: RequestContext, _ body: RegistrationEmail.Body) throws -> Empty {
        let email = try input.email(body.email)
        let now = clock.now()
        try store.db.write { conn in
            var reg = try liveRegistration(conn, body.registrationId, now: now, steps: [.email, .verifyEmail])
            guard reg.activationSends < limits.emailSendsLimit else {
                throw ServiceError.rateLimited(until: reg.expiresAt, now: now)
            }
            // Whatever the registrations, one address gets at most so many activation e-mails an hour.
            let emailHash = secrets.hash(email, purpose: "activation-sends")
            let sent = try store.activationSends(conn, emailHash: emailHash, since: now - 3600)
            if sent.count >= limits.emailSendsLimit {
                logger.warning("security.activation_limited", ["registrationId": .string(reg.id)])
                throw ServiceError.rateLimited(until: (sent.oldest ?? now) + 3600, now: now)
            }
            try store.recordActivationSend(conn, emailHash: emailHash, now: now)
            let code = codes.generate()
            reg.email = email
            if ctx.langGiven { reg.language = ctx.lang }
            reg.activationHash = secrets.hash(code, purpose: "activation")
            reg.activationExpiresAt = min(now + limits.activationCodeTTL, reg.expiresAt)
            reg.activationAttempts = 0
            reg.activationSends += 1
            reg.step = .verifyEmail
            try store.save(conn, registration: reg)
            try notices.notify(
                conn, channel: .email, to: email, language: reg.language, template: TemplateName.emailActivation,
                params: ["code": codes.grouped(code)], validUntil: reg.activationExpiresAt)
        }
        logger.info("registration.activation_sent", ["registrationId": .string(body.registrationId)])
        return Empty()
    }

    func registrationVerifyEmail(_ body: RegistrationVerifyEmail.Body) throws -> RegistrationVerifyEmail.Reply {
        let now = clock.now()
        let typed = codes.normalise(body.activationCode).map { secrets.hash($0, purpose: "activation") }
        let result: Result<RegistrationVerifyEmail.Reply, ServiceError> = try store.db.write { conn in
            var reg = try liveRegistration(conn, body.registrationId, now: now, steps: [.verifyEmail])
            let matches = typed.map { t in reg.activationHash.map { SecretHasher.same(t, $0) } ?? false } ?? false
            let outcome = CodeTries.judge(
                attempts: reg.activationAttempts, maxAttempts: limits.codeMaxAttempts,
                expiresAt: reg.activationExpiresAt ?? .distantPast, matches: matches, now: now)
            switch outcome {
            case .expired: return .failure(ServiceError(.codeExpired, field: "activationCode"))
            case .dead, .wrong:
                reg.activationAttempts = min(reg.activationAttempts + 1, limits.codeMaxAttempts)
                try store.save(conn, registration: reg)
                let dead = outcome == .dead
                return .failure(ServiceError(dead ? .tooManyAttempts : .invalidCode, field: "activationCode"))
            case .accepted:
                reg.activationHash = nil
                reg.activationExpiresAt = nil
                if let existing = try store.account(conn, email: reg.email ?? "") {
                    reg.step = .login
                    reg.existingAccountId = existing.id
                } else {
                    reg.step = .account
                }
                try store.save(conn, registration: reg)
                return .success(.init(next: reg.step == .login ? .login : .account))
            }
        }
        if case .failure(let e) = result, e.code != .codeExpired {
            guesses.failed(kind: "activation", now: now, ["registrationId": .string(body.registrationId)])
        }
        return try result.get()
    }

    func registrationAccount(_ body: RegistrationAccount.Body) throws -> Empty {
        guard body.acceptTerms else {
            throw ServiceError(.badRequest, field: "acceptTerms", messageKey: .badRequestAcceptTerms)
        }
        let firstName = try input.name(body.firstName, field: "firstName")
        let lastName = try input.name(body.lastName, field: "lastName")
        let now = clock.now()
        let reg = try store.db.read { conn in
            try liveRegistration(conn, body.registrationId, now: now, steps: [.account, .sms])
        }
        try input.checkPassword(body.password, email: reg.email, field: "password")
        // argon2id outside the database queue: it takes tens of milliseconds.
        let hash = try passwords.hash(body.password)
        try store.db.write { conn in
            var reg = try liveRegistration(conn, body.registrationId, now: now, steps: [.account, .sms])
            reg.firstName = firstName
            reg.lastName = lastName
            reg.language = body.language
            reg.passwordHash = hash
            reg.step = .sms
            try store.save(conn, registration: reg)
        }
        return Empty()
    }

    func registrationSmsSend(_ body: RegistrationSmsSend.Body) throws -> RegistrationSmsSend.Reply {
        let phone = try input.phone(body.phone)
        let now = clock.now()
        try store.db.write { conn in
            let reg = try liveRegistration(conn, body.registrationId, now: now, steps: [.sms])
            let employer = try store.accessCode(conn, id: reg.accessCodeId)?.employerNumber
            if let limited = try smsCodes.send(
                conn, purpose: .registration, subject: reg.id, phone: phone,
                language: reg.language, template: TemplateName.smsEnrolment, now: now,
                scope: SmsSendScope(accountId: nil, employerNumber: employer))
            {
                throw limited
            }
        }
        return .init(maskedPhone: phone.masked)
    }

    func registrationSmsConfirm(_ body: RegistrationSmsConfirm.Body) throws -> RegistrationSmsConfirm.Reply {
        let now = clock.now()
        let result: Result<String, ServiceError> = try store.db.write { conn in
            var reg = try liveRegistration(conn, body.registrationId, now: now, steps: [.sms])
            let sms: SmsCodeRecord
            switch try smsCodes.judge(conn, purpose: .registration, subject: reg.id, typed: body.smsCode, now: now) {
            case .failure(let e): return .failure(e)
            case .success(let s): sms = s
            }
            let account = try createAccount(conn, reg, phone: sms.phone, now: now)
            let employer = try finish(conn, &reg, on: account, now: now)
            try store.setAccountEmployer(conn, accountId: account.id, employerNumber: employer)
            return .success(account.id)
        }
        let accountId = try result.get()
        let ids: [String: JSONValue] = [
            "registrationId": .string(body.registrationId), "accountId": .string(accountId),
        ]
        logger.info("registration.completed", ids)
        return .init(accountId: accountId)
    }

    /// The new account of a registration that has all its steps, with the phone just proved.
    private func createAccount(
        _ conn: Connection, _ reg: RegistrationRecord, phone: String, now: Date
    ) throws -> AccountRecord {
        guard let email = reg.email, let first = reg.firstName, let last = reg.lastName,
            let hash = reg.passwordHash
        else { throw conflictStep() }
        guard try store.account(conn, email: email) == nil else {
            throw ServiceError(.conflict, field: "email", detail: "e-mail registered meanwhile")
        }
        let account = AccountRecord(
            id: Identifier.make("acc"), email: email, firstName: first, lastName: last,
            language: reg.language, passwordHash: hash, phone: phone,
            pendingPhone: nil, state: .active, createdAt: now)
        try store.insert(conn, account: account)
        return account
    }

    /// Attaches the employer to the account of a registration whose e-mail already
    /// had one, once that account has logged in (its finished challenge, or a session).
    func registrationAttach(_ body: RegistrationAttach.Body) throws -> RegistrationAttach.Reply {
        let now = clock.now()
        let sessionHash = body.session.map { secrets.hash($0, purpose: "session") }
        guard body.challengeId != nil || sessionHash != nil else { throw ServiceError.badRequest("challengeId") }
        let accountId: String = try store.db.write { conn in
            var reg = try liveRegistration(conn, body.registrationId, now: now, steps: [.login])
            guard let accountId = reg.existingAccountId, let account = try store.account(conn, id: accountId) else {
                throw conflictStep()
            }
            try proveLogin(conn, of: accountId, challengeId: body.challengeId, sessionHash: sessionHash, now: now)
            guard !account.disabled else { throw ServiceError(.accountDisabled) }
            _ = try finish(conn, &reg, on: account, now: now)
            return accountId
        }
        let ids: [String: JSONValue] = [
            "registrationId": .string(body.registrationId), "accountId": .string(accountId),
        ]
        logger.info("registration.attached", ids)
        return .init(accountId: accountId)
    }

    /// The account has logged in: its finished (and not yet attached) challenge,
    /// or else an open session of it.
    private func proveLogin(
        _ conn: Connection, of accountId: String, challengeId: String?, sessionHash: [UInt8]?, now: Date
    ) throws {
        if let challengeId {
            guard let c = try store.challenge(conn, id: challengeId), c.accountId == accountId,
                let done = c.completedAt, now < done + limits.loginChallengeTTL
            else {
                throw ServiceError(.forbidden, field: "challengeId", detail: "no finished login of this account")
            }
            guard try store.attachChallenge(conn, id: challengeId, now: now) else {
                throw ServiceError(.forbidden, field: "challengeId", detail: "challenge already used")
            }
        } else if let sessionHash {
            guard let s = try sessions.live(conn, hash: sessionHash, now: now), s.accountId == accountId else {
                throw ServiceError(.forbidden, field: "session", detail: "no session of this account")
            }
        }
    }

    /// The registration ends on `account` (new or existing): its access code is
    /// consumed and admin told, in the same write. Returns the employer number.
    private func finish(
        _ conn: Connection, _ reg: inout RegistrationRecord, on account: AccountRecord, now: Date
    ) throws -> String {
        let employer = try consumeAccessCode(conn, reg, by: account.id, now: now)
        reg.step = .done
        reg.accountId = account.id
        reg.passwordHash = nil
        try store.save(conn, registration: reg)
        try notices.announce(
            conn, AccountRegistered.self,
            .init(
                accountId: account.id, employerNumber: employer, email: account.email, firstName: account.firstName,
                lastName: account.lastName, language: account.language, mfa: account.phone == nil ? nil : .sms))
        return employer
    }

    // MARK: helpers

    /// The registration, if it exists, has not expired and is at one of `steps`.
    func liveRegistration(
        _ conn: Connection, _ id: String, now: Date,
        steps: Set<RegistrationStep>
    ) throws -> RegistrationRecord {
        guard let reg = try store.registration(conn, id: id), reg.expiresAt > now, reg.step != .done else {
            throw ServiceError(.notFound, field: "registrationId", messageKey: .notFoundRegistration)
        }
        guard steps.contains(reg.step) else { throw conflictStep() }
        return reg
    }

    func conflictStep() -> ServiceError {
        ServiceError(.conflict, field: "registrationId", messageKey: .conflictRegistrationStep)
    }

    /// Consumes the registration's access code; returns the employer number.
    private func consumeAccessCode(
        _ conn: Connection, _ reg: RegistrationRecord, by accountId: String,
        now: Date
    ) throws -> String {
        guard let ac = try store.accessCode(conn, id: reg.accessCodeId) else {
            throw ServiceError(.invalidCode, field: "accessCode")
        }
        guard ac.expiresAt > now else { throw ServiceError(.codeExpired, field: "accessCode") }
        guard try store.consumeAccessCode(conn, id: ac.id, by: accountId, now: now) else {
            throw ServiceError(.invalidCode, field: "accessCode", detail: "access code used or revoked meanwhile")
        }
        return ac.employerNumber
    }
}

/// The registration's limits and lifetimes, from the configuration.
struct RegistrationLimits: Sendable {
    /// Registrations one access code may start in an hour.
    let registrationsPerAccessCode: Int
    /// How long a registration may take from start to end.
    let registrationTTL: TimeInterval
    /// Activation e-mails per registration, and per address an hour.
    let emailSendsLimit: Int
    let activationCodeTTL: TimeInterval
    /// Wrong tries after which an activation code is dead.
    let codeMaxAttempts: Int
    /// How long after a finished login its challenge may still attach an employer.
    let loginChallengeTTL: TimeInterval
}
