import FoundationEssentials
import Glibc
import Runtime
import Sockets
import Synchronization
import Wire

/// Calls another service (or any service, for connectctl and tests) over its Unix
/// socket. Keeps a few open connections for reuse; a broken one is dropped and the
/// call fails with `unavailable` (transport failures are never retried here, since
/// the request may have been handled: retries belong to the outbox relay, which
/// only sends idempotent messages).
public final class ServiceClient: Sendable {
    public let socketPath: String
    public let timeout: TimeInterval
    /// Open connections with the time they were last used.
    private let idle = Mutex<[(fd: Int32, used: Double)]>([])
    /// Pooled connections older than this are not reused: well under the servers'
    /// idle timeout, so a reused connection is never one the server is closing.
    private let maxIdleAge: Double = 60
    private let maxIdle: Int
    private let counter = Atomic<Int>(0)

    public init(socketPath: String, timeout: TimeInterval = 15, maxIdle: Int = 8) {
        self.socketPath = socketPath
        self.timeout = timeout
        self.maxIdle = maxIdle
    }

    deinit { idle.withLock { for c in $0 { close(c.fd) } } }

    /// Sends a typed message; returns its typed reply or throws the remote
    /// ServiceError (or `unavailable` when the service cannot be reached).
    public func call<M: Message>(
        _ message: M.Type, _ body: M.Body, session: String? = nil,
        lang: Language? = nil, id: String? = nil
    ) throws -> M.Reply {
        let replyLine = try exchange(type: M.type, body: body, session: session, lang: lang, id: id)
        let reply: TypedReply<M.Reply>
        do {
            reply = try JSONCoding.decoder.decode(TypedReply<M.Reply>.self, from: replyLine)
        } catch {
            // Not the reply's shape: an error reply, or something that is not JSON.
            let envelope = try Self.envelope(replyLine, socketPath)
            if envelope.ok { throw ServiceError(.internal, detail: "\(M.type): reply not understood: \(error)") }
            throw (envelope.error ?? WireError(code: "internal", message: "", field: nil, extras: [:])).serviceError
        }
        if reply.ok {
            if let body = reply.body { return body }
            do {
                return try JSONCoding.decoder.decode(M.Reply.self, from: Data("{}".utf8))
            } catch {
                throw ServiceError(.internal, detail: "\(M.type): reply not understood: \(error)")
            }
        }
        throw (reply.error ?? WireError(code: "internal", message: "", field: nil, extras: [:])).serviceError
    }

    /// Sends any body under any type; returns the reply envelope as it came.
    public func send<B: Encodable>(
        type: String, body: B, session: String? = nil,
        lang: Language? = nil, id: String? = nil
    ) throws -> ReplyEnvelope {
        try Self.envelope(try exchange(type: type, body: body, session: session, lang: lang, id: id), socketPath)
    }

    /// Sends a body that is already JSON (an outbox row, written by our own
    /// encoder) without decoding and encoding it again.
    public func send(type: String, encodedBody: String, id: String) throws -> ReplyEnvelope {
        var line = Data("{\"body\":".utf8)
        line.append(Data(encodedBody.utf8))
        line.append(Data(",\"id\":".utf8))
        line.append(JSONCoding.literal(id))
        line.append(Data(",\"type\":".utf8))
        line.append(JSONCoding.literal(type))
        line.append(Data("}\n".utf8))
        return try Self.envelope(try roundTrip(line), socketPath)
    }

    private static func envelope(_ line: Data, _ socketPath: String) throws -> ReplyEnvelope {
        do {
            return try JSONCoding.decoder.decode(ReplyEnvelope.self, from: line)
        } catch {
            throw ServiceError(.unavailable, detail: "\(socketPath): reply is not JSON")
        }
    }

    /// Encodes the request, sends it, returns the reply line.
    private func exchange<B: Encodable>(
        type: String, body: B, session: String?, lang: Language?,
        id: String?
    ) throws -> Data {
        let requestID = id ?? nextID()
        let envelope = RequestEnvelope(id: requestID, type: type, session: session, lang: lang?.rawValue, body: body)
        var line = try JSONCoding.encode(envelope)
        line.append(0x0A)
        return try roundTrip(line)
    }

    /// Sends one raw line (must end in `\n`) and returns the raw reply line.
    public func roundTrip(_ line: Data) throws -> Data {
        var (fd, pooled) = try takeConnection()
        if !UnixSocket.writeAll(fd, line) {
            close(fd)
            // A pooled connection the server closed (restart): nothing was sent, so
            // one fresh connection is safe.
            guard pooled else { throw ServiceError(.unavailable, detail: "\(socketPath): write failed") }
            (fd, pooled) = try takeConnection(fresh: true)
            guard UnixSocket.writeAll(fd, line) else {
                close(fd)
                throw ServiceError(.unavailable, detail: "\(socketPath): write failed")
            }
        }
        var reader = LineReader(limit: 64 << 20)
        switch reader.next(from: fd) {
        case .line(let reply):
            giveBack(fd)
            return reply
        case .closed, .tooLong, .tooSlow:
            close(fd)
            throw ServiceError(.unavailable, detail: "\(socketPath): no reply (closed or timed out)")
        }
    }

    private func takeConnection(fresh: Bool = false) throws -> (Int32, Bool) {
        if !fresh {
            let reused = idle.withLock { idle -> Int32? in
                while let c = idle.popLast() {
                    if monotonicSeconds() - c.used < maxIdleAge { return c.fd }
                    close(c.fd)
                }
                return nil
            }
            if let reused { return (reused, true) }
        }
        do {
            return (try UnixSocket.connect(socketPath, timeout: timeout), false)
        } catch {
            throw ServiceError(.unavailable, detail: String(describing: error))
        }
    }

    private func giveBack(_ fd: Int32) {
        let kept = idle.withLock { idle in
            guard idle.count < maxIdle else { return false }
            idle.append((fd, monotonicSeconds()))
            return true
        }
        if !kept { close(fd) }
    }

    private func nextID() -> String {
        "c-\(counter.add(1, ordering: .relaxed).newValue)"
    }
}
