import Contracts
import Foundation
import Messaging
import Runtime
import SQLite
import Server
import Wire

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

    /// Registers every handler of identity on the router.
    func register(on router: Router) {
        InvitationHandler(self).register(on: router)
        RegistrationHandlers(self).register(on: router)
        LoginHandlers(self).register(on: router)
        PasswordHandlers(self).register(on: router)
        SessionHandlers(self).register(on: router)
        AccountHandlers(self).register(on: router)
        ProfileHandlers(self).register(on: router)
        ProfileContactHandlers(self).register(on: router)
        StepUpHandlers(self).register(on: router)
    }
}
