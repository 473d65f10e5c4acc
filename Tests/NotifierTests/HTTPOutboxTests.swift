import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// A real HTTP gateway on loopback (Python's http.server) that logs every request
/// and answers per message: first with `behaviour` (200, 500, slow, drop, 400),
/// then 200. The gateway dedupes by Idempotency-Key, as a real one would.
final class HTTPGateway {
    static let script = """
        import sys, json, time, threading, socket
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
        port, log_path, behaviour, delay = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
        address = sys.argv[5]
        lock = threading.Lock()
        seen = {}
        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                key = self.headers.get("Idempotency-Key")
                with lock:
                    n = seen.get(key, 0) + 1
                    seen[key] = n
                    with open(log_path, "a") as f:
                        f.write(json.dumps({"key": key, "n": n, "auth": self.headers.get("Authorization"),
                                            "type": self.headers.get("Content-Type"),
                                            "expect": self.headers.get("Expect"),
                                            "body": json.loads(body)}) + "\\n")
                mode = behaviour if n == 1 else "200"
                if mode == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if mode == "slow":
                    time.sleep(3)
                if delay > 0:
                    time.sleep(delay)
                code = {"200": 202, "500": 500, "slow": 200, "400": 400, "429": 429, "301": 301}[mode]
                out = b'{"ok":true}'
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                if code == 301:
                    self.send_header("Location", self.path)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)
        ThreadingHTTPServer.daemon_threads = True
        ThreadingHTTPServer((address, port), H).serve_forever()
        """

    struct Request: Decodable {
        let key: String?
        let n: Int
        let auth: String?
        let type: String?
        let expect: String?
        let body: [String: JSONValue]
    }

    let port = freePort()
    let logPath: String
    private let process = Process()

    init(directory: String, behaviour: String, delay: Double = 0, address: String = "127.0.0.1") throws {
        logPath = "\(directory)/gateway.jsonl"
        let scriptPath = "\(directory)/gateway.py"
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scriptPath, String(port), logPath, behaviour, String(delay), address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard waitForPort(port, host: address) else {
            throw ServiceError(.unavailable, detail: "gateway did not listen")
        }
    }

    var url: String { url(host: "127.0.0.1") }

    func url(host: String) -> String { "http:http://\(host):\(port)/messages" }

    var requests: [Request] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    func stop() {
        process.terminateAndWait()
    }
}

final class HTTPOutboxTests: XCTestCase {
    var notifier: NotifierUnderTest!
    var gateway: HTTPGateway!

    func start(
        _ behaviour: String, host: String = "127.0.0.1", address: String = "127.0.0.1", extra: [String: String] = [:]
    ) throws {
        let temp = TempDirectory("nh")
        addTeardownBlock { temp.remove() }
        gateway = try HTTPGateway(directory: temp.path, behaviour: behaviour, address: address)
        try "s3cr3t-token\n".write(toFile: temp.file("token"), atomically: true, encoding: .utf8)
        var env = [
            "NOTIFIER_OUTBOX": gateway.url(host: host), "NOTIFIER_HTTP_TOKEN_FILE": temp.file("token"),
            "NOTIFIER_HTTP_TIMEOUT": "1", "NOTIFIER_LEASE": "5",
        ]
        for (k, v) in extra { env[k] = v }
        notifier = NotifierUnderTest("nh", environment: env)
        try notifier.start()
    }

    override func tearDown() {
        notifier?.remove()
        gateway?.stop()
    }

    func sendSms(_ key: String) throws -> String {
        try notifier.send(
            key, channel: .sms, to: "+41791112233", language: .it, template: TemplateName.smsEnrolment,
            params: ["code": "482913"]
        ).messageId
    }

