import Foundation
import Synchronization
import Wire

/// Sends a stream of hostile lines over one pipelined connection (a writer thread
/// and a reader) and checks every reply: a JSON object, `ok` true or an error with
/// a known code and a message, the right `id` whenever the request's was readable.
final class HostileStream: Sendable {
    static let knownCodes = Set(ErrorCode.allCases.map(\.rawValue))

    struct Outcome {
        var replies = 0
        var codes: [String: Int] = [:]
        var kinds: [String: Int] = [:]
        var failures: [String] = []
    }

    /// The lines written and not yet answered, between the writer thread and the reader.
    private final class InFlight: Sendable {
        struct Lines {
            var pending: [(HostileLine.Expect, String, [UInt8])] = []
            var writeFailedAt: Int?
        }
        let lines = Mutex(Lines())
        /// One signal per line queued, and one when the writer is done.
        let queued = DispatchSemaphore(value: 0)
        /// At most ~2000 lines ahead of the reader.
        let room = DispatchSemaphore(value: 2001)
        let writerDone = DispatchSemaphore(value: 0)
    }

    /// Runs `count` lines from `maker` against `socket`; blocks until every reply is read.
    func run(socket path: String, maker: HostileLineMaker, count: Int) -> Outcome {
        var outcome = Outcome()
        let socket: LineSocket
        do { socket = try LineSocket(path, timeout: 60) } catch {
            outcome.failures.append("connect: \(error)")
            return outcome
        }
        defer { socket.close() }
        let flight = InFlight()
        let writer = Thread {
            var maker = maker
            for i in 0..<count {
                let line = maker.next()
                flight.room.wait()
                flight.lines.withLock { $0.pending.append((line.expect, line.kind, Array(line.bytes.prefix(160)))) }
                flight.queued.signal()
                if !socket.write(Data(line.bytes + [0x0A])) {
                    flight.lines.withLock { $0.writeFailedAt = i }
                    break
                }
            }
            flight.queued.signal()
            flight.writerDone.signal()
        }
        writer.start()
        for _ in 0..<count {
            flight.queued.wait()
            // Empty only after the writer's last signal: it stopped early.
            guard
                let (expect, kind, prefix) = flight.lines.withLock({
                    $0.pending.isEmpty ? nil : $0.pending.removeFirst()
                })
            else { break }
            flight.room.signal()
            outcome.kinds[kind, default: 0] += 1
            guard let reply = socket.readLine() else {
                outcome.failures.append(
                    "no reply (connection closed or timed out) after \(outcome.replies) replies, to \(kind): \(Self.show(prefix))"
                )
                break
            }
            outcome.replies += 1
            if let problem = Self.check(reply, expect) {
                outcome.failures.append("\(problem) — \(kind): \(Self.show(prefix))")
            }
            outcome.codes[Self.code(of: reply), default: 0] += 1
        }
        // Let the writer finish (or fail) before the socket closes.
        socket.close()
        flight.room.signal()
        flight.writerDone.wait()
        if let at = flight.lines.withLock({ $0.writeFailedAt }) {
            outcome.failures.append("the server closed the connection: write of line \(at) failed")
        }
        return outcome
    }

    /// A reply as the checks read it (JSONDecoder: JSONSerialization drops a U+FEFF inside strings).
    struct Reply: Decodable {
        struct Failure: Decodable {
            var code: String?
            var message: String?
        }
        var hasId: Bool
        var id: String?
        var ok: Bool?
        var body: JSONValue?
        var error: Failure?
        enum Keys: String, CodingKey { case id, ok, body, error }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            hasId = c.contains(.id)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            ok = try c.decodeIfPresent(Bool.self, forKey: .ok)
            body = try c.decodeIfPresent(JSONValue.self, forKey: .body)
            error = try c.decodeIfPresent(Failure.self, forKey: .error)
        }
        static func read(_ line: Data) -> Reply? { try? JSONDecoder().decode(Reply.self, from: line) }
    }

    /// nil if the reply is right for what was sent, else what is wrong with it.
    static func check(_ line: Data, _ expect: HostileLine.Expect) -> String? {
        guard let reply = Reply.read(line) else {
            return "reply is not a JSON object of the reply shape: \(show(Array(line.prefix(200))))"
        }
        guard let ok = reply.ok else { return "reply has no ok: \(show(Array(line.prefix(200))))" }
        let id = reply.id
        if !reply.hasId { return "reply has no id member" }
        if ok {
            guard case .object = reply.body else { return "ok reply without a body object" }
        } else {
            guard let code = reply.error?.code else {
                return "error reply without error.code: \(show(Array(line.prefix(200))))"
            }
            guard knownCodes.contains(code) else { return "unknown error code \(code)" }
            guard code != "internal" else { return "answered internal (an unhandled failure)" }
            guard let message = reply.error?.message, !message.isEmpty else { return "error without message" }
        }
        switch expect {
        case .any: return nil
        case .id(let want): return id == want ? nil : "reply id \(id ?? "null") instead of \(want ?? "null")"
        case .idOrNull(let want): return id == nil || id == want ? nil : "reply id \(id ?? "null") instead of \(want)"
        case .health(let service):
            guard ok, reply.body?["service"]?.stringValue == service else {
                return "health not answered by \(service): \(show(Array(line.prefix(200))))"
            }
            return nil
        }
    }

    static func code(of line: Data) -> String {
        guard let reply = Reply.read(line) else { return "?" }
        if reply.ok == true { return "ok" }
        return reply.error?.code ?? "?"
    }

    /// Printable form of a line prefix: ASCII as is, other bytes as \xNN.
    static func show(_ bytes: [UInt8]) -> String {
        bytes.map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined()
    }
}
