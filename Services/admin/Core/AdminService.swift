import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Server
import ServiceKit
import Wire

/// Builds the admin service: its database, its handlers, its background parts.
public enum AdminService {
    public static let migrations: [Migration] = AdminStore.migrations
    /// Admin's own error sentences, for the catalogue `ServiceMain` builds.
    public static let messages = [AdminError.entries, MandantErrors.entries, PendingInvitationHandlers.entries]

    public static func build(_ setup: ServiceSetup) throws -> [Service] {
        let env = setup.environment
        let catalogue = try ThemeCatalogue.load(environment: env)
        let identityTimeout = try env.seconds("ADMIN_IDENTITY_TIMEOUT", default: 10)
        let cacheMB = try env.int("ADMIN_DB_CACHE_MB", default: 64, range: 2...4096)
        let stepUp = try env.seconds("ADMIN_STEP_UP_SECONDS", default: 600)
        let reconcileEvery = try env.seconds("ADMIN_RECONCILE_INTERVAL", default: 3600)
        let db = try setup.openDatabase(migrations: migrations)
        // The lists join memberships to users by key: keep the hot pages in memory
        // (SQLite's default 2 MB cache halves search speed at 100,000 users).
        try db.read {
            try $0.executeScript("PRAGMA cache_size = -\(cacheMB * 1024); PRAGMA mmap_size = \(cacheMB << 20)")
        }
        // To identity: compensations that must not be lost (AccountHealing).
        let relay = OutboxRelay(
            database: db,
            clients: [
                ServiceName.notifier: setup.client(for: ServiceName.notifier),
                ServiceName.identity: setup.client(for: ServiceName.identity),
            ],
            logger: setup.logger)
        setup.refusedMessages = { relay.refusedCount() }
        try relay.releaseAtStart()
        let runtime = AdminRuntime(
            store: AdminStore(db: db),
            identity: setup.client(for: ServiceName.identity, timeout: identityTimeout),
            catalogue: catalogue, clock: setup.clock(testVariable: "ADMIN_TEST_CLOCK_FILE"),
            logger: setup.logger, relay: relay, stepUpSeconds: stepUp)
        register(setup.router, runtime)
        return [relay, AccountReconciler.worker(runtime, interval: reconcileEvery)]
    }

    /// Every `admin.*` message and the events admin receives.
    public static func register(_ router: Router, _ rt: AdminRuntime) {
        let handlers: [any AdminHandler.Type] = [
            EmployerHandlers.self, ProfileHandlers.self, UserReadHandlers.self, UserCreateHandlers.self,
            UserUpdateHandler.self, ConsentHandlers.self, ExportHandler.self, EventHandlers.self,
            MandantHandlers.self, DelegationHandlers.self, SettingsHandlers.self, PendingInvitationHandlers.self,
            AuditHandlers.self,
        ]
        for handler in handlers { handler.init(rt: rt).register(on: router) }
    }
}
