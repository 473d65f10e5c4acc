import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// A person changes their own mobile number or e-mail address. Both need the
/// password (a session alone must not move the second factor or the login), and
/// a code that proves the NEW number or address; until it is confirmed the old
/// one stays in force. The old number or address is then told.
struct ProfileContactHandlers: Sendable {
    let store: IdentityStore
    let clock: Clock
    let secrets: SecretHasher
    let codes: CodeFormat
    /// E-mail change codes an address gets in an hour.
    let emailSendsLimit: Int
    /// How long an e-mail change's code works.
    let codeTTL: TimeInterval
    /// Wrong tries after which an e-mail change's code is dead.
    let codeMaxAttempts: Int
    let input: IdentityInput
    let signedIn: SignedIn
    let smsCodes: SmsCodes
    let guesses: CodeGuesses
    let notices: Notices
    let profiles: OwnProfiles
    let logger: Logger

    func register(on router: Router) {
        router.on(ProfileChangePhone.self) { [self] ctx, body in try profileChangePhone(ctx, body) }
        router.on(ProfileConfirmPhone.self) { [self] ctx, body in try profileConfirmPhone(ctx, body) }
        router.on(ProfileChangeEmail.self) { [self] ctx, body in try profileChangeEmail(ctx, body) }
        router.on(ProfileConfirmEmail.self) { [self] ctx, body in try profileConfirmEmail(ctx, body) }
    }

    func profileChangePhone(_ ctx: RequestContext, _ body: ProfileChangePhone.Body) throws -> ProfileChangePhone.Reply {
        let phone = try input.phone(body.phone)
        let now = clock.now()
        let (_, account) = try signedIn.session(ctx, now: now)
        try signedIn.provePassword(account, body.password, now: now, reason: "change_phone")
        try store.db.write { conn in
            // The enrolment's rules and limits: 30 s between codes, 5 per number and per person an hour.
            if let limited = try smsCodes.send(
                conn, purpose: .profilePhone, subject: account.id, phone: phone,
                language: account.language, template: TemplateName.smsEnrolment, now: now,
                scope: try smsCodes.scope(conn, accountId: account.id))
            {
                throw limited
            }
        }
        logger.info("profile.phone_code_sent", ["accountId": .string(account.id)])
        return .init(maskedPhone: phone.masked)
    }

    func profileConfirmPhone(_ ctx: RequestContext, _ body: ProfileConfirmPhone.Body) throws
        -> ProfileConfirmPhone.Reply
    {
        let now = clock.now()
        let (_, account) = try signedIn.session(ctx, now: now)
        let result: Result<OwnProfile, ServiceError> = try store.db.write { conn in
            let sms: SmsCodeRecord
            switch try smsCodes.judge(
                conn, purpose: .profilePhone, subject: account.id, typed: body.smsCode, now: now,
                accountId: account.id)
            {
            case .failure(let e): return .failure(e)
            case .success(let s): sms = s
            }
            guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
            let old = a.phone
            a.phone = sms.phone
            a.pendingPhone = nil
            try store.save(conn, account: a, now: now)
            if let old, old != sms.phone {
                // Told on the old number, so a takeover does not go unnoticed.
                try notices.notify(
                    conn, channel: .sms, to: old, language: a.language, template: TemplateName.phoneChanged,
                    params: ["maskedPhone": PhoneNumber(e164: sms.phone).masked])
            }
            if old == nil { try notices.announce(conn, AccountChanged.self, .init(accountId: a.id, mfa: .sms)) }
            return .success(try profiles.profile(conn, a.id, now: now))
        }
        let profile = try result.get()
        logger.info("profile.phone_changed", ["accountId": .string(account.id)])
        return .init(profile: profile)
    }

