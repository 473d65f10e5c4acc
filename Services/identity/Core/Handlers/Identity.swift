import Messaging
import Runtime
import Server

/// Where identity's handlers are wired: the store, the configuration, the
/// hashers, the clock and the log, and the parts several families share (notices,
/// SMS codes, code guesses, input, sessions, the signed-in person's proofs, the
/// own profile), each built once. Every family is a handler struct that takes
/// from here only what it uses and registers its messages.
struct Identity: Sendable {
    let store: IdentityStore
    let config: IdentityConfig
    let clock: Clock
    let passwords: PasswordHasher
    let secrets: SecretHasher
    let codes: CodeFormat
    let forgotThrottle: ForgotThrottle
    let logger: Logger
    let notices: Notices
    let smsCodes: SmsCodes
    let guesses: CodeGuesses
    let input: IdentityInput
    let sessions: Sessions
    let signedIn: SignedIn
    let profiles: OwnProfiles

    init(
        store: IdentityStore, config: IdentityConfig, clock: Clock, passwords: PasswordHasher,
        secrets: SecretHasher, policy: PasswordPolicy, relay: OutboxRelay, logger: Logger
    ) {
        self.store = store
        self.config = config
        self.clock = clock
        self.passwords = passwords
        self.secrets = secrets
        self.codes = .standard
        self.forgotThrottle = ForgotThrottle(perMinute: config.forgotUnknownPerMinute)
        self.logger = logger
        let notices = Notices(relay: relay)
        self.notices = notices
        smsCodes = SmsCodes(
            store: store, rules: config.sms, budget: config.smsBudget,
            monitor: SmsBudgetMonitor(perHour: config.smsBudget.newNumbersPerHour), lockout: config.lockout,
            lockoutThreshold: config.smsLockoutThreshold, secrets: secrets, notices: notices, logger: logger)
        guesses = CodeGuesses(budget: CodeGuessBudget(limit: config.codeFailuresPerMinute, window: 60), logger: logger)
        input = IdentityInput(destinations: config.smsBudget.destinations, policy: policy)
        let sessions = Sessions(store: store, idle: config.sessionIdle, max: config.sessionMax)
        self.sessions = sessions
        signedIn = SignedIn(
            sessions: sessions, secrets: secrets, passwords: passwords, lockout: config.lockout, logger: logger)
        profiles = OwnProfiles(store: store, codeMaxAttempts: config.codeMaxAttempts)
    }

    var smsMonitor: SmsBudgetMonitor { smsCodes.monitor }

    /// Builds every handler of identity, each with what it uses, and registers it on the router.
    func register(on router: Router) {
        InvitationHandler(
            store: store, clock: clock, secrets: secrets, codes: codes, validFor: config.accessCodeTTL, logger: logger
        ).register(on: router)
        RegistrationHandlers(
            store: store, clock: clock, secrets: secrets, passwords: passwords, codes: codes, input: input,
            guesses: guesses, smsCodes: smsCodes, notices: notices, sessions: sessions,
            limits: registrationLimits, logger: logger
        ).register(on: router)
        LoginHandlers(
            store: store, clock: clock, passwords: passwords, secrets: secrets, lockout: config.lockout,
            challengeTTL: config.loginChallengeTTL, input: input, smsCodes: smsCodes, notices: notices,
            sessions: sessions, logger: logger
        ).register(on: router)
        PasswordHandlers(
            store: store, clock: clock, passwords: passwords, secrets: secrets, codes: codes,
            resetCodeTTL: config.resetCodeTTL, resetResendInterval: config.resetResendInterval,
            codeMaxAttempts: config.codeMaxAttempts, forgotThrottle: forgotThrottle, input: input, guesses: guesses,
            notices: notices, sessions: sessions, logger: logger
        ).register(on: router)
        SessionHandlers(sessions: sessions, clock: clock, secrets: secrets, logger: logger).register(on: router)
        AccountHandlers(
            store: store, sessions: sessions, smsCodes: smsCodes, notices: notices, input: input, clock: clock,
            logger: logger
        ).register(on: router)
        registerOwnAccount(on: router)
    }

    private var registrationLimits: RegistrationLimits {
        RegistrationLimits(
            registrationsPerAccessCode: config.registrationsPerAccessCode, registrationTTL: config.registrationTTL,
            emailSendsLimit: config.emailSendsLimit, activationCodeTTL: config.activationCodeTTL,
            codeMaxAttempts: config.codeMaxAttempts, loginChallengeTTL: config.loginChallengeTTL)
    }

    /// The signed-in person's own messages: profile, contact changes, step-up.
    private func registerOwnAccount(on router: Router) {
        ProfileHandlers(
            store: store, clock: clock, passwords: passwords, input: input, signedIn: signedIn, notices: notices,
            profiles: profiles, logger: logger
        ).register(on: router)
        ProfileContactHandlers(
            store: store, clock: clock, secrets: secrets, codes: codes, emailSendsLimit: config.emailSendsLimit,
            codeTTL: config.activationCodeTTL, codeMaxAttempts: config.codeMaxAttempts, input: input,
            signedIn: signedIn, smsCodes: smsCodes, guesses: guesses, notices: notices, profiles: profiles,
            logger: logger
        ).register(on: router)
        StepUpHandlers(store: store, clock: clock, signedIn: signedIn, sessions: sessions, logger: logger)
            .register(on: router)
    }
}
