import Foundation
import Wire
import Runtime
import Server

/// A small stand-in for a peer service, in the test process: a real socket server
/// whose handlers the test registers, recording every request it received.
/// Lets a service be tested on its own, e.g. identity with a fake notifier.
public final class FakePeer: @unchecked Sendable {
    public let router: Router
    public let socketPath: String
    private let server: SocketServer
    private let lock = NSLock()
    private var received: [(type: String, id: String?, body: JSONValue)] = []

    public init(socketPath: String) {
        self.socketPath = socketPath
        let logger = Logger(service: "fake", minimum: .error)
        router = Router(logger: logger, staffUIDs: [getuid()], serviceUIDs: [getuid()])
        server = SocketServer(path: socketPath, router: router, logger: logger)
    }

    /// Registers a handler that records the body and answers with `reply`.
    public func on<M: Message>(_ message: M.Type, reply: @escaping @Sendable (M.Body) throws -> M.Reply) {
        let type = M.type
        router.on(message) { [weak self] context, body in
            let raw = (try? JSONValue.encoding(body)) ?? .null
            self?.record(type, context.requestId, raw)
            return try reply(body)
        }
    }

    private func record(_ type: String, _ id: String?, _ body: JSONValue) {
        lock.lock(); received.append((type, id, body)); lock.unlock()
    }

    /// Every request of a type received so far (bodies as JSON).
    public func requests(_ type: String) -> [JSONValue] {
        lock.lock(); defer { lock.unlock() }
        return received.filter { $0.type == type }.map(\.body)
    }

    /// Envelope ids of every request of a type (to check deduplication keys).
    public func requestIds(_ type: String) -> [String?] {
        lock.lock(); defer { lock.unlock() }
        return received.filter { $0.type == type }.map(\.id)
    }

    public func start() {
        Thread { [server] in try? server.run() }.start()
        precondition(server.waitUntilListening(), "fake peer did not listen")
    }

    public func stop() { server.shutdown() }

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
