import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Server
import Wire

/// What identity's handlers work with: the store, the rules, the hashers, the
/// clock, the outbox relay and the log. Invitations and sessions are handler
/// structs taking only what they use; the other families are still extensions
/// of this type (one file each) and share its helpers (SMS codes, notices, input).
public final class Identity: Sendable {
    let store: IdentityStore
    let config: IdentityConfig
    let clock: Clock
    let passwords: PasswordHasher
    let secrets: SecretHasher
    let policy: PasswordPolicy
    let codes: CodeFormat
    let guesses: CodeGuessBudget
    let smsMonitor: SmsBudgetMonitor
    let forgotThrottle: ForgotThrottle
    let relay: OutboxRelay
    let logger: Logger

    init(
        store: IdentityStore, config: IdentityConfig, clock: Clock, passwords: PasswordHasher,
        secrets: SecretHasher, policy: PasswordPolicy, relay: OutboxRelay, logger: Logger
    ) {
        self.store = store
        self.config = config
        self.clock = clock
        self.passwords = passwords
        self.secrets = secrets
        self.policy = policy
        self.codes = .standard
        self.guesses = CodeGuessBudget(limit: config.codeFailuresPerMinute, window: 60)
        self.smsMonitor = SmsBudgetMonitor(perHour: config.smsBudget.newNumbersPerHour)
        self.forgotThrottle = ForgotThrottle(perMinute: config.forgotUnknownPerMinute)
        self.relay = relay
        self.logger = logger
    }

    var db: Database { store.db }

    /// Registers every handler of identity on the router.
    func register(on router: Router) {
        InvitationHandler(self).register(on: router)
        registerRegistration(on: router)
        registerLogin(on: router)
        registerPassword(on: router)
        SessionHandlers(self).register(on: router)
        registerAccounts(on: router)
        registerProfile(on: router)
        registerStepUp(on: router)
    }

    // MARK: notifications through the outbox

    /// Enqueues one `notifier.send` (template + params, never text). Call inside a
    /// write (the relay is woken when it commits); the outbox row id is the
    /// idempotency key, so a resend is one message.
    /// `validUntil`: when the code the message carries stops working; the notifier
    /// never delivers it later.
    func notify(
        _ conn: Connection, channel: Channel, to: String, language: Language, template: String,
        params: [String: String], validUntil: Date? = nil
    ) throws {
        let id = Identifier.make("msg")
        let body = NotifierSend.Body(
            idempotencyKey: id, channel: channel, to: to, language: language,
            template: template, params: params, validUntil: validUntil?.rfc3339)
        try MessageOutbox.enqueue(conn, to: ServiceName.notifier, NotifierSend.self, body, id: id, relay: relay)
    }

    /// Enqueues an event to admin. Call inside a write.
    func announce<M: Message>(_ conn: Connection, _ message: M.Type, _ body: M.Body) throws {
        try MessageOutbox.enqueue(conn, to: ServiceName.admin, message, body, id: Identifier.make("evt"), relay: relay)
    }

    // MARK: SMS codes

    /// Sends a new SMS code for (purpose, subject) to `phone`, within the per-number
    /// limits, replacing the subject's previous code. Inside a write; returns the
    /// rate-limit failure rather than throwing so that the caller decides.
    func sendSmsCode(
        _ conn: Connection, purpose: SmsPurpose, subject: String, phone: PhoneNumber,
        language: Language, template: String, now: Date, scope: SmsSendScope,
        field: String? = "phone"
    ) throws -> ServiceError? {
        let recent = try store.recentSmsSends(conn, phone: phone.e164, now: now)
        // A resend is the same flow to the same number; its live code was sent `ttl`
        // before it expires. A corrected number or a new flow does not wait.
        let lastFlowSend = try store.smsCode(conn, purpose: purpose, subject: subject)
            .flatMap { $0.phone == phone.e164 ? $0.expiresAt - config.sms.ttl : nil }
        var wait = config.sms.retryAfter(recentSends: recent, lastFlowSend: lastFlowSend, now: now)
        // The same cap per subject, so one registration or login cannot spray
        // codes over many numbers (SMS pumping).
        if let window = try store.smsSendWindow(conn, purpose: purpose, subject: subject),
            window.sends >= config.sms.perHour, window.start > now - 3600
        {
            wait = max(wait ?? 0, Int((window.start + 3600).timeIntervalSince(now).rounded(.up)))
        }
        if let wait {
            logger.info(
                "sms.rate_limited", ["purpose": .string(purpose.rawValue), "retryAfterS": .number(Double(wait))])
            return ServiceError(.rateLimited, field: field, extras: ["retryAfterS": .number(Double(wait))])
        }
        let usage = try store.smsUsage(conn, phone: phone.e164, scope: scope, now: now)
        if let refused = smsBudgetRefusal(usage, purpose: purpose, scope: scope, now: now, field: field) {
            return refused
        }
        let code = SmsCodeFormat.generate()
        try store.putSmsCode(
            conn, purpose: purpose, subject: subject, phone: phone.e164,
            hash: secrets.hash(code, purpose: "sms"), expiresAt: now + config.sms.ttl, now: now)
        try store.labelLastSmsSend(conn, scope: scope, isNew: usage.isNewNumber)
        smsMonitor.observed(newLastHour: usage.fundNew.count + (usage.isNewNumber ? 1 : 0))
        try notify(
            conn, channel: .sms, to: phone.e164, language: language, template: template, params: ["code": code],
            validUntil: now + config.sms.ttl)
        return nil
    }