    func profileChangeEmail(_ ctx: RequestContext, _ body: ProfileChangeEmail.Body) throws -> Empty {
        let email = try input.email(body.email)
        let now = clock.now()
        let (_, account) = try signedIn.session(ctx, now: now)
        try signedIn.provePassword(account, body.password, now: now, reason: "change_email")
        guard email != account.email else {
            throw ServiceError(.conflict, field: "email", messageKey: .conflictSameEmail)
        }
        let code = codes.generate()
        try store.db.write { conn in
            if let live = try store.emailChange(conn, accountId: account.id), live.windowStart > now - 3600,
                live.sends >= emailSendsLimit
            {
                throw ServiceError.rateLimited(until: live.windowStart + 3600, now: now, field: "email")
            }
            // Whether the address already has an account is not told here (only
            // at confirmation, to whoever reads that mailbox).
            try store.putEmailChange(
                conn, accountId: account.id, email: email,
                hash: secrets.hash(code, purpose: "email-change"),
                expiresAt: now + codeTTL, now: now)
            try notices.notify(
                conn, channel: .email, to: email, language: account.language, template: TemplateName.emailChange,
                params: ["code": codes.grouped(code), "firstName": account.firstName],
                validUntil: now + codeTTL)
        }
        logger.info("profile.email_code_sent", ["accountId": .string(account.id)])
        return Empty()
    }

    func profileConfirmEmail(_ ctx: RequestContext, _ body: ProfileConfirmEmail.Body) throws
        -> ProfileConfirmEmail.Reply
    {
        let now = clock.now()
        // Not the access codes' service-wide budget: wrong guesses of others' access
        // codes must not block this person's own change (which has its own tries).
        let (_, account) = try signedIn.session(ctx, now: now)
        let typed = codes.normalise(body.activationCode).map { secrets.hash($0, purpose: "email-change") }
        let result: Result<OwnProfile, ServiceError> = try store.db.write { conn in
            let change: EmailChangeRecord
            switch try judgeEmailChange(conn, accountId: account.id, typed: typed, now: now) {
            case .failure(let e): return .failure(e)
            case .success(let c): change = c
            }
            try store.deleteEmailChange(conn, accountId: account.id)
            guard try store.account(conn, email: change.newEmail) == nil else {
                return .failure(ServiceError(.conflict, field: "email", messageKey: .conflictEmailTaken))
            }
            guard let a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
            try store.setEmail(conn, accountId: a.id, email: change.newEmail, now: now)
            // Reset codes went to the old address, open logins started with it: they end.
            try store.endProofs(conn, accountId: a.id, now: now)
            try notices.notify(
                conn, channel: .email, to: a.email, language: a.language, template: TemplateName.emailChanged,
                params: ["firstName": a.firstName])
            try notices.announce(conn, AccountChanged.self, .init(accountId: a.id, email: change.newEmail))
            return .success(try profiles.profile(conn, a.id, now: now))
        }
        switch result {
        case .failure(let e):
            if e.code == .invalidCode || e.code == .tooManyAttempts {
                guesses.failed(kind: "email_change", now: now, ["accountId": .string(account.id)])
            }
            throw e
        case .success(let profile):
            logger.info("profile.email_changed", ["accountId": .string(account.id)])
            return .init(profile: profile)
        }
    }

    /// The typed code against the account's pending e-mail change; a wrong try is
    /// counted (and committed) even though the caller answers an error.
    private func judgeEmailChange(
        _ conn: Connection, accountId: String, typed: [UInt8]?, now: Date
    ) throws -> Result<EmailChangeRecord, ServiceError> {
        guard let change = try store.emailChange(conn, accountId: accountId) else {
            return .failure(ServiceError(.invalidCode, field: "activationCode"))
        }
        let matches = typed.map { SecretHasher.same($0, change.codeHash) } ?? false
        switch CodeTries.judge(
            attempts: change.attempts, maxAttempts: codeMaxAttempts,
            expiresAt: change.expiresAt, matches: matches, now: now)
        {
        case .expired: return .failure(ServiceError(.codeExpired, field: "activationCode"))
        case .dead:
            if change.attempts < codeMaxAttempts {
                try store.bumpEmailChangeAttempts(conn, accountId: accountId)
            }
            return .failure(ServiceError(.tooManyAttempts, field: "activationCode"))
        case .wrong:
            try store.bumpEmailChangeAttempts(conn, accountId: accountId)
            return .failure(ServiceError(.invalidCode, field: "activationCode"))
        case .accepted:
            return .success(change)
        }
    }
}
