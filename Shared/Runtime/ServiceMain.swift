import Foundation
import Wire
import Contracts
import Runtime
import SQLite
import Server
import Client

/// What a service's `main.swift` gets to wire itself: configuration, logger,
/// router (`health` is registered after the service's own handlers), clients for
/// its peers, and a place to register what must be closed after every part has
/// stopped. Used only while wiring, on the main thread: not Sendable.
public final class ServiceSetup {
    public let config: CommonConfig
    public let environment: Environment
    public let logger: Logger
    public let router: Router
    var closers: [() -> Void] = []
    /// A service's own additions to its `health` reply (set while building, before serving).
    public var healthDetails: (@Sendable (inout Health.Reply) -> Void)?
    /// What `health` reports as `refusedMessages` (set by a service with an outbox).
    public var refusedMessages: (@Sendable () -> Int?)?

    init(config: CommonConfig, environment: Environment, logger: Logger, router: Router) {
        self.config = config
        self.environment = environment
        self.logger = logger
        self.router = router
    }

    /// A client for a peer service's socket under the same run dir.
    public func client(for service: String, timeout: TimeInterval = 15) -> ServiceClient {
        ServiceClient(socketPath: config.socketPath(of: service), timeout: timeout)
    }

    /// Opens this service's own SQLite file (`<data dir>/<service>.sqlite`).
    public func openDatabase(migrations: [Migration], durability: Database.Durability = .full) throws -> Database {
        let db = try Database(path: config.databasePath, migrations: migrations, durability: durability,
                              checkpoints: config.replicated ? .external : .own)
        if !db.appliedMigrations.isEmpty {
            logger.info("database.migrated", ["applied": .array(db.appliedMigrations.map { .number(Double($0)) })])
        }
        onShutdown { db.close() }
        return db
    }

    public func onShutdown(_ closer: @escaping () -> Void) { closers.append(closer) }
}

/// The one start-up path of every service: read the configuration (a bad value
/// stops start-up with one clear line, exit 2), let the service wire its
/// handlers and workers, then serve until SIGTERM/SIGINT and exit 0.
public enum ServiceMain {
    /// `messages`: the service's own error sentences, added to the standard
    /// catalogue once, before anything is served.
    public static func run(service: String, messages: [[MessageKey: ErrorCatalogue.Entry]] = [],
                           build: (ServiceSetup) throws -> [Service]) -> Never {
        let environment = Environment()
        let config: CommonConfig
        do {
            config = try CommonConfig(service: service, environment: environment)
        } catch {
            fail(service, error)
        }
        // Before any file is opened: the directories, the socket path, and this
        // process as the data directory's only owner (kept until exit).
        let ownership: DataDirectoryLock
        do {
            try StartupChecks.check(config)
            ownership = try DataDirectoryLock.acquire(service: service, dataDir: config.dataDir)
        } catch {
            fail(service, error)
        }
        let logger = Logger(service: service, minimum: config.logLevel)
        let router = Router(logger: logger, staffUIDs: config.staffUIDs, serviceUIDs: config.serviceUIDs,
                            peerUIDs: config.peerUIDs, catalogue: ErrorCatalogue(adding: messages))
        if !config.peersFromFallback.isEmpty {
            // One list for all lets any service send what only one may (issue 18, item 10).
            logger.warning("access.sharedServiceUids", ["unset": .array(config.peersFromFallback.map { .string($0.uidVariable) })])
        }
        let started = monotonicSeconds()
        let setup = ServiceSetup(config: config, environment: environment, logger: logger, router: router)
        let workers: [Service]
        do {
            workers = try build(setup)
        } catch {
            fail(service, error)
        }
        let refused = setup.refusedMessages
        let details = setup.healthDetails
        router.on(Health.self) { _, _ in
            var reply = Health.Reply(service: service, version: ConnectVersion.current,
                                     uptimeS: Int(monotonicSeconds() - started), refusedMessages: refused?())
            details?(&reply)
            return reply
        }
        let server = SocketServer(path: config.socketPath, responder: router.buildResponder(), logger: logger,
                                  maxConnections: config.maxConnections, idleTimeout: config.idleTimeout,
                                  maxPerUID: config.maxConnectionsPerUID, lineTimeout: config.lineTimeout)
        let group = ServiceGroup(services: workers + [server], logger: logger)
        logger.info("starting", ["version": .string(ConnectVersion.current), "dataDir": .string(config.dataDir),
                                 "runDir": .string(config.runDir)])
        var code: Int32 = 0
        do {
            try group.run()
        } catch {
            logger.error("failed", ["error": .string(String(describing: error))])
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            code = 1
        }
        for close in setup.closers.reversed() { close() }
        withExtendedLifetime(ownership) {}
        logger.info("exited", ["code": .number(Double(code))])
        exit(code)
    }

    private static func fail(_ service: String, _ error: Error) -> Never {
        FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
        exit(2)
    }
}
