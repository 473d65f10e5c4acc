import Client
import Contracts
import Foundation
import NotifierCore
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// The notifier on a temp dir, with a file outbox there unless told otherwise: the
/// real executable, or (`inProcess: true`) its responder and workers in this process.
final class NotifierUnderTest: Sendable {
    let temp: TempDirectory
    let process: ServiceProcess
    let outbox: String
    let inProcess: Bool
    private let environment: [String: String]
    /// The in-process service while it runs (`inProcess: true`).
    private let running = Mutex<InProcessService?>(nil)
    var service: InProcessService? { running.withLock { $0 } }

    init(_ prefix: String = "nt", environment: [String: String] = [:], inProcess: Bool = false) {
        self.inProcess = inProcess
        temp = TempDirectory(prefix)
        outbox = temp.file("outbox")
        var env: [String: String] = [
            "NOTIFIER_OUTBOX": "file:\(temp.file("outbox"))",
            "NOTIFIER_RETRY_BASE": "0.2",
            "NOTIFIER_LEASE": "3",
            "NOTIFIER_HTTP_TIMEOUT": "1",
            "NOTIFIER_POLL_INTERVAL": "0.2",
            "NOTIFIER_REGISTRATION_URL": "https://connect.example.ch/register",
            "NOTIFIER_FUND_NAME": "Caisse de compensation des Patrons",
        ]
        for (k, v) in environment { env[k] = v }
        self.environment = env
        process = ServiceProcess("notifier", runDir: temp.file("run"), dataDir: temp.file("data"), environment: env)
    }

    var databasePath: String { "\(process.dataDir)/notifier.sqlite" }

    func start() throws {
        guard inProcess else { return try process.start() }
        let service = try InProcessService(
            "notifier", runDir: process.runDir, dataDir: process.dataDir,
            environment: environment, messages: NotifierService.messages,
            clock: SystemClock()
        ) { try NotifierService.build($0) }
        running.withLock { $0 = service }
    }

    func client() -> any ServiceCalls { service?.client ?? process.client() }

    /// The service's log so far.
    func log() -> String { service?.log() ?? process.log() }

    func send(
        _ key: String, channel: Channel = .email, to: String = "lea@modelesa.ch", language: Language = .fr,
        template: String = TemplateName.emailActivation,
        params: [String: String] = ["code": "ABCD EFGH JKMN"]
    ) throws -> NotifierSend.Reply {
        try client().call(
            NotifierSend.self,
            NotifierSend.Body(
                idempotencyKey: key, channel: channel, to: to,
                language: language, template: template, params: params))
    }

    func status(_ id: String) throws -> NotifierStatus.Reply {
        try client().call(NotifierStatus.self, NotifierStatus.Body(messageId: id))
    }

    /// Waits until the message reaches `status` (or fails the test after `timeout`).
    @discardableResult
    func waitFor(
        _ id: String, _ status: String, timeout: TimeInterval = 15,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> NotifierStatus.Reply {
        // The dispatcher signals nothing a test can wait on: a bounded poll of `status`.
        var last = try self.status(id)
        try Poll.until(timeout: timeout, every: 0.05) {
            last = try self.status(id)
            return last.status.rawValue == status
        }
        XCTAssertEqual(last.status.rawValue, status, "message \(id): \(last)", file: file, line: line)
        return last
    }

    func files(_ channel: Channel) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(outbox)/\(channel.rawValue)")) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Stops the service; its exit status (0 for a clean in-process stop).
    @discardableResult
    func stop() -> Int32 {
        guard let service = running.withLock({ $0.take() }) else { return process.stop() }
        return service.stop() ? 0 : 1
    }

    func remove() {
        running.withLock { $0.take() }?.stop()
        process.kill()
        temp.remove()
    }
}

/// A notifier delivering through a local HTTP gateway that answers 200 after `delay` seconds:
/// the crash and restart tests' rig (a 2 s HTTP timeout, 4 workers, claims leased `lease` s).
final class NotifierBehindGateway {
    let temp: TempDirectory
    let gateway: HTTPGateway
    let notifier: NotifierUnderTest

    init(_ prefix: String, gatewayDelay delay: TimeInterval, lease: Int) throws {
        temp = TempDirectory("\(prefix)-gw")
        do {
            gateway = try HTTPGateway(directory: temp.path, behaviour: "200", delay: delay)
        } catch {
            temp.remove()
            throw error
        }
        notifier = NotifierUnderTest(
            prefix,
            environment: [
                "NOTIFIER_OUTBOX": gateway.url, "NOTIFIER_LEASE": "\(lease)", "NOTIFIER_HTTP_TIMEOUT": "2",
                "NOTIFIER_WORKERS": "4",
            ])
    }

    func remove() {
        notifier.remove()
        gateway.stop()
        temp.remove()
    }
}

/// Runs a program and returns its stdout (tests only).
@discardableResult
func runProgram(_ path: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    let stdin = Pipe()
    p.standardInput = stdin
    try p.run()
    if let input { try? stdin.fileHandleForWriting.write(contentsOf: input) }
    try? stdin.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A loopback port nobody listens on right now (the one TestSupport picks for the portal).
func freePort() -> Int { PortalProcess.freePort() }

/// Waits until something listens on the TCP port.
func waitForPort(_ port: Int, host: String = "127.0.0.1", timeout: TimeInterval = 10) -> Bool {
    Poll.until(timeout: timeout, every: 0.05) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr(host)
        addr.sin_port = UInt16(port).bigEndian
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        close(fd)
        return rc == 0
    }
}

/// Python's e-mail parser as the judge of our RFC 5322 output.
enum PythonEmail {
    static let script = """
        import sys, json, email
        from email import policy
        m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
        parts = [{"type": p.get_content_type(), "charset": p.get_content_charset(), "text": p.get_content()}
                 for p in m.iter_parts()] if m.is_multipart() else []
        print(json.dumps({"subject": str(m["subject"]), "from": str(m["from"]), "to": str(m["to"]),
                          "date": str(m["date"]), "messageId": str(m["message-id"]),
                          "mime": m.get_content_type(), "defects": [str(d) for d in m.defects],
                          "parts": parts}))
        """

    struct Parsed: Decodable {
        struct Part: Decodable {
            let type: String
            let charset: String?
            let text: String
        }
        let subject: String, from: String, to: String, date: String, messageId: String, mime: String
        let defects: [String]
        let parts: [Part]
        func part(_ type: String) -> String? { parts.first { $0.type == type }?.text }
    }

    static func parse(_ path: String) throws -> Parsed {
        let scriptPath = NSTemporaryDirectory() + "/connect-parse-email.py"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let (status, output) = try runProgram("/usr/bin/python3", [scriptPath, path])
        guard status == 0 else { throw ServiceError(.internal, detail: "python could not parse \(path)") }
        return try JSONDecoder().decode(Parsed.self, from: Data(output.utf8))
    }
}

/// A value shared by test threads.
final class Locked<T: Sendable>: Sendable {
    private let value: Mutex<T>
    init(_ value: T) { self.value = Mutex(value) }
    func with<R: Sendable>(_ body: (inout T) -> R) -> R { value.withLock { body(&$0) } }
    var get: T { with { $0 } }
}
