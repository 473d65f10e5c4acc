import Client
import Contracts
import Foundation
import Synchronization
import Wire

/// Starts a real service executable (`identity`, `notifier`, `admin`) on a run
/// and data directory, waits until it answers `health`, and stops it with SIGTERM
/// (or SIGKILL, for crash tests). Its stderr log is kept in a file.
public final class ServiceProcess: Sendable {
    public let name: String
    public let runDir: String
    public let dataDir: String
    public let logPath: String
    private struct Settings {
        var process: Process?
        /// Signalled by the process's termination handler: a stop waits on it, not on a poll.
        var exited = DispatchSemaphore(value: 0)
        var environment: [String: String]
        var inheritsEnvironment = true
    }
    /// A crash test restarts the process from another thread than the test's.
    private let settings: Mutex<Settings>
    public var process: Process? { settings.withLock { $0.process } }
    public var environment: [String: String] {
        get { settings.withLock { $0.environment } }
        set { settings.withLock { $0.environment = newValue } }
    }
    /// False: the executable gets only `PATH` and `environment` (with the run and data
    /// dirs), as in a container, instead of the test process's whole environment.
    public var inheritsEnvironment: Bool {
        get { settings.withLock { $0.inheritsEnvironment } }
        set { settings.withLock { $0.inheritsEnvironment = newValue } }
    }

    /// Where the built executables are: `CONNECT_BIN_DIR`, else `.build/debug` of this package.
    public static var binDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["CONNECT_BIN_DIR"], !dir.isEmpty { return dir }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug").path
    }

    public init(_ name: String, runDir: String, dataDir: String, environment: [String: String] = [:]) {
        self.name = name
        self.runDir = runDir
        self.dataDir = dataDir
        self.logPath = "\(dataDir)/\(name).log"
        settings = Mutex(Settings(environment: environment))
    }

    public var socketPath: String { "\(runDir)/\(name).sock" }

    public func client(timeout: TimeInterval = 15) -> ServiceClient {
        ServiceClient(socketPath: socketPath, timeout: timeout)
    }

    /// Starts the executable and waits for `health` (throws after `timeout`).
    public func start(timeout: TimeInterval = 20) throws {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(Self.binDirectory)/\(name)")
        let inherited = ProcessInfo.processInfo.environment
        var env = inheritsEnvironment ? inherited : ["PATH": inherited["PATH"] ?? "/usr/bin:/bin"]
        env["CONNECT_RUN_DIR"] = runDir
        env["CONNECT_DATA_DIR"] = dataDir
        env["CONNECT_LOG_LEVEL"] = env["CONNECT_TEST_LOG_LEVEL"] ?? "info"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        logHandle.seekToEndOfFile()
        p.standardError = logHandle
        p.standardOutput = logHandle
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        settings.withLock { $0.exited = exited }
        try p.run()
        settings.withLock { $0.process = p }
        // Another process: its health answer is the only sign it is ready.
        let c = client(timeout: 2)
        let ready = try Poll.until(timeout: timeout) {
            if let reply = try? c.call(Health.self, Empty()), reply.service == name { return true }
            if !p.isRunning {
                p.waitUntilExit()
                throw ServiceError(.unavailable, detail: "\(name) exited with \(p.terminationStatus): \(log())")
            }
            return false
        }
        if ready { return }
        throw ServiceError(.unavailable, detail: "\(name) did not answer health in \(timeout)s: \(log())")
    }

    /// SIGTERM and wait; returns the exit status. A service that has not stopped within
    /// `patience` is killed (and so reports a signal, failing a test that expects 0),
    /// so a hung shutdown fails the test instead of hanging the whole run.
    @discardableResult
    public func stop(patience: TimeInterval = 20) -> Int32 {
        let (process, exited) = settings.withLock { ($0.process, $0.exited) }
        guard let p = process, p.isRunning else { return process?.terminationStatus ?? 0 }
        p.terminate()
        if exited.wait(timeout: .now() + patience) == .timedOut {
            FileHandle.standardError.write(Data("\(name): no exit \(patience)s after SIGTERM; killed\n".utf8))
            Glibc.kill(p.processIdentifier, SIGKILL)
        }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// SIGKILL: a crash, for crash-safety tests.
    public func kill() {
        guard let p = process, p.isRunning else { return }
        Glibc.kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }

    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}
