import FoundationEssentials
import Runtime

/// Every number of identity's rules, from `IDENTITY_*` variables with the brief's
/// defaults (durations accept `900`, `15m`, `24h`, `90d`).
public struct IdentityConfig: Sendable {
    public var accessCodeTTL: TimeInterval = 90 * 86400
    public var activationCodeTTL: TimeInterval = 24 * 3600
    public var resetCodeTTL: TimeInterval = 3600
    /// Wrong tries of one activation or reset code before it dies.
    public var codeMaxAttempts = 5
    /// Service-wide wrong access-code guesses allowed per minute. Activation and
    /// reset codes are not counted: each dies after `codeMaxAttempts` tries, and
    /// counting them would let anyone block every user's code.
    public var codeFailuresPerMinute = 600
    /// Activation e-mails one registration may ask for, and to one address per hour;
    /// reset e-mails per account and hour.
    public var emailSendsLimit = 5
    public var registrationTTL: TimeInterval = 24 * 3600
    public var loginChallengeTTL: TimeInterval = 15 * 60
    public var sms = SmsRules()
    public var lockout = LockoutPolicy()
    public var passwordMinLength = 8
    public var passwordMaxLength = 128
    public var commonPasswordsFile: String?
    public var sessionIdle: TimeInterval = 30 * 60
    public var sessionMax: TimeInterval = 12 * 3600
    public var keyFile: String?
    public var argon2MemoryKiB = PasswordHasher.owaspMemoryKiB
    public var argon2Ops = PasswordHasher.owaspOps
    /// argon2id computations at once (each holds `argon2MemoryKiB`); more wait their turn.
    public var argon2Concurrency = PasswordHasher.defaultConcurrency
    /// Registrations one access code may start per hour (a leaked letter must not
    /// become a machine to send activation e-mails).
    public var registrationsPerAccessCode = 10
    /// SMS pumping: what may be sent, whoever asks (`SmsBudget`).
    public var smsBudget = SmsBudget()
    /// Wrong SMS codes in a row, across challenges, before the account locks like
    /// after wrong passwords (NIST 800-63B: at most 100).
    public var smsLockoutThreshold = 10
    /// The least time between two reset e-mails to one address (known or not): an
    /// hourly count could be used up by anyone, a floor cannot keep the owner waiting long.
    public var resetResendInterval: TimeInterval = 120
    /// `forgot` writes (one fsync each) for addresses without an account, per minute
    /// service-wide; past it such a `forgot` writes nothing but takes as long.
    public var forgotUnknownPerMinute = 60

    public init() {}

