import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import ServiceKit
import Wire

/// Builds the identity service: its database, its handlers, its background parts.
public enum IdentityService {
    public static let migrations: [Migration] = IdentityStore.migrations
    /// Identity's own error sentences, for the catalogue `ServiceMain` builds.
    public static let messages = [IdentityErrorMessages.entries]

    public static func build(_ setup: ServiceSetup) throws -> [Service] {
        let config = try IdentityConfig(setup.environment)
        let logger = setup.logger
        let clock = setup.clock(testVariable: "IDENTITY_TEST_CLOCK_FILE")
        let policy = PasswordPolicy(
            minLength: config.passwordMinLength, maxLength: config.passwordMaxLength,
            commonPasswords: try CommonPasswords.load(file: config.commonPasswordsFile))
        let keyPath = config.keyFile ?? "\(setup.config.dataDir)/identity.key"
        let key = try SecretHasher.loadKey(path: keyPath, create: config.keyFile == nil) { warning in
            logger.warning("key_file", ["problem": .string(warning)])
        }
        let passwords = try PasswordHasher(
            memoryKiB: config.argon2MemoryKiB, ops: config.argon2Ops,
            concurrency: config.argon2Concurrency)
        let db = try setup.openDatabase(migrations: migrations)
        let store = IdentityStore(db: db)
        // The outbox is infrastructure: it runs on real time even under a test clock.
        let relay = OutboxRelay(
            database: db,
            clients: [
                ServiceName.notifier: setup.client(for: ServiceName.notifier),
                ServiceName.admin: setup.client(for: ServiceName.admin),
            ], logger: logger)
        setup.refusedMessages = { relay.refusedCount() }
        try relay.releaseAtStart()
        let identity = Identity(
            store: store, config: config, clock: clock, passwords: passwords,
            secrets: SecretHasher(key: key), policy: policy, relay: relay, logger: logger)
        identity.register(on: setup.router)
        let monitor = identity.smsMonitor
        // `health` tells the budget from the start, not only after the next SMS.
        let now = clock.now()
        let sent = try db.read { try store.smsWindow($0, "new_number = 1", [], now: now) }
        monitor.observed(newLastHour: sent.count)
        if sent.count >= config.smsBudget.newNumbersPerHour {
            monitor.spent(until: (sent.oldest ?? now) + 3600, newLastHour: sent.count)
        }
        setup.healthDetails = { reply in reply.smsBudget = monitor.health(now: clock.now()) }
        logger.info(
            "identity.ready",
            [
                "commonPasswords": .number(Double(policy.commonCount)),
                "argon2MemoryKiB": .number(Double(config.argon2MemoryKiB)),
                "argon2Ops": .number(Double(config.argon2Ops)),
                "argon2Concurrency": .number(Double(config.argon2Concurrency)),
            ])
        let sweeper = Worker(name: "identity-sweeper", interval: 600, logger: logger) {
            try store.sweep(now: clock.now(), sessionMax: config.sessionMax)
            return false
        }
        return [relay, sweeper]
    }
}

/// The shipped list of common passwords (`Resources/common-passwords.txt`) or a
/// deployment's own (`IDENTITY_COMMON_PASSWORDS_FILE`).
enum CommonPasswords {
    static func load(file: String?) throws -> Set<String> {
        let text: String
        if let file {
            guard let t = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigError("IDENTITY_COMMON_PASSWORDS_FILE", "cannot read \(file)")
            }
            text = t
        } else {
            // Compiled into the program (SwiftPM's embedInCode): nothing to install beside it.
            text = String(decoding: PackageResources.common_passwords_txt, as: UTF8.self)
        }
        let list = PasswordPolicy.parseList(text)
        guard !list.isEmpty else { throw ConfigError("IDENTITY_COMMON_PASSWORDS_FILE", "the list is empty") }
        return list
    }
}
