import Client
import Contracts
import Foundation
import Runtime
import Server
import ServiceKit
import Sockets
import Synchronization
import Wire

/// What a test calls a service through: the real executable over its socket
/// (`ServiceClient`) or the service's router in this process (`InProcessClient`).
public protocol ServiceCalls: Sendable {
    func call<M: Message>(
        _ message: M.Type, _ body: M.Body, session: String?, lang: Language?,
        id: String?
    ) throws -> M.Reply
    func send<B: Encodable>(
        type: String, body: B, session: String?, lang: Language?,
        id: String?
    ) throws -> ReplyEnvelope
}

extension ServiceCalls {
    public func call<M: Message>(
        _ message: M.Type, _ body: M.Body, session: String? = nil,
        lang: Language? = nil
    ) throws -> M.Reply {
        try call(message, body, session: session, lang: lang, id: nil)
    }

    public func send<B: Encodable>(
        type: String, body: B, session: String? = nil,
        lang: Language? = nil, id: String? = nil
    ) throws -> ReplyEnvelope {
        try send(type: type, body: body, session: session, lang: lang, id: id)
    }
}

extension ServiceClient: ServiceCalls {}

/// A service wired by `ServiceMain.assemble` in the test process: its handlers are
/// reached through `Responder.handle`, the same call the socket server makes for every
/// line, with this process's credentials; its workers (relay, sweeper, dispatcher)
/// run on threads until `stop()`. Its clock is the test's, its log is kept in memory.
/// What it does not exercise (framing, peer credentials of a socket, signals, start-up
/// checks, the data directory's lock) is tested on the real executables.
public final class InProcessService: Sendable {
    public let name: String
    public let runDir: String
    public let dataDir: String
    public let client: InProcessClient
    private let sink: LogSink
    private let assembled: AssembledService
    private let finished = DispatchGroup()
    private let stopped = Atomic<Bool>(false)

    /// `environment` is the whole environment the service sees (with the run and
    /// data dirs and the log level added), not the test process's.
    public init(
        _ name: String, runDir: String, dataDir: String, environment: [String: String] = [:],
        messages: [[MessageKey: ErrorCatalogue.Entry]] = [], clock: any Clock, peers: [String: ServiceClient] = [:],
        build: (ServiceSetup) throws -> [Service]
    ) throws {
        self.name = name
        self.runDir = runDir
        self.dataDir = dataDir
        for dir in [runDir, dataDir] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        var values = ["CONNECT_RUN_DIR": runDir, "CONNECT_DATA_DIR": dataDir, "CONNECT_LOG_LEVEL": "info"]
        for (k, v) in environment { values[k] = v }
        let env = Environment(values)
        sink = LogSink.memory()
        assembled = try ServiceMain.assemble(
            service: name, config: try CommonConfig(service: name, environment: env),
            environment: env, messages: messages, clock: clock, peers: peers,
            logSink: sink, build: build)
        client = InProcessClient(responder: assembled.responder)
        for worker in assembled.workers {
            finished.enter()
            let thread = Thread { [finished] in
                defer { finished.leave() }
                try? worker.run()
            }
            thread.name = "\(name).\(worker.name)"
            thread.start()
        }
    }

    /// Stops the workers, last first, waits for them, then closes the database.
    /// Returns false when a worker did not stop within `patience`.
    @discardableResult
    public func stop(patience: TimeInterval = 20) -> Bool {
        guard !stopped.exchange(true, ordering: .relaxed) else { return true }
        for worker in assembled.workers.reversed() { worker.shutdown() }
        let done = finished.wait(timeout: .now() + patience) == .success
        assembled.close()
        return done
    }

    deinit { stop() }

    /// Every log line so far.
    public func log() -> String { sink.captured }
}

/// Calls a responder as the socket server does: one request line in, one reply line out.
public final class InProcessClient: ServiceCalls {
    public let responder: Responder
    public let peer: PeerCredentials
    private let counter = Atomic<Int>(0)

    public init(
        responder: Responder,
        peer: PeerCredentials = PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid())
    ) {
        self.responder = responder
        self.peer = peer
    }

    public func call<M: Message>(
        _ message: M.Type, _ body: M.Body, session: String?, lang: Language?,
        id: String?
    ) throws -> M.Reply {
        let envelope = try send(type: M.type, body: body, session: session, lang: lang, id: id)
        guard envelope.ok else {
            throw (envelope.error ?? WireError(code: "internal", message: "", field: nil, extras: [:])).serviceError
        }
        return try (envelope.body ?? .object([:])).decode(M.Reply.self)
    }

    public func send<B: Encodable>(
        type: String, body: B, session: String?, lang: Language?,
        id: String?
    ) throws -> ReplyEnvelope {
        let request = Request(
            id: id ?? "t-\(counter.add(1, ordering: .relaxed).newValue)", type: type,
            session: session, lang: lang?.rawValue, body: body)
        return try roundTrip(try JSONCoding.encode(request))
    }

    /// One raw line (without its `\n`) through the responder; the reply envelope.
    public func roundTrip(_ line: Data) throws -> ReplyEnvelope {
        try JSONCoding.decoder.decode(ReplyEnvelope.self, from: responder.handle(line: line, peer: peer))
    }

    private struct Request<Body: Encodable>: Encodable {
        var id: String
        var type: String
        var session: String?
        var lang: String?
        var body: Body
    }
}
