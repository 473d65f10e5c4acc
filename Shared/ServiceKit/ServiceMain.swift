import Client
import Contracts
import FoundationEssentials
import Glibc
import Runtime
import SQLite
import Server
import Wire

/// What a service's `main.swift` gets to wire itself: configuration, logger,
/// router (`health` is registered after the service's own handlers), clients for
/// its peers, its clock, and a place to register what must be closed after every
/// part has stopped. Used only while wiring, on one thread: not Sendable.
public final class ServiceSetup {
    public let config: CommonConfig
    public let environment: Environment
    public let logger: Logger
    public let router: Router
    /// Injected by tests that drive the service in process; nil in a real process.
    let injectedClock: Clock?
    /// Injected peer clients by service name; the others are the run dir's sockets.
    let peers: [String: ServiceClient]
    var closers: [@Sendable () -> Void] = []
    /// A service's own additions to its `health` reply (set while building, before serving).
    public var healthDetails: (@Sendable (inout Health.Reply) -> Void)?
    /// What `health` reports as `refusedMessages` (set by a service with an outbox).
    public var refusedMessages: (@Sendable () -> Int?)?

    init(
        config: CommonConfig, environment: Environment, logger: Logger, router: Router,
        clock: Clock?, peers: [String: ServiceClient]
    ) {
        self.config = config
        self.environment = environment
        self.logger = logger
        self.router = router
        self.injectedClock = clock
        self.peers = peers
    }

    /// A client for a peer service: the injected one, else its socket under the same run dir.
    public func client(for service: String, timeout: TimeInterval = 15) -> ServiceClient {
        peers[service] ?? ServiceClient(socketPath: config.socketPath(of: service), timeout: timeout)
    }

    /// The service's clock: the injected one, else the system clock (or, in debug builds,
    /// the test clock file named by `testVariable`, for tests of the real executable).
    public func clock(testVariable: String) -> Clock {
        injectedClock ?? FileClock.configured(environment, variable: testVariable, logger: logger)
    }

    /// Opens this service's own SQLite file (`<data dir>/<service>.sqlite`).
    public func openDatabase(migrations: [Migration], durability: Database.Durability = .full) throws -> Database {
        let db = try Database(
            path: config.databasePath, migrations: migrations, durability: durability,
            checkpoints: config.replicated ? .external : .own)
        if !db.appliedMigrations.isEmpty {
            logger.info("database.migrated", ["applied": .array(db.appliedMigrations.map { .number(Double($0)) })])
        }
        onShutdown { db.close() }
        return db
    }

    public func onShutdown(_ closer: @escaping @Sendable () -> Void) { closers.append(closer) }
}

/// A service's parts, built and not yet serving: `ServiceMain.run` serves the
/// responder on its socket and runs the workers in a group; tests call
/// `responder.handle` in process and run the workers themselves.
public struct AssembledService: Sendable {
    public let responder: Responder
    public let workers: [Service]
    public let logger: Logger
    let closers: [@Sendable () -> Void]

    /// Closes what the service opened (its database), last first: after every worker stopped.
    public func close() { for close in closers.reversed() { close() } }
}

/// The one start-up path of every service: read the configuration (a bad value
/// stops start-up with one clear line, exit 2), let the service wire its
/// handlers and workers, then serve until SIGTERM/SIGINT and exit 0.
public enum ServiceMain {
    /// Wires a service on a configuration without serving it: the service's handlers,
    /// then `health`, frozen into the responder, and its workers. `messages`: the
    /// service's own error sentences, added to the standard catalogue once. `clock`
    /// and `peers` replace the system clock and the run dir's peer sockets (tests).
    public static func assemble(
        service: String, config: CommonConfig, environment: Environment,
        messages: [[MessageKey: ErrorCatalogue.Entry]] = [],
        clock: Clock? = nil, peers: [String: ServiceClient] = [:],
        logSink: LogSink = .standardError,
        build: (ServiceSetup) throws -> [Service]
    ) throws -> AssembledService {
        let logger = Logger(service: service, minimum: config.logLevel, sink: logSink)
        let router = Router(
            logger: logger, staffUIDs: config.staffUIDs, serviceUIDs: config.serviceUIDs,
            peerUIDs: config.peerUIDs, catalogue: ErrorCatalogue(adding: messages))
        if !config.peersFromFallback.isEmpty {
            // One list for all lets any service send what only one may (issue 18, item 10).
            logger.warning(
                "access.sharedServiceUids", ["unset": .array(config.peersFromFallback.map { .string($0.uidVariable) })])
        }
        let started = monotonicSeconds()
        let setup = ServiceSetup(
            config: config, environment: environment, logger: logger, router: router,
            clock: clock, peers: peers)
        let workers: [Service]
        do {
            workers = try build(setup)
        } catch {
            // What was opened before the failure (the database) is closed again.
            for close in setup.closers.reversed() { close() }
            throw error
        }
        let refused = setup.refusedMessages
        let details = setup.healthDetails
        router.on(Health.self) { _, _ in
            var reply = Health.Reply(
                service: service, version: ConnectVersion.current,
                uptimeS: Int(monotonicSeconds() - started), refusedMessages: refused?())
            details?(&reply)
            return reply
        }
        return AssembledService(
            responder: router.buildResponder(), workers: workers, logger: logger,
            closers: setup.closers)
    }

    public static func run(
        service: String, messages: [[MessageKey: ErrorCatalogue.Entry]] = [],
        build: (ServiceSetup) throws -> [Service]
    ) -> Never {
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
        let assembled: AssembledService
        do {
            assembled = try assemble(
                service: service, config: config, environment: environment, messages: messages,
                build: build)
        } catch {
            fail(service, error)
        }
        let logger = assembled.logger
        let server = SocketServer(
            path: config.socketPath, responder: assembled.responder, logger: logger,
            maxConnections: config.maxConnections, idleTimeout: config.idleTimeout,
            maxPerUID: config.maxConnectionsPerUID, lineTimeout: config.lineTimeout)
        let group = ServiceGroup(services: assembled.workers + [server], logger: logger)
        logger.info(
            "starting",
            [
                "version": .string(ConnectVersion.current), "dataDir": .string(config.dataDir),
                "runDir": .string(config.runDir),
            ])
        var code: Int32 = 0
        do {
            try group.run()
        } catch {
            logger.error("failed", ["error": .string(String(describing: error))])
            _ = writeAll(2, Array("\(service): \(error)\n".utf8))
            code = 1
        }
        assembled.close()
        withExtendedLifetime(ownership) {}
        logger.info("exited", ["code": .number(Double(code))])
        exit(code)
    }

    private static func fail(_ service: String, _ error: Error) -> Never {
        _ = writeAll(2, Array("\(service): \(error)\n".utf8))
        exit(2)
    }
}
