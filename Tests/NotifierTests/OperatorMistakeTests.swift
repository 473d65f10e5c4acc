import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, "found by an operator trying the gateways and the runbook": the real
/// `notifier` executable with one mistake in its environment each time.
final class OperatorMistakeTests: XCTestCase {
    var temp: TempDirectory!

    override func setUp() { temp = TempDirectory("om") }
    override func tearDown() { temp.remove() }

    /// Runs the notifier until it exits (or 10 s); returns the status and its stderr.
    private func run(_ env: [String: String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(ServiceProcess.binDirectory)/notifier")
        var all = [
            "PATH": "/usr/bin:/bin", "CONNECT_RUN_DIR": temp.file("run"), "CONNECT_DATA_DIR": temp.file("data"),
            "NOTIFIER_OUTBOX": "file:\(temp.file("outbox"))",
        ]
        for (k, v) in env { all[k] = v }
        p.environment = all
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        try p.run()
        if exited.wait(timeout: .now() + 10) == .timedOut { p.terminate() }
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.isRunning ? -1 : p.terminationStatus, text)
    }

    /// Exit 2 and one line `notifier: <VARIABLE>: …`, before anything else.
    private func assertStops(
        _ env: [String: String], naming variable: String, file: StaticString = #filePath,
        line: UInt = #line
    ) throws -> String {
        let (status, stderr) = try run(env)
        XCTAssertEqual(status, 2, "\(env) → \(stderr)", file: file, line: line)
        let lines = stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, stderr, file: file, line: line)
        XCTAssertTrue(lines.first?.hasPrefix("notifier: \(variable): ") == true, stderr, file: file, line: line)
        return stderr
    }

    func testMistakesStopStartUpWithOneLineNamingTheVariable() throws {
        _ = try assertStops(["NOTIFIER_SMS_OUTBOX": "http:https://gw.example:70000/sms"], naming: "NOTIFIER_SMS_OUTBOX")
        _ = try assertStops(["NOTIFIER_SMS_OUTBOX": "http:https://gw.example/sms "], naming: "NOTIFIER_SMS_OUTBOX")
        _ = try assertStops(
            ["NOTIFIER_EMAIL_OUTBOX": "sendmail:/nonexistent/sendmail"], naming: "NOTIFIER_EMAIL_OUTBOX")
        let notExecutable = temp.file("sendmail.txt")
        try "#!/bin/sh\n".write(toFile: notExecutable, atomically: true, encoding: .utf8)
        _ = try assertStops(["NOTIFIER_EMAIL_OUTBOX": "sendmail:\(notExecutable)"], naming: "NOTIFIER_EMAIL_OUTBOX")
        let readOnly = temp.file("ro")
        try FileManager.default.createDirectory(
            atPath: readOnly, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o500])
        if getuid() != 0 { // root writes anywhere
            _ = try assertStops(["NOTIFIER_LETTER_OUTBOX": "file:\(readOnly)"], naming: "NOTIFIER_LETTER_OUTBOX")
        }
        _ = try assertStops(["NOTIFIER_OUTBOX": "file:/proc/connect-outbox"], naming: "NOTIFIER_OUTBOX")
        _ = try assertStops(["NOTIFIER_LEASE": "99999999999999999999"], naming: "NOTIFIER_LEASE")
        _ = try assertStops(["NOTIFIER_RETRY_BASE": "600", "NOTIFIER_RETRY_MAX": "60"], naming: "NOTIFIER_RETRY_MAX")
    }

    func testAnHttpOutboxNeedsAUsableToken() throws {
        let gateway = ["NOTIFIER_SMS_OUTBOX": "http:https://gw.example/sms", "NOTIFIER_CURL_LIBRARY": Self.curl]
        for content in ["", "  \n\n "] {
            let token = temp.file("token")
            FileManager.default.createFile(
                atPath: token, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600])
            let line = try assertStops(
                gateway.merging(["NOTIFIER_HTTP_TOKEN_FILE": token]) { $1 }, naming: "NOTIFIER_HTTP_TOKEN_FILE")
            XCTAssertTrue(line.contains("empty"), line)
        }
    }

    /// The start-up line names kind and host only; a missing token and a token file
    /// others may read are warned about (as identity warns about its key).
    func testOutboxesLineKeepsCredentialsOutAndTokenProblemsAreWarned() throws {
        let token = temp.file("token")
        FileManager.default.createFile(
            atPath: token, contents: Data("tok-s3cret-42\n".utf8), attributes: [.posixPermissions: 0o644])
        let sendmail = temp.file("sendmail")
        FileManager.default.createFile(
            atPath: sendmail, contents: Data("#!/bin/sh\ncat >/dev/null\n".utf8),
            attributes: [.posixPermissions: 0o755])
        func started(_ env: [String: String]) throws -> String {
            let s = ServiceProcess(
                "notifier", runDir: temp.file("run"), dataDir: temp.file("data"),
                environment: env.merging([
                    "NOTIFIER_OUTBOX": "file:\(temp.file("outbox"))", "NOTIFIER_CURL_LIBRARY": Self.curl,
                ]) { $1 })
            try s.start()
            s.stop()
            defer { try? FileManager.default.removeItem(atPath: s.logPath) }
            return s.log()
        }
        let log = try started([
            "NOTIFIER_SMS_OUTBOX": "http:https://user:s3cretpw@gw.example:8443/v1/sms?apikey=k3y-s3cret",
            "NOTIFIER_EMAIL_OUTBOX": "sendmail:\(sendmail) -au relay -ap pw-s3cret",
            "NOTIFIER_HTTP_TOKEN_FILE": token,
        ])
        let outboxes = try XCTUnwrap(log.split(separator: "\n").first { $0.contains("\"event\":\"outboxes\"") })
        XCTAssertTrue(outboxes.contains("http:https://gw.example:8443"), String(outboxes))
        XCTAssertTrue(outboxes.contains("sendmail:\(sendmail)"), String(outboxes))
        for secret in ["s3cretpw", "k3y-s3cret", "apikey", "pw-s3cret", "user:", "tok-s3cret"] {
            XCTAssertFalse(log.contains(secret), "the log shows \(secret)")
        }
        XCTAssertTrue(log.contains("readable by others"), log)
        let noToken = try started(["NOTIFIER_SMS_OUTBOX": "http:https://gw.example/sms"])
        XCTAssertTrue(noToken.contains("without NOTIFIER_HTTP_TOKEN_FILE"), noToken)
    }

    static var curl: String {
        ["libcurl.so.4", "libcurl-gnutls.so.4"].first { dlopen($0, RTLD_LAZY) != nil } ?? "libcurl.so.4"
    }
}
