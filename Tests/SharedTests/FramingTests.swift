import Client
import Contracts
import Foundation
import Runtime
import Server
import Sockets
import Synchronization
import TestSupport
import Wire
import XCTest

/// The wire as docs/architecture.md fixes it, exercised against a real SocketServer over a
/// real Unix socket: framing, envelope, errors, limits, ordering, concurrency.
final class FramingTests: XCTestCase {
    var dir: TempDirectory!
    var server: SocketServer!
    var path: String { dir.file("t.sock") }

    enum Echo: Message {
        static let type = "test.echo"
        static let access = Access.anyone
        struct Body: Codable, Sendable {
            var text: String
            var delayMs: Int?
        }
        struct Reply: Codable, Sendable { var text: String }
    }

    enum StaffOnly: Message {
        static let type = "test.staff"
        static let access = Access.staff
        typealias Body = Empty
        typealias Reply = Empty
    }

    enum Boom: Message {
        static let type = "test.boom"
        static let access = Access.anyone
        typealias Body = Empty
        typealias Reply = Empty
    }

    override func setUp() {
        dir = TempDirectory()
        let logger = Logger(service: "test", minimum: .error)
        let router = Router(logger: logger, staffUIDs: [getuid()], serviceUIDs: [])
        router.on(Echo.self) { _, body in
            if let d = body.delayMs { usleep(UInt32(d) * 1000) }
            return Echo.Reply(text: body.text)
        }
        router.on(StaffOnly.self) { _, _ in Empty() }
        router.on(Boom.self) { _, _ in throw NSError(domain: "secret detail", code: 7) }
        server = SocketServer(path: path, responder: router.buildResponder(), logger: logger)
        let s = server!
        let stopped = DispatchSemaphore(value: 0)
        serverStopped = stopped
        Thread {
            try? s.run()
            stopped.signal()
        }.start()
        XCTAssertTrue(server.waitUntilListening())
    }

    override func tearDown() {
        server.shutdown()
        waitForServerToStop()
        dir.remove()
    }

    /// Signalled when the server's `run` returned (its socket closed and removed).
    var serverStopped: DispatchSemaphore?

    func waitForServerToStop() {
        guard let stopped = serverStopped else { return }
        XCTAssertEqual(stopped.wait(timeout: .now() + 10), .success, "the server did not stop")
        serverStopped = nil
    }

    /// A raw connection: writes bytes, reads reply lines.
    final class Raw {
        let fd: Int32
        var pending = Data()
        init(_ path: String) throws { fd = try UnixSocket.connect(path, timeout: 5) }
        deinit { close(fd) }
        func write(_ s: String) { UnixSocket.writeAll(fd, Data(s.utf8)) }
        func write(_ d: Data) { UnixSocket.writeAll(fd, d) }
        func readLine() -> [String: Any]? {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                if let i = pending.firstIndex(of: 0x0A) {
                    let line = pending[pending.startIndex..<i]
                    pending = Data(pending[(i + 1)...])
                    return (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
                }
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { return nil }
                pending.append(contentsOf: chunk[0..<n])
            }
        }
        func errorCode(_ reply: [String: Any]?) -> String? { (reply?["error"] as? [String: Any])?["code"] as? String }
    }

