import Client
import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// Start-up of the real `notifier` executable: configuration mistakes stop it with one clear line.
final class NotifierProcessTests: XCTestCase {
    func testBadOutboxStopsStartUp() throws {
        let bad = NotifierUnderTest("nb", environment: ["NOTIFIER_SMS_OUTBOX": "carrier-pigeon:/x"])
        defer { bad.remove() }
        XCTAssertThrowsError(try bad.process.start(timeout: 5))
        XCTAssertEqual(bad.process.process?.terminationStatus, 2)
        XCTAssertTrue(bad.process.log().contains("NOTIFIER_SMS_OUTBOX"))
        let short = NotifierUnderTest(
            "nb",
            environment: [
                "NOTIFIER_OUTBOX": "http:http://127.0.0.1:9/x",
                "NOTIFIER_HTTP_TIMEOUT": "10", "NOTIFIER_LEASE": "5",
            ])
        defer { short.remove() }
        XCTAssertThrowsError(try short.process.start(timeout: 5))
        XCTAssertEqual(short.process.process?.terminationStatus, 2)
        XCTAssertTrue(short.process.log().contains("NOTIFIER_LEASE"))
        let sendmailForSms = NotifierUnderTest("nb", environment: ["NOTIFIER_OUTBOX": "sendmail:/usr/sbin/sendmail"])
        defer { sendmailForSms.remove() }
        XCTAssertThrowsError(try sendmailForSms.process.start(timeout: 5))
        XCTAssertTrue(sendmailForSms.process.log().contains("sendmail: can only deliver e-mail"))
    }
}

/// A notifier binary copied away from its resource bundle (as into a bare image).
final class NotifierTemplateDirectoryTests: XCTestCase {
    func testBinaryWithoutItsBundleNeedsATemplateDirectory() throws {
        let temp = TempDirectory("nd")
        defer { temp.remove() }
        let binary = temp.file("notifier")
        try FileManager.default.copyItem(atPath: "\(ServiceProcess.binDirectory)/notifier", toPath: binary)
        func start(_ extra: [String: String]) throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            var env = ProcessInfo.processInfo.environment
            env["CONNECT_RUN_DIR"] = temp.file("run")
            env["CONNECT_DATA_DIR"] = temp.file("data")
            env["NOTIFIER_OUTBOX"] = "file:\(temp.file("outbox"))"
            for (k, v) in extra { env[k] = v }
            p.environment = env
            p.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            return p
        }
        let bare = try start([:])
        bare.waitUntilExit()
        XCTAssertEqual(bare.terminationStatus, 2, "a clear configuration error, not a crash")

        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Services/notifier/Core/Templates").path
        let configured = try start(["NOTIFIER_TEMPLATE_DIR": templates])
        defer {
            configured.terminate()
            configured.waitUntilExit()
        }
        let client = ServiceClient(socketPath: temp.file("run/notifier.sock"), timeout: 2)
        var reply: NotifierTemplates.Reply?
        Poll.until(timeout: 10, every: 0.05) {
            reply = try? client.call(NotifierTemplates.self, Empty())
            return reply != nil
        }
        XCTAssertEqual(reply?.templates.count, TemplateCatalog.specs.count)
    }
}
