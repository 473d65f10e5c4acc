import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// compose.yaml without a container engine: each service's container paths
/// (named volumes, tmpfs, /run/secrets) are mapped under one temp directory, a
/// volume shared by two services becoming one shared directory, and the real
/// executables start with exactly the environment compose gives them.
///
/// One difference is unavoidable: here every process runs as the test's uid, so
/// the uid lists (checked against `user:` separately) are mapped to that uid.
final class ComposeRig {
    let compose: ComposeFile
    let dir: TempDirectory
    private(set) var processes: [String: ServiceProcess] = [:]
    /// Problems found while mapping (a path the container could not write, a missing secret).
    private(set) var problems: [String] = []

    init(compose: ComposeFile, dir: TempDirectory) {
        self.compose = compose
        self.dir = dir
    }

    /// Where a container path of `service` lives under the temp directory, or nil if
    /// it is on no volume, tmpfs or secret (so read-only in the container).
    func hostPath(_ containerPath: String, of service: ComposeService) -> String? {
        if containerPath.hasPrefix("/run/secrets/") {
            return dir.file("secrets/" + containerPath.dropFirst("/run/secrets/".count))
        }
        var mounts: [(target: String, host: String)] = service.volumeMounts.map { ($0.key, dir.file("v/\($0.value)")) }
        mounts += service.tmpfs.map { ($0, dir.file("tmpfs/\(service.name)\($0)")) }
        let match = mounts.filter { containerPath == $0.target || containerPath.hasPrefix($0.target + "/") }
            .max { $0.target.count < $1.target.count }
        guard let m = match else { return nil }
        return m.host + containerPath.dropFirst(m.target.count)
    }

    /// The service's environment with container paths mapped (`/path`, `file:/path`, `unix:/path`)
    /// and the uid lists mapped to the test's uid.
    func environment(of service: ComposeService) -> [String: String] {
        var env: [String: String] = [:]
        for (key, value) in service.environment {
            var mapped = value
            for prefix in ["", "file:", "unix:"] where value.hasPrefix(prefix + "/") {
                let path = String(value.dropFirst(prefix.count))
                if let host = hostPath(path, of: service) {
                    mapped = prefix + host
                } else {
                    problems.append(
                        "\(service.name): \(key)=\(value) is on no volume, tmpfs or secret (read-only root)")
                }
            }
            env[key] = mapped
        }
        for key in ["CONNECT_SERVICE_UIDS", "CONNECT_STAFF_UIDS"] + ServicePeer.allCases.map(\.uidVariable)
        where env[key] != nil {
            env[key] = String(getuid())
        }
        return env
    }

    /// Creates the volume directories and the secret files the services read.
    func prepare() throws {
        let fm = FileManager.default
        for name in ServiceName.all + ["portal", "nginx"] {
            guard let s = compose.service(name) else { continue }
            for host in s.volumeMounts.values.map({ dir.file("v/\($0)") })
                + s.tmpfs.map({ dir.file("tmpfs/\(name)\($0)") })
            {
                try fm.createDirectory(atPath: host, withIntermediateDirectories: true)
            }
            for secret in s.secrets {
                guard compose.raw["secrets"]?[secret] != nil else {
                    problems.append("\(name): secret \(secret) is not declared at the top level")
                    continue
                }
                let path = dir.file("secrets/\(secret)")
                try fm.createDirectory(atPath: dir.file("secrets"), withIntermediateDirectories: true)
                // identity's key is 64 hex characters; any other secret is a token.
                let content = secret.contains("key") ? Identifier.randomHex(32) + "\n" : "wiring-test-token\n"
                _ = fm.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600])
            }
        }
    }

    /// Starts `name` as compose would (its command names the executable).
    @discardableResult
    func start(_ name: String) throws -> ServiceProcess {
        guard let s = compose.service(name) else { throw DeploymentFiles.PythonError(message: "no service \(name)") }
        let env = environment(of: s)
        guard let run = env["CONNECT_RUN_DIR"], let data = env["CONNECT_DATA_DIR"] else {
            throw DeploymentFiles.PythonError(message: "\(name): CONNECT_RUN_DIR and CONNECT_DATA_DIR must be set")
        }
        let executable = s.command.first ?? name
        let p = ServiceProcess(executable, runDir: run, dataDir: data, environment: env)
        p.inheritsEnvironment = false
        processes[name] = p
        try p.start()
        return p
    }

    func stopAll() {
        for name in ["admin", "identity", "notifier"] { processes[name]?.stop() }
    }

    /// Runs a service's health check command as compose declares it (`CMD` form), with the
    /// image's /opt/connect mapped to the built executables; returns the exit status.
    func runHealthcheck(_ name: String) throws -> Int32 {
        guard let s = compose.service(name), s.healthcheck.first == "CMD", s.healthcheck.count > 1 else {
            throw DeploymentFiles.PythonError(message: "\(name): no CMD health check")
        }
        var argv = Array(s.healthcheck.dropFirst())
        let program = URL(fileURLWithPath: argv.removeFirst()).lastPathComponent
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(ServiceProcess.binDirectory)/\(program)")
        p.arguments = argv
        var env = environment(of: s)
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