    func testSuccessCarriesTokenIdempotencyKeyAndTheMessage() throws {
        try start("200")
        let id = try sendSms("h1")
        let status = try notifier.waitFor(id, "sent")
        XCTAssertEqual(status.attempts, 1)
        let requests = gateway.requests
        XCTAssertEqual(requests.count, 1)
        let r = try XCTUnwrap(requests.first)
        XCTAssertEqual(r.key, id)
        XCTAssertEqual(r.auth, "Bearer s3cr3t-token")
        XCTAssertEqual(r.type, "application/json")
        XCTAssertEqual(r.body["messageId"], .string(id))
        XCTAssertEqual(r.body["channel"], "sms")
        XCTAssertEqual(r.body["to"], "+41791112233")
        XCTAssertEqual(r.body["text"]?.stringValue?.contains("482913"), true)
        XCTAssertNil(r.body["subject"])
        let pid = try XCTUnwrap(notifier.process.process?.processIdentifier)
        XCTAssertTrue(mappedFiles(pid).contains { $0.contains("libcurl") }, "an http: outbox loads libcurl")
        // Neither the gateway's token nor the code it carried is in the notifier's log.
        XCTAssertEqual(
            SecretScan.found(
                in: ["notifier": notifier.process.log()],
                ["the HTTP token": "s3cr3t-token", "the SMS code": "482913"]), [])
    }

    /// A fund's gateway has a host name: libcurl resolves it (getaddrinfo on its resolver
    /// thread, in the service's process), which an address in the URL never exercises, nor
    /// `localhost` (libcurl answers that one itself). The machine's own name is used, with
    /// the gateway listening on the address it resolves to.
    func testGatewayNamedByHostNameIsResolvedAndReached() throws {
        guard let (name, address) = ownNameAndAddress() else {
            throw XCTSkip("this machine's name does not resolve to an IPv4 address (/etc/hosts)")
        }
        try start("200", host: name, address: address)
        let id = try sendSms("hname")
        let status = try notifier.waitFor(id, "sent")
        XCTAssertEqual(status.attempts, 1)
        XCTAssertEqual(gateway.requests.map(\.key), [id])
    }

    func testEmailCarriesSubjectAndHtml() throws {
        try start("200")
        let id = try notifier.send(
            "h-mail", language: .it, template: TemplateName.accountDeactivated,
            params: ["firstName": "Léa", "employerName": "Modèle SA"]
        ).messageId
        try notifier.waitFor(id, "sent")
        let r = try XCTUnwrap(gateway.requests.first)
        XCTAssertEqual(r.body["subject"], "Il suo accesso connect è stato disattivato")
        XCTAssertEqual(r.body["html"]?.stringValue?.contains("Buongiorno Léa"), true)
    }

    func testServerErrorIsRetriedThenSucceeds() throws {
        try start("500")
        let id = try sendSms("h500")
        let status = try notifier.waitFor(id, "sent")
        XCTAssertGreaterThanOrEqual(status.attempts, 2)
        XCTAssertEqual(gateway.requests.map(\.n).prefix(2), [1, 2])
        XCTAssertEqual(Set(gateway.requests.map(\.key)), [id])
    }

    func testSlowGatewayTimesOutAndIsRetriedUnderTheSameKey() throws {
        try start("slow")
        let id = try sendSms("hslow")
        let status = try notifier.waitFor(id, "sent", timeout: 20)
        XCTAssertGreaterThanOrEqual(status.attempts, 2)
        XCTAssertEqual(Set(gateway.requests.map(\.key)), [id], "the repeat carries the same Idempotency-Key")
    }

    func testDroppedConnectionIsRetried() throws {
        try start("drop")
        let id = try sendSms("hdrop")
        let status = try notifier.waitFor(id, "sent")
        XCTAssertGreaterThanOrEqual(status.attempts, 2)
        XCTAssertGreaterThanOrEqual(gateway.requests.count, 2)
        XCTAssertEqual(Set(gateway.requests.map(\.key)), [id])
    }

    func testClientErrorFailsForGoodAndErasesTheCode() throws {
        try start("400")
        let id = try sendSms("h400")
        let status = try notifier.waitFor(id, "failed")
        XCTAssertEqual(status.attempts, 1)
        XCTAssertEqual(status.lastError, "permanent: gateway answered HTTP 400")
        let dump = try runProgram("/usr/bin/sqlite3", ["-readonly", notifier.databasePath, ".dump"]).output
        XCTAssertFalse(dump.contains("482913"))
    }

    func testGivesUpAfterMaxAttempts() throws {
        gateway = nil
        let temp = TempDirectory("nh")
        defer { temp.remove() }
        // Nobody listens on this port: every attempt fails to connect.
        notifier = NotifierUnderTest(
            "nh",
            environment: [
                "NOTIFIER_OUTBOX": "http:http://127.0.0.1:\(freePort())/x", "NOTIFIER_MAX_ATTEMPTS": "3",
                "NOTIFIER_RETRY_BASE": "0.1", "NOTIFIER_HTTP_TIMEOUT": "1", "NOTIFIER_LEASE": "5",
            ])
        try notifier.start()
        let id = try sendSms("hdown")
        let status = try notifier.waitFor(id, "failed")
        XCTAssertEqual(status.attempts, 3)
        XCTAssertTrue(status.lastError?.contains("unreachable") ?? false, "\(status)")
        XCTAssertTrue(notifier.process.log().contains("\"event\":\"message.failed\""))
    }
}

