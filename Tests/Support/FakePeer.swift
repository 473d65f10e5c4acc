import Foundation
import Runtime
import Server
import Synchronization
import Wire

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
    private let received = Arrivals<Received>()
    private let stopped = DispatchSemaphore(value: 0)

    private struct Received: Sendable {
        let type: String
        let id: String?
        let body: JSONValue
    }

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
        received.append(Received(type: type, id: id, body: body))
    }

    /// Every request of a type received so far (bodies as JSON).
    public func requests(_ type: String) -> [JSONValue] {
        received.all.filter { $0.type == type }.map(\.body)
    }

    /// Envelope ids of every request of a type (to check deduplication keys).
    public func requestIds(_ type: String) -> [String?] {
        received.all.filter { $0.type == type }.map(\.id)
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
        Thread { [server, stopped] in
            try? server.run()
            stopped.signal()
        }.start()
        precondition(server.waitUntilListening(), "fake peer did not listen")
    }

    /// Stops listening; returns once the socket is closed and its file removed.
    public func stop() {
        let server = phase.withLock { phase -> SocketServer? in
            if case .serving(let server) = phase { return server }
            return nil
        }
        guard let server else { return }
        server.shutdown()
        _ = stopped.wait(timeout: .now() + 10)
    }

    /// Waits until `count` requests of `type` arrived (or `timeout` passed).
    @discardableResult
    public func wait(for type: String, count: Int = 1, timeout: TimeInterval = 10) -> [JSONValue] {
        received.wait(timeout: timeout) { all in all.lazy.filter { $0.type == type }.count >= count }
        return requests(type)
    }

    /// Waits until the requests of `type` satisfy `satisfied` (or `timeout` passed);
    /// returns them (bodies as JSON). Woken by each request, not polled.
    @discardableResult
    public func wait(
        for type: String, timeout: TimeInterval = 10,
        until satisfied: ([JSONValue]) throws -> Bool
    ) rethrows -> [JSONValue] {
        try received.wait(timeout: timeout) { all in try satisfied(all.filter { $0.type == type }.map(\.body)) }
        return requests(type)
    }
}