    /// The SMS-pumping limits (`SmsBudget`): nil when the code may go out.
    private func smsBudgetRefusal(
        _ usage: SmsBudget.Usage, purpose: SmsPurpose, scope: SmsSendScope, now: Date,
        field: String?
    ) -> ServiceError? {
        switch config.smsBudget.judge(usage, now: now) {
        case .allowed:
            return nil
        case .limited(let wait, let reason):
            logger.warning(
                "security.sms_limited",
                [
                    "purpose": .string(purpose.rawValue), "limit": .string(reason),
                    "accountId": scope.accountId.map { .string($0) } ?? .null,
                    "employer": scope.employerNumber.map { .string($0) } ?? .null,
                    "retryAfterS": .number(Double(wait)),
                ])
            return ServiceError(.rateLimited, field: field, extras: ["retryAfterS": .number(Double(wait))])
        case .fundBudgetSpent(let wait):
            smsMonitor.spent(until: now + Double(wait), newLastHour: usage.fundNew.count)
            // Loud: either an attack or a budget too small for the fund; ops must look.
            logger.error(
                "sms.new_number_budget_spent",
                [
                    "purpose": .string(purpose.rawValue), "newNumbersLastHour": .number(Double(usage.fundNew.count)),
                    "budget": .number(Double(config.smsBudget.newNumbersPerHour)), "retryAfterS": .number(Double(wait)),
                    "note": "new SMS enrolments refused; logins to confirmed numbers go on",
                ])
            return ServiceError(.rateLimited, field: field, extras: ["retryAfterS": .number(Double(wait))])
        }
    }

    /// Judges a typed SMS code. A wrong try is counted (and committed) even though
    /// the caller answers an error, so failures come back as a value.
    func judgeSmsCode(
        _ conn: Connection, purpose: SmsPurpose, subject: String, typed: String,
        now: Date, accountId: String? = nil
    ) throws -> Result<SmsCodeRecord, ServiceError> {
        let judged = try judgeSmsCodeOnce(conn, purpose: purpose, subject: subject, typed: typed, now: now)
        guard let accountId else { return judged }
        switch judged {
        case .success:
            try store.setSmsFailures(conn, accountId: accountId, 0)
        case .failure(let e) where e.code == .invalidCode || e.code == .tooManyAttempts:
            if let until = try countSmsFailure(conn, accountId: accountId, now: now) {
                return .failure(lockedError(until))
            }
        case .failure:
            break
        }
        return judged
    }

    /// Wrong SMS codes count per account across challenges; `smsLockoutThreshold`
    /// in a row lock the account like wrong passwords do. Returns the lock's end.
    private func countSmsFailure(_ conn: Connection, accountId: String, now: Date) throws -> Date? {
        let failures = try store.smsFailures(conn, accountId: accountId) + 1
        guard failures >= config.smsLockoutThreshold, var a = try store.account(conn, id: accountId) else {
            try store.setSmsFailures(conn, accountId: accountId, failures)
            return nil
        }
        a.lockout.lockouts += 1
        a.lockout.failures = 0
        a.lockout.lastFailureAt = now
        let until = now + config.lockout.duration(ofLockout: a.lockout.lockouts)
        a.lockout.lockedUntil = until
        try store.save(conn, account: a, now: now)
        try store.setSmsFailures(conn, accountId: accountId, 0)
        logger.warning(
            "security.locked",
            [
                "accountId": .string(accountId), "reason": "sms_codes",
                "until": .string(until.rfc3339), "lockouts": .number(Double(a.lockout.lockouts)),
            ])
        return until
    }

