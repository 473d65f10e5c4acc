import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 14 (1, 8): one owner per data directory, and start-up errors that name
/// the variable, against the real executables.
final class OwnershipStartupTests: XCTestCase {
    /// Runs an executable to its exit with only these variables (and PATH).
    func launch(_ service: String, _ env: [String: String], asNobody: Bool = false) throws -> (
        status: Int32, output: String
    ) {
        let binary = "\(ServiceProcess.binDirectory)/\(service)"
        var environment = ["PATH": "/usr/bin:/bin", "IDENTITY_ARGON2_MEMORY_KIB": "8", "IDENTITY_ARGON2_OPS": "1"]
        for (k, v) in env { environment[k] = v }
        let p = Process()
        if asNobody {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary]
        } else {
            p.executableURL = URL(fileURLWithPath: binary)
        }
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        // A service that did start is stopped: the test expected it not to.
        let timer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 10, execute: timer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        timer.cancel()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testASecondCopyOfEachServiceExitsTwoNamingTheDirectoryAndTheHolder() throws {
        let dir = TempDirectory("own")
        defer { dir.remove() }
        for name in ServiceName.all {
            let first = ServiceProcess(
                name, runDir: dir.file("run"), dataDir: dir.file("data"),
                environment: Trio.testEnvironment(outbox: dir.file("outbox")))
            try first.start()
            defer { first.stop() }
            let pid = first.process!.processIdentifier
            // Another run directory: the lock, not the socket, must be what refuses it.
            try FileManager.default.createDirectory(atPath: dir.file("run2"), withIntermediateDirectories: true)
            let second = try launch(
                name,
                [
                    "CONNECT_DATA_DIR": dir.file("data"), "CONNECT_RUN_DIR": dir.file("run2"),
                    "NOTIFIER_OUTBOX": "file:\(dir.file("outbox"))",
                ])
            XCTAssertEqual(second.status, 2, second.output)
            let lines = second.output.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, second.output)
            XCTAssertTrue(
                second.output.contains(dir.file("data")) && second.output.contains("pid \(pid)")
                    && second.output.hasPrefix("\(name): CONNECT_DATA_DIR:"), second.output)
            XCTAssertEqual(try first.client().call(Health.self, Empty()).service, name, "the first copy is untouched")
        }
        // After a kill -9 the kernel has dropped the lock: a new copy starts at once.
        let notifier = ServiceProcess(
            ServiceName.notifier, runDir: dir.file("run"), dataDir: dir.file("data"),
            environment: Trio.testEnvironment(outbox: dir.file("outbox")))
        try notifier.start()
        notifier.kill()
        try notifier.start()
        notifier.stop()
    }

    func testDirectoryMistakesGiveOneLineNamingTheVariableAndExitTwoBeforeAnyMigration() throws {
        let dir = TempDirectory("stx")
        defer { dir.remove() }
        let run = dir.file("run")
        let data = dir.file("data")
        for d in [run, data] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        try "x".write(toFile: dir.file("plain"), atomically: true, encoding: .utf8)
        let deep = dir.file(String(repeating: "r", count: 90))
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        var cases: [(String, [String: String], String, Bool)] = [
            (
                "missing data dir that cannot be made",
                ["CONNECT_DATA_DIR": dir.file("plain/data"), "CONNECT_RUN_DIR": run],
                "CONNECT_DATA_DIR", false
            ),
            (
                "data dir is a file", ["CONNECT_DATA_DIR": dir.file("plain"), "CONNECT_RUN_DIR": run],
                "CONNECT_DATA_DIR", false
            ),
            (
                "missing run dir that cannot be made",
                ["CONNECT_DATA_DIR": data, "CONNECT_RUN_DIR": dir.file("plain/run")],
                "CONNECT_RUN_DIR", false
            ),
            (
                "run dir is a file", ["CONNECT_DATA_DIR": data, "CONNECT_RUN_DIR": dir.file("plain")],
                "CONNECT_RUN_DIR", false
            ),
            ("socket path too long", ["CONNECT_DATA_DIR": data, "CONNECT_RUN_DIR": deep], "CONNECT_RUN_DIR", false),
        ]
        // Root writes through any mode: the unwritable cases run as nobody.
        if getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            let locked = dir.file("locked")
            let open = dir.file("open")
            for d in [locked, open] {
                try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            }
            chmod(dir.path, 0o755)
            chmod(locked, 0o555)
            chmod(open, 0o777)
            cases += [
                (
                    "unwritable data dir", ["CONNECT_DATA_DIR": locked, "CONNECT_RUN_DIR": open], "CONNECT_DATA_DIR",
                    true
                ),
                ("unwritable run dir", ["CONNECT_DATA_DIR": open, "CONNECT_RUN_DIR": locked], "CONNECT_RUN_DIR", true),
            ]
        } else {
            print("note: unwritable-directory cases need root and setpriv (run as nobody); skipped")
        }
        for service in ServiceName.all {
            for (what, env, variable, nobody) in cases {
                let r = try launch(
                    service, env.merging(["NOTIFIER_OUTBOX": "file:\(dir.file("outbox"))"]) { $1 },
                    asNobody: nobody)
                let lines = r.output.split(separator: "\n")
                XCTAssertEqual(r.status, 2, "\(service), \(what): \(r.output)")
                XCTAssertEqual(lines.count, 1, "\(service), \(what): \(r.output)")
                XCTAssertTrue(r.output.hasPrefix("\(service): \(variable): "), "\(service), \(what): \(r.output)")
                XCTAssertFalse(
                    FileManager.default.fileExists(atPath: "\(env["CONNECT_DATA_DIR"]!)/\(service).sqlite"),
                    "\(service), \(what): no database opened")
            }
        }
    }
}