    func testHealthyRequestEchoesIdAndBody() throws {
        let c = try Raw(path)
        c.write(#"{"id":"c-17","type":"test.echo","body":{"text":"grüezi"}}"# + "\n")
        let r = c.readLine()
        XCTAssertEqual(r?["id"] as? String, "c-17")
        XCTAssertEqual(r?["ok"] as? Bool, true)
        XCTAssertEqual((r?["body"] as? [String: Any])?["text"] as? String, "grüezi")
    }

    func testLineSplitAcrossWritesIsReassembled() throws {
        let c = try Raw(path)
        c.write(#"{"id":"a","type":"test.ec"#)
        usleep(50_000)
        c.write(#"ho","body":{"text":"x"}}"#)
        usleep(50_000)
        c.write("\n")
        XCTAssertEqual(c.readLine()?["id"] as? String, "a")
    }

    func testSeveralRequestsInOneWriteAnsweredInOrder() throws {
        let c = try Raw(path)
        // The first is slow: replies must still come in request order.
        var batch = #"{"id":"1","type":"test.echo","body":{"text":"one","delayMs":100}}"# + "\n"
        for i in 2...20 { batch += #"{"id":"\#(i)","type":"test.echo","body":{"text":"n\#(i)"}}"# + "\n" }
        c.write(batch)
        for i in 1...20 { XCTAssertEqual(c.readLine()?["id"] as? String, "\(i)") }
    }

    func testMalformedLinesGetBadRequestAndConnectionStaysUsable() throws {
        let c = try Raw(path)
        let bad: [Data] = [
            Data("not json\n".utf8),
            Data("[1,2,3]\n".utf8),
            Data("{\"id\":\"x\",\"type\":\"test.echo\",\"body\":{\"text\":5}}\n".utf8),
            Data("{\"id\":\"y\",\"type\":\"test.echo\",\"body\":{}}\n".utf8),
            Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A]), // invalid UTF-8
            Data((String(repeating: "[", count: 10_000) + "\n").utf8), // deep nesting
            Data("{\"id\":\"z\",\"type\":\"test.echo\",\"body\":{\"text\":\"a\",\"delayMs\":1e400}}\n".utf8),
        ]
        for line in bad {
            c.write(line)
            let r = c.readLine()
            XCTAssertEqual(r?["ok"] as? Bool, false, "\(String(decoding: line.prefix(40), as: UTF8.self))")
            XCTAssertEqual(c.errorCode(r), "bad_request")
        }
        c.write(#"{"id":"after","type":"test.echo","body":{"text":"still here"}}"# + "\n")
        XCTAssertEqual(c.readLine()?["id"] as? String, "after")
    }

    func testBadFieldIsNamedAndIdIsNullWhenUnreadable() throws {
        let c = try Raw(path)
        c.write(#"{"id":"x","type":"test.echo","body":{"text":5}}"# + "\n")
        let r = c.readLine()
        XCTAssertEqual((r?["error"] as? [String: Any])?["field"] as? String, "text")
        c.write("garbage\n")
        let r2 = c.readLine()
        XCTAssertTrue(r2?["id"] is NSNull, "id must be null when none could be read")
    }

    func testUnknownTypeAndLocalisedMessages() throws {
        let c = try Raw(path)
        for (lang, word) in [("fr", "inconnu"), ("de", "unbekannt"), ("it", "sconosciuto"), ("en", "unknown")] {
            c.write(#"{"id":"u","type":"no.such","lang":"\#(lang)"}"# + "\n")
            let r = c.readLine()
            XCTAssertEqual(c.errorCode(r), "unknown_type")
            let message = (r?["error"] as? [String: Any])?["message"] as? String ?? ""
            XCTAssertTrue(message.contains(word), "\(lang): \(message)")
        }
    }

    func testOversizeLineIsRefusedAndConnectionClosed() throws {
        let c = try Raw(path)
        var big = Data(#"{"id":"big","type":"test.echo","body":{"text":""#.utf8)
        big.append(Data(repeating: 0x61, count: SocketServer.lineLimit + 10))
        big.append(Data("\"}}\n".utf8))
        c.write(big)
        let r = c.readLine()
        XCTAssertEqual(c.errorCode(r), "bad_request")
        XCTAssertNil(c.readLine(), "the connection is closed after an oversize line")
        // The server itself is fine.
        let d = try Raw(path)
        d.write(#"{"id":"ok","type":"test.echo","body":{"text":"x"}}"# + "\n")
        XCTAssertEqual(d.readLine()?["ok"] as? Bool, true)
    }

    func testLineOfExactlyTheLimitIsAccepted() throws {
        let c = try Raw(path)
        let prefix = #"{"id":"max","type":"test.echo","body":{"text":""#
        let suffix = "\"}}"
        let fill = SocketServer.lineLimit - prefix.utf8.count - suffix.utf8.count
        c.write(prefix + String(repeating: "b", count: fill) + suffix + "\n")
        XCTAssertEqual(c.readLine()?["ok"] as? Bool, true)
    }

    func testUnknownErrorsAnswerInternalWithoutDetails() throws {
        let c = try Raw(path)
        c.write(#"{"id":"b","type":"test.boom"}"# + "\n")
        let r = c.readLine()
        XCTAssertEqual(c.errorCode(r), "internal")
        let text = String(describing: r)
        XCTAssertFalse(text.contains("secret detail"))
    }

    func testSlowClientDoesNotBlockOthers() throws {
        let silent = try Raw(path)
        silent.write(#"{"id":"half","type":"test.ec"#) // half a line, then nothing
        let slow = try Raw(path)
        slow.write(#"{"id":"s","type":"test.echo","body":{"text":"x","delayMs":1500}}"# + "\n")
        let fast = try Raw(path)
        let t0 = Date()
        fast.write(#"{"id":"f","type":"test.echo","body":{"text":"y"}}"# + "\n")
        XCTAssertEqual(fast.readLine()?["id"] as? String, "f")
        XCTAssertLessThan(Date().timeIntervalSince(t0), 1.0, "a fast client waited for a slow one")
        XCTAssertEqual(slow.readLine()?["id"] as? String, "s")
    }

    func testPeerCredentialsAndStaffAllowlist() throws {
        // Our uid is in staffUIDs: allowed (a uid not listed is refused: AdminTests' matrix).
        let c = try Raw(path)
        c.write(#"{"id":"s","type":"test.staff"}"# + "\n")
        XCTAssertEqual(c.readLine()?["ok"] as? Bool, true)
        let peer = PeerCredentials.of(socket: c.fd)
        XCTAssertEqual(peer?.uid, getuid())
        XCTAssertEqual(peer?.pid, getpid())
    }

    func testSocketModeIs0660AndStaleSocketIsReplaced() throws {
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o660)
        // A stale socket file (no server behind it) must not block a new server.
        server.shutdown()
        waitForServerToStop()
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try UnixSocket.bindForTest(stale, path: path)
        close(stale) // file stays, nobody listens
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        let logger = Logger(service: "test", minimum: .error)
        let again = SocketServer(
            path: path, responder: Router(logger: logger, staffUIDs: [], serviceUIDs: []).buildResponder(),
            logger: logger)
        Thread { try? again.run() }.start()
        XCTAssertTrue(again.waitUntilListening())
        let c = ServiceClient(socketPath: path)
        XCTAssertThrowsError(try c.call(Health.self, Empty())) { error in
            XCTAssertEqual((error as? ServiceError)?.code, .unknownType)
        }
        again.shutdown()
    }

    func testSecondServerOnALiveSocketRefusesToStart() throws {
        let logger = Logger(service: "test", minimum: .error)
        let second = SocketServer(
            path: path, responder: Router(logger: logger, staffUIDs: [], serviceUIDs: []).buildResponder(),
            logger: logger)
        XCTAssertThrowsError(try second.run())
        // The first still answers.
        let c = try Raw(path)
        c.write(#"{"id":"1","type":"test.echo","body":{"text":"x"}}"# + "\n")
        XCTAssertEqual(c.readLine()?["ok"] as? Bool, true)
    }

    func testSilentConnectionIsClosedAfterTheIdleTimeout() throws {
        let logger = Logger(service: "test", minimum: .error)
        let router = Router(logger: logger, staffUIDs: [getuid()], serviceUIDs: [getuid()])
        router.on(Echo.self) { _, body in Echo.Reply(text: body.text) }
        let idlePath = dir.file("idle.sock")
        let short = SocketServer(path: idlePath, responder: router.buildResponder(), logger: logger, idleTimeout: 0.5)
        Thread { try? short.run() }.start()
        XCTAssertTrue(short.waitUntilListening())
        defer { short.shutdown() }
        let silent = try Raw(idlePath)
        let started = Date()
        XCTAssertNil(silent.readLine(), "a silent connection is closed")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        // A pooled client reconnects transparently afterwards.
        let client = ServiceClient(socketPath: idlePath)
        XCTAssertEqual(try client.call(Echo.self, Echo.Body(text: "a", delayMs: nil)).text, "a")
        usleep(800_000)
        XCTAssertEqual(try client.call(Echo.self, Echo.Body(text: "b", delayMs: nil)).text, "b")
    }

    func testManyConcurrentClients() throws {
        let client = ServiceClient(socketPath: path, maxIdle: 32)
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 32) { i in
            for j in 0..<50 {
                let r = try? client.call(Echo.self, Echo.Body(text: "\(i)-\(j)", delayMs: nil))
                if r?.text != "\(i)-\(j)" { failures.add() }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

final class Counter: Sendable {
    private let n = Atomic<Int>(0)
    func add() { n.add(1, ordering: .relaxed) }
    var value: Int { n.load(ordering: .relaxed) }
}
