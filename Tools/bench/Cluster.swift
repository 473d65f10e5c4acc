import Foundation
import TestSupport

/// The services a benchmark runs against: real executables (the release build
/// next to this program) on a temp directory.
final class Cluster {
    let dir = TempDirectory("cb")
    var running: [String: ServiceProcess] = [:]
    var environment: [String: String] = ["CONNECT_LOG_LEVEL": "warning"]

    init() {
        setenv("CONNECT_BIN_DIR", (CommandLine.arguments[0] as NSString).deletingLastPathComponent, 1)
        setenv("CONNECT_TEST_LOG_LEVEL", "warning", 1)
    }

    @discardableResult
    func start(_ name: String, extra: [String: String] = [:]) throws -> ServiceProcess {
        if let s = running[name] { return s }
        let s = ServiceProcess(
            name, runDir: dir.file("run"), dataDir: dir.file("data"),
            environment: environment.merging(extra) { $1 })
        try s.start()
        running[name] = s
        return s
    }

    func stopAll() {
        for s in running.values { s.stop() }
        running = [:]
        dir.remove()
    }
}