/// libcurl is loaded (dlopen) only when an http: outbox exists: a notifier with
/// file outboxes maps no HTTP, TLS or Kerberos library (issue 8: idle memory).
final class HTTPClientLoadingTests: XCTestCase {
    func testFileOutboxesMapNoHTTPLibrary() throws {
        let notifier = NotifierUnderTest("nl")
        defer { notifier.remove() }
        try notifier.start()
        try notifier.waitFor(try notifier.send("nl-1").messageId, "sent")
        let files = mappedFiles(try XCTUnwrap(notifier.process.process?.processIdentifier))
        // The program itself is always mapped (a static one maps nothing else).
        XCTAssertTrue(files.contains { $0.hasSuffix("/notifier") }, "the maps were read: \(files)")
        XCTAssertEqual(
            files.filter {
                $0.contains("libcurl") || $0.contains("FoundationNetworking")
                    || $0.contains("libssl") || $0.contains("libgnutls")
            }, [])
    }

    func testMissingLibcurlStopsStartUpOnlyWhenAnHTTPOutboxNeedsIt() throws {
        let missing = "/nonexistent/libcurl.so.4"
        let http = NotifierUnderTest(
            "nl",
            environment: [
                "NOTIFIER_SMS_OUTBOX": "http:http://127.0.0.1:9/x",
                "NOTIFIER_CURL_LIBRARY": missing,
            ])
        defer { http.remove() }
        XCTAssertThrowsError(try http.process.start(timeout: 5))
        XCTAssertEqual(http.process.process?.terminationStatus, 2)
        let line = try XCTUnwrap(
            http.process.log().split(separator: "\n").first { $0.contains("NOTIFIER_CURL_LIBRARY") })
        XCTAssertTrue(line.contains("needs libcurl") && line.contains(missing), String(line))

        let files = NotifierUnderTest("nl", environment: ["NOTIFIER_CURL_LIBRARY": missing])
        defer { files.remove() }
        try files.start()
        try files.waitFor(try files.send("nl-2").messageId, "sent")
    }

    func testTokenFileWithSeveralLinesIsRefused() throws {
        let temp = TempDirectory("nl")
        defer { temp.remove() }
        try "abc\nX-Forged: 1\n".write(toFile: temp.file("token"), atomically: true, encoding: .utf8)
        let bad = NotifierUnderTest(
            "nl",
            environment: [
                "NOTIFIER_SMS_OUTBOX": "http:http://127.0.0.1:9/x",
                "NOTIFIER_HTTP_TOKEN_FILE": temp.file("token"),
            ])
        defer { bad.remove() }
        XCTAssertThrowsError(try bad.process.start(timeout: 5))
        XCTAssertEqual(bad.process.process?.terminationStatus, 2)
        XCTAssertTrue(bad.process.log().contains("NOTIFIER_HTTP_TOKEN_FILE"))
    }
}

/// The files a process has mapped (its executable and shared libraries), from /proc/<pid>/maps.
func mappedFiles(_ pid: Int32) -> Set<String> {
    // cat: Foundation stops reading a /proc file after its first page.
    let maps = (try? runProgram("/bin/cat", ["/proc/\(pid)/maps"]).output) ?? ""
    // The path, when there is one, is the only field with a slash (the last one).
    return Set(maps.split(separator: "\n").compactMap { line in line.firstIndex(of: "/").map { String(line[$0...]) } })
}

/// This machine's host name and the first IPv4 address it resolves to.
private func ownNameAndAddress() -> (String, String)? {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return nil }
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var hints = addrinfo()
    hints.ai_family = AF_INET
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var result: UnsafeMutablePointer<addrinfo>?
    guard !name.isEmpty, getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return nil }
    defer { freeaddrinfo(result) }
    var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
    guard
        getnameinfo(
            first.pointee.ai_addr, first.pointee.ai_addrlen, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0
    else { return nil }
    return (name, String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
}
