import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Wire

/// The SMS codes of every flow (registration, login, admin's enrolment, profile
/// phone change): sent within the per-number, per-flow and fund-wide limits, and
/// judged with their tries; wrong codes also count towards the account's lockout.
struct SmsCodes: Sendable {
    let store: IdentityStore
    let rules: SmsRules
    let budget: SmsBudget
    let monitor: SmsBudgetMonitor
    let lockout: LockoutPolicy
    /// `IDENTITY_SMS_LOCKOUT_THRESHOLD`: wrong codes in a row that lock the account.
    let lockoutThreshold: Int
    let secrets: SecretHasher
    let notices: Notices
    let logger: Logger

    /// Sends a new SMS code for (purpose, subject) to `phone`, within the limits,
    /// replacing the subject's previous code. Inside a write; returns the
    /// rate-limit failure rather than throwing so that the caller decides.
    func send(
        _ conn: Connection, purpose: SmsPurpose, subject: String, phone: PhoneNumber,
        language: Language, template: String, now: Date, scope: SmsSendScope,
        field: String? = "phone"
    ) throws -> ServiceError? {
        if let wait = try retryAfter(conn, purpose: purpose, subject: subject, phone: phone, now: now) {
            logger.info(
                "sms.rate_limited", ["purpose": .string(purpose.rawValue), "retryAfterS": .number(Double(wait))])
            return .rateLimited(wait: wait, field: field)
        }
        let usage = try store.smsUsage(conn, phone: phone.e164, scope: scope, now: now)
        if let refused = budgetRefusal(usage, purpose: purpose, scope: scope, now: now, field: field) {
            return refused
        }
        let code = SmsCodeFormat.generate()
        try store.putSmsCode(
            conn, purpose: purpose, subject: subject, phone: phone.e164,
            hash: secrets.hash(code, purpose: "sms"), expiresAt: now + rules.ttl, now: now)
        try store.labelLastSmsSend(conn, scope: scope, isNew: usage.isNewNumber)
        monitor.observed(newLastHour: usage.fundNew.count + (usage.isNewNumber ? 1 : 0))
        try notices.notify(
            conn, channel: .sms, to: phone.e164, language: language, template: template, params: ["code": code],
            validUntil: now + rules.ttl)
        return nil
    }

    /// The seconds to wait before another code to this number in this flow, if any.
    private func retryAfter(
        _ conn: Connection, purpose: SmsPurpose, subject: String, phone: PhoneNumber, now: Date
    ) throws -> Int? {
        let recent = try store.recentSmsSends(conn, phone: phone.e164, now: now)
        // A resend is the same flow to the same number; its live code was sent `ttl`
        // before it expires. A corrected number or a new flow does not wait.
        let lastFlowSend = try store.smsCode(conn, purpose: purpose, subject: subject)
            .flatMap { $0.phone == phone.e164 ? $0.expiresAt - rules.ttl : nil }
        var wait = rules.retryAfter(recentSends: recent, lastFlowSend: lastFlowSend, now: now)
        // The same cap per subject, so one registration or login cannot spray
        // codes over many numbers (SMS pumping).
        if let window = try store.smsSendWindow(conn, purpose: purpose, subject: subject),
            window.sends >= rules.perHour, window.start > now - 3600
        {
            wait = max(wait ?? 0, Int((window.start + 3600).timeIntervalSince(now).rounded(.up)))
        }
        return wait
    }

    /// The SMS-pumping limits (`SmsBudget`): nil when the code may go out.
    private func budgetRefusal(
        _ usage: SmsBudget.Usage, purpose: SmsPurpose, scope: SmsSendScope, now: Date,
        field: String?
    ) -> ServiceError? {
        switch budget.judge(usage, now: now) {
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
            return .rateLimited(wait: wait, field: field)
        case .fundBudgetSpent(let wait):
            monitor.spent(until: now + Double(wait), newLastHour: usage.fundNew.count)
            // Loud: either an attack or a budget too small for the fund; ops must look.
            logger.error(
                "sms.new_number_budget_spent",
                [
                    "purpose": .string(purpose.rawValue), "newNumbersLastHour": .number(Double(usage.fundNew.count)),
                    "budget": .number(Double(budget.newNumbersPerHour)), "retryAfterS": .number(Double(wait)),
                    "note": "new SMS enrolments refused; logins to confirmed numbers go on",
                ])
            return .rateLimited(wait: wait, field: field)
        }
    }

    /// The account and its employer, for the SMS budget.
    func scope(_ conn: Connection, accountId: String) throws -> SmsSendScope {
        SmsSendScope(accountId: accountId, employerNumber: try store.accountEmployer(conn, accountId: accountId))
    }

    /// Judges a typed SMS code. A wrong try is counted (and committed) even though
    /// the caller answers an error, so failures come back as a value. With an
    /// `accountId`, wrong codes also count towards the account's lockout.
    func judge(
        _ conn: Connection, purpose: SmsPurpose, subject: String, typed: String,
        now: Date, accountId: String? = nil
    ) throws -> Result<SmsCodeRecord, ServiceError> {
        let judged = try judgeOnce(conn, purpose: purpose, subject: subject, typed: typed, now: now)
        guard let accountId else { return judged }
        switch judged {
        case .success:
            try store.setSmsFailures(conn, accountId: accountId, 0)
        case .failure(let e) where e.code == .invalidCode || e.code == .tooManyAttempts:
            if let until = try countFailure(conn, accountId: accountId, now: now) {
                return .failure(.accountLocked(until: until))
            }
        case .failure:
            break
        }
        return judged
    }

    /// Wrong SMS codes count per account across challenges; `lockoutThreshold`
    /// in a row lock the account like wrong passwords do. Returns the lock's end.
    private func countFailure(_ conn: Connection, accountId: String, now: Date) throws -> Date? {
        let failures = try store.smsFailures(conn, accountId: accountId) + 1
        guard failures >= lockoutThreshold, var a = try store.account(conn, id: accountId) else {
            try store.setSmsFailures(conn, accountId: accountId, failures)
            return nil
        }
        a.lockout.lockouts += 1
        a.lockout.failures = 0
        a.lockout.lastFailureAt = now
        let until = now + lockout.duration(ofLockout: a.lockout.lockouts)
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

    private func judgeOnce(
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
        switch rules.judge(attempts: stored.attempts, expiresAt: stored.expiresAt, matches: matches, now: now) {
        case .accepted:
            try store.deleteSmsCode(conn, purpose: purpose, subject: subject)
            return .success(stored)
        case .expired:
            return .failure(ServiceError(.codeExpired, field: "smsCode"))
        case .dead:
            if stored.attempts < rules.maxAttempts {
                try store.bumpSmsAttempts(conn, purpose: purpose, subject: subject)
            }
            wrongCodeLogged(purpose: purpose, subject: subject, dead: true)
            return .failure(ServiceError(.tooManyAttempts, field: "smsCode"))
        case .wrong(let left):
            try store.bumpSmsAttempts(conn, purpose: purpose, subject: subject)
            wrongCodeLogged(purpose: purpose, subject: subject, dead: false)
            return .failure(
                ServiceError(.invalidCode, field: "smsCode", extras: ["attemptsLeft": .number(Double(left))]))
        }
    }

    private func wrongCodeLogged(purpose: SmsPurpose, subject: String, dead: Bool) {
        var fields: [String: JSONValue] = [
            "kind": "sms", "purpose": .string(purpose.rawValue), "subject": .string(subject),
        ]
        if dead { fields["dead"] = true }
        logger.warning("security.invalid_code", fields)
    }
}