    public init(_ env: Environment) throws {
        accessCodeTTL = try env.seconds("IDENTITY_ACCESS_CODE_TTL", default: accessCodeTTL)
        activationCodeTTL = try env.seconds("IDENTITY_ACTIVATION_CODE_TTL", default: activationCodeTTL)
        resetCodeTTL = try env.seconds("IDENTITY_RESET_CODE_TTL", default: resetCodeTTL)
        codeMaxAttempts = try env.int("IDENTITY_CODE_MAX_ATTEMPTS", default: codeMaxAttempts, range: 1...100)
        codeFailuresPerMinute = try env.int(
            "IDENTITY_CODE_FAILURES_PER_MINUTE", default: codeFailuresPerMinute,
            range: 1...100_000)
        emailSendsLimit = try env.int("IDENTITY_EMAIL_SENDS_LIMIT", default: emailSendsLimit, range: 1...100)
        registrationTTL = try env.seconds("IDENTITY_REGISTRATION_TTL", default: registrationTTL)
        loginChallengeTTL = try env.seconds("IDENTITY_LOGIN_CHALLENGE_TTL", default: loginChallengeTTL)
        sms = SmsRules(
            ttl: try env.seconds("IDENTITY_SMS_CODE_TTL", default: sms.ttl),
            maxAttempts: try env.int("IDENTITY_SMS_MAX_ATTEMPTS", default: sms.maxAttempts, range: 1...100),
            resendInterval: try env.seconds("IDENTITY_SMS_RESEND_INTERVAL", default: sms.resendInterval),
            perHour: try env.int("IDENTITY_SMS_PER_HOUR", default: sms.perHour, range: 1...1000))
        lockout = LockoutPolicy(
            threshold: try env.int("IDENTITY_LOCKOUT_THRESHOLD", default: lockout.threshold, range: 1...100),
            base: try env.seconds("IDENTITY_LOCKOUT_BASE", default: lockout.base),
            cap: try env.seconds("IDENTITY_LOCKOUT_MAX", default: lockout.cap),
            forgetAfter: try env.seconds("IDENTITY_LOCKOUT_FORGET", default: lockout.forgetAfter))
        passwordMinLength = try env.int(
            "IDENTITY_PASSWORD_MIN_LENGTH", default: passwordMinLength,
            range: PasswordPolicy.allowedMinimum)
        passwordMaxLength = try env.int(
            "IDENTITY_PASSWORD_MAX_LENGTH", default: passwordMaxLength,
            range: passwordMinLength...1024)
        commonPasswordsFile = env.optionalString("IDENTITY_COMMON_PASSWORDS_FILE")
        sessionIdle = try env.seconds("IDENTITY_SESSION_IDLE", default: sessionIdle)
        sessionMax = try env.seconds("IDENTITY_SESSION_MAX", default: sessionMax)
        keyFile = env.optionalString("IDENTITY_KEY_FILE")
        argon2MemoryKiB = try env.int("IDENTITY_ARGON2_MEMORY_KIB", default: argon2MemoryKiB, range: 8...4_194_304)
        argon2Ops = try env.int("IDENTITY_ARGON2_OPS", default: argon2Ops, range: 1...20)
        argon2Concurrency = try env.int("IDENTITY_ARGON2_CONCURRENCY", default: argon2Concurrency, range: 1...1024)
        registrationsPerAccessCode = try env.int(
            "IDENTITY_REGISTRATIONS_PER_ACCESS_CODE",
            default: registrationsPerAccessCode, range: 1...10_000)
        try readAbuseLimits(env)
    }

    private mutating func readAbuseLimits(_ env: Environment) throws {
        var destinations = smsBudget.destinations
        if let raw = env.optionalString("IDENTITY_SMS_ALLOWED_PREFIXES") {
            guard let d = SmsDestinations.parse(raw) else {
                throw ConfigError(
                    "IDENTITY_SMS_ALLOWED_PREFIXES",
                    "'\(raw)' is not a comma-separated list of E.164 prefixes (e.g. +4179,+336)")
            }
            destinations = d
        }
        smsBudget = SmsBudget(
            perAccountPerHour: try env.int(
                "IDENTITY_SMS_PER_ACCOUNT_PER_HOUR", default: smsBudget.perAccountPerHour,
                range: 1...1000),
            newNumbersPerEmployerPerHour: try env.int(
                "IDENTITY_SMS_NEW_NUMBERS_PER_EMPLOYER",
                default: smsBudget.newNumbersPerEmployerPerHour, range: 1...100_000),
            newNumbersPerHour: try env.int(
                "IDENTITY_SMS_NEW_NUMBERS_PER_HOUR", default: smsBudget.newNumbersPerHour,
                range: 1...1_000_000),
            destinations: destinations)
        smsLockoutThreshold = try env.int(
            "IDENTITY_SMS_LOCKOUT_THRESHOLD", default: smsLockoutThreshold, range: 1...100)
        resetResendInterval = try env.seconds("IDENTITY_RESET_RESEND_INTERVAL", default: resetResendInterval)
        forgotUnknownPerMinute = try env.int(
            "IDENTITY_FORGOT_UNKNOWN_PER_MINUTE", default: forgotUnknownPerMinute,
            range: 1...100_000)
    }
}
