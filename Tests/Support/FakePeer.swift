import Foundation
import Wire
import Runtime
import Server
import Synchronization

/// A small stand-in for a peer service, in the test process: a real socket server
/// whose handlers the test registers, recording every request it received.
/// Lets a service be tested on its own, e.g. identity with a fake notifier.
public final class FakePeer: Sendable {
    public let socketPath: String
    private let logger = Logger(service: "fake", minimum: .error)
    /// Handlers are registered on the router until `start` builds the server from it.
    private enum Phase {
        case wiring(Router)
        case serving(SocketServer)
    }
    private let phase: Mutex<Phase>
    private let received = Mutex<[(type: String, id: String?, body: JSONValue)]>([])

    public init(socketPath: String) {
        self.socketPath = socketPath
        phase = Mutex(.wiring(Router(logger: logger, staffUIDs: [getuid()], serviceUIDs: [getuid()])))
    }

    /// Registers a handler that records the body and answers with `reply`; before `start`.
    public func on<M: Message>(_ message: M.Type, reply: @escaping @Sendable (M.Body) throws -> M.Reply) {
        let type = M.type
        phase.withLock { phase in
            guard case .wiring(let router) = phase else { preconditionFailure("FakePeer.on after start") }
            router.on(message) { [weak self] context, body in
                let raw = (try? JSONValue.encoding(body)) ?? .null
                self?.record(type, context.requestId, raw)
                return try reply(body)
            }
        }
    }

    private func record(_ type: String, _ id: String?, _ body: JSONValue) {
        received.withLock { $0.append((type, id, body)) }
    }

    /// Every request of a type received so far (bodies as JSON).
    public func requests(_ type: String) -> [JSONValue] {
        received.withLock { $0.filter { $0.type == type }.map(\.body) }
    }

    /// Envelope ids of every request of a type (to check deduplication keys).
    public func requestIds(_ type: String) -> [String?] {
        received.withLock { $0.filter { $0.type == type }.map(\.id) }
    }

    public func start() {
        let server = phase.withLock { phase -> SocketServer in
            switch phase {
            case .serving(let server):
                return server
            case .wiring(let router):
                let server = SocketServer(path: socketPath, responder: router.buildResponder(), logger: logger)
                phase = .serving(server)
                return server
            }
        }
        Thread { [server] in try? server.run() }.start()
        precondition(server.waitUntilListening(), "fake peer did not listen")
    }

    public func stop() {
        phase.withLock { phase in
            if case .serving(let server) = phase { server.shutdown() }
        }
    }

    /// Waits until `count` requests of `type` arrived (or `timeout` passed).
    @discardableResult
    public func wait(for type: String, count: Int = 1, timeout: TimeInterval = 10) -> [JSONValue] {
        let deadline = Date() + timeout
        while Date() < deadline {
            let r = requests(type)
            if r.count >= count { return r }
            usleep(20_000)
        }
        return requests(type)
    }
}
