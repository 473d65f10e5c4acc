import Contracts
import FoundationEssentials
import Runtime
import SQLite
import ServiceKit
import Wire

/// Builds the notifier: configuration, store, group commit, dispatcher, and the
/// handlers (`Handlers/`).
public enum NotifierService {
    public static let migrations: [Migration] = MessageStore.migrations
    /// The notifier's own error sentences, for the catalogue `ServiceMain` builds.
    public static let messages = [SendValidation.catalogue]

    public static func build(_ setup: ServiceSetup) throws -> [Service] {
        let config = try NotifierConfig(environment: setup.environment)
        let catalog = try TemplateCatalog(configuredDirectory: config.templateDirectory)
        let outboxes = try Outboxes.make(config) { problem in
            setup.logger.warning("outbox.token", ["problem": .string(problem)])
        }
        if let longest = outboxes.values.map(\.maxDuration).max(), config.lease <= longest {
            throw ConfigError(
                "NOTIFIER_LEASE",
                "\(config.lease) s is not longer than the longest delivery (\(longest) s, "
                    + "the outbox timeout + 1 s): a live worker could lose its claim")
        }
        let database = try setup.openDatabase(migrations: migrations, durability: .full)
        let store = try MessageStore(database: database, smsPerNumberPerHour: config.smsPerNumberPerHour)
        // The data directory's lock makes this process the only owner: claims left
        // by a dead one are released now, not after their lease (which stays, as a
        // guard against a worker that hangs).
        let released = try store.releaseAbandonedClaims()
        if released > 0 { setup.logger.warning("claims.released", ["count": .number(Double(released))]) }
        let renderer = MessageRenderer(catalog: catalog, fund: config.fund, from: config.from)
        let dispatcher = Dispatcher(
            store: store, renderer: renderer, outboxes: outboxes,
            policy: RetryPolicy(maxAttempts: config.maxAttempts, base: config.retryBase, cap: config.retryMax),
            lease: config.lease, workers: config.workers,
            // Batches pay off for files; a gateway's round trip dwarfs a claim, and one
            // message per claim keeps a crash's repeats to one per worker.
            batch: outboxes.values.allSatisfy(\.repeatsAreHarmless) ? 8 : 1,
            pollInterval: config.pollInterval, retention: config.retention, logger: setup.logger)
        let committer = GroupCommit(store: store, logger: setup.logger) { dispatcher.wake() }
        SendHandler(catalog: catalog, committer: committer).register(on: setup.router)
        StatusHandlers(store: store, catalog: catalog).register(on: setup.router)
        setup.logger.info(
            "outboxes",
            Dictionary(
                uniqueKeysWithValues: outboxes.map {
                    ($0.key.rawValue, JSONValue.string($0.value.kind))
                }))
        return [committer, dispatcher]
    }
}