    private func judgeSmsCodeOnce(
        _ conn: Connection, purpose: SmsPurpose, subject: String, typed: String,
        now: Date
    ) throws -> Result<SmsCodeRecord, ServiceError> {
        guard let stored = try store.smsCode(conn, purpose: purpose, subject: subject) else {
            return .failure(ServiceError(.invalidCode, field: "smsCode"))
        }
        let matches =
            SmsCodeFormat.normalise(typed).map {
                SecretHasher.same(secrets.hash($0, purpose: "sms"), stored.codeHash)
            } ?? false
        switch config.sms.judge(attempts: stored.attempts, expiresAt: stored.expiresAt, matches: matches, now: now) {
        case .accepted:
            try store.deleteSmsCode(conn, purpose: purpose, subject: subject)
            return .success(stored)
        case .expired:
            return .failure(ServiceError(.codeExpired, field: "smsCode"))
        case .dead:
            if stored.attempts < config.sms.maxAttempts {
                try store.bumpSmsAttempts(conn, purpose: purpose, subject: subject)
            }
            logger.warning(
                "security.invalid_code",
                [
                    "kind": "sms", "purpose": .string(purpose.rawValue),
                    "subject": .string(subject), "dead": true,
                ])
            return .failure(ServiceError(.tooManyAttempts, field: "smsCode"))
        case .wrong(let left):
            try store.bumpSmsAttempts(conn, purpose: purpose, subject: subject)
            logger.warning(
                "security.invalid_code",
                [
                    "kind": "sms", "purpose": .string(purpose.rawValue),
                    "subject": .string(subject),
                ])
            return .failure(
                ServiceError(.invalidCode, field: "smsCode", extras: ["attemptsLeft": .number(Double(left))]))
        }
    }

    // MARK: the service-wide budget of wrong code guesses

    /// Refuses access-code submissions while the budget of wrong guesses is spent.
    /// Only access codes use it: activation and reset codes die after a few tries
    /// each, and a shared budget would let anyone block every user's code.
    func checkGuessBudget(_ now: Date) throws {
        if let wait = guesses.retryAfter(now: now) {
            throw ServiceError(.rateLimited, extras: ["retryAfterS": .number(Double(wait))])
        }
    }

    /// Logs a wrong guess of a letter/e-mail code as a security event; a wrong
    /// access code also spends the service-wide budget.
    func codeGuessFailed(kind: String, now: Date, _ fields: [String: JSONValue] = [:]) {
        if kind == "access" { guesses.recordFailure(now: now) }
        var f = fields
        f["kind"] = .string(kind)
        logger.warning("security.invalid_code", f)
    }

    // MARK: input

    func email(_ raw: String, field: String = "email") throws -> String {
        guard let e = EmailAddress.normalise(raw) else {
            throw ServiceError(.badRequest, field: field, messageKey: .badRequestField)
        }
        return e
    }

    func phone(_ raw: String, field: String = "phone") throws -> PhoneNumber {
        switch PhoneNumber.parse(raw) {
        case .success(let p):
            guard config.smsBudget.destinations.allows(p) else {
                throw ServiceError(.invalidPhone, field: field, messageKey: .invalidPhoneCountry)
            }
            return p
        case .failure(.swissLandline):
            throw ServiceError(.invalidPhone, field: field, messageKey: .invalidPhoneLandline)
        case .failure:
            throw ServiceError(.invalidPhone, field: field)
        }
    }

    func name(_ raw: String, field: String) throws -> String {
        let s = raw.trimmed(.spacesAndNewlines)
        // The contract's rule, shared with admin: bounded in bytes too, so the notices
        // carrying the name always fit the notifier's param limit.
        guard Recipients.isPersonName(s) else {
            throw ServiceError(.badRequest, field: field, messageKey: .badRequestField)
        }
        return s
    }

    /// Applies the password policy; `weak_password` names the rule in `extras.rule`.
    func checkPassword(_ password: String, email: String?, field: String) throws {
        guard let v = policy.check(password, email: email) else { return }
        throw ServiceError(
            .weakPassword, field: field, messageKey: .weakPassword(v),
            extras: [
                "rule": .string(v.rawValue), "minLength": .number(Double(policy.minLength)),
                "maxLength": .number(Double(policy.maxLength)),
            ])
    }
}
