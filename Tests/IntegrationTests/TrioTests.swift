import Contracts
import Foundation
import Runtime
import SQLite
import TestSupport
import Wire
import XCTest

/// The three real executables on temp directories, talked to over their sockets.
final class TrioTests: XCTestCase {
    var dir: TempDirectory!
    var services: [ServiceProcess] = []

    override func setUp() {
        dir = TempDirectory()
        services = ServiceName.all.map {
            ServiceProcess($0, runDir: dir.file("run"), dataDir: dir.file("data"))
        }
    }

    override func tearDown() {
        for s in services { s.stop() }
        dir.remove()
    }

    func testEachServiceStartsOpensItsDatabaseAndAnswersHealthAndUnknownTypes() throws {
        for s in services { try s.start() }
        for s in services {
            let health = try s.client().call(Health.self, Empty())
            XCTAssertEqual(health.service, s.name)
            XCTAssertEqual(health.version, ConnectVersion.current)
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("data/\(s.name).sqlite")))
            let reply = try s.client().send(type: "no.such.type", body: Empty(), lang: .de)
            XCTAssertFalse(reply.ok)
            XCTAssertEqual(reply.error?.code, "unknown_type")
            XCTAssertEqual(reply.error?.message, "Dieser Nachrichtentyp ist unbekannt.")
        }
    }

    func testSigtermStopsGracefullyWithExitZeroAndRemovesTheSocket() throws {
        for s in services { try s.start() }
        for s in services {
            let started = Date()
            XCTAssertEqual(s.stop(), 0, "\(s.name) exit status")
            XCTAssertLessThan(Date().timeIntervalSince(started), 5)
            XCTAssertFalse(FileManager.default.fileExists(atPath: s.socketPath), "\(s.name) left its socket")
            XCTAssertTrue(s.log().contains("\"event\":\"exited\""))
        }
    }

    func testKilledServiceRestartsOverItsStaleSocket() throws {
        let identity = services[0]
        try identity.start()
        identity.kill()
        XCTAssertTrue(FileManager.default.fileExists(atPath: identity.socketPath), "kill -9 leaves the socket file")
        try identity.start()
        XCTAssertEqual(try identity.client().call(Health.self, Empty()).service, "identity")
        XCTAssertEqual(try Database(path: dir.file("data/identity.sqlite"), migrations: []).integrityCheck(), "ok")
    }

    func testBadConfigurationStopsStartupWithOneClearLine() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(ServiceProcess.binDirectory)/notifier")
        var env = ProcessInfo.processInfo.environment
        env["CONNECT_RUN_DIR"] = dir.file("run")
        env["CONNECT_DATA_DIR"] = dir.file("data")
        env["CONNECT_STAFF_UIDS"] = "0,abc"
        p.environment = env
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 2)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(text.split(separator: "\n").count, 1, text)
        XCTAssertTrue(text.contains("CONNECT_STAFF_UIDS"), text)
    }

    func testLogLinesAreJSONWithServiceEventAndRequestType() throws {
        let s = services[1]
        try s.start()
        _ = try s.client().call(Health.self, Empty())
        s.stop()
        let lines = s.log().split(separator: "\n")
        XCTAssertFalse(lines.isEmpty)
        var sawRequest = false
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object?["time"])
            XCTAssertNotNil(object?["level"])
            XCTAssertNotNil(object?["event"])
            XCTAssertEqual(object?["service"] as? String, "notifier")
            if object?["event"] as? String == "request", object?["type"] as? String == "health" {
                sawRequest = true
                XCTAssertNotNil(object?["durationMs"])
            }
        }
        XCTAssertTrue(sawRequest)
    }
}
