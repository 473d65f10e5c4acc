import Foundation
import Runtime
import Sockets
import Wire

/// The real `portal` executable (built next to the services) on a test's run
/// directory: listening on a free loopback port (or a Unix socket), started and
/// waited for until `GET /healthz` answers 200, stopped with SIGTERM.
public final class PortalProcess {
    public let listen: String
    public let url: String
    public let logPath: String
    private let process: Process

    /// True when the portal has been built (before portal-app's branch is merged it is not).
    public static var isBuilt: Bool {
        FileManager.default.isExecutableFile(atPath: "\(ServiceProcess.binDirectory)/portal")
    }

    /// Starts the portal on `runDir` (the trio's sockets). `listen` nil: a free port on 127.0.0.1.
    public init(
        runDir: String, logPath: String, listen: String? = nil, publicURL: String? = nil,
        environment extra: [String: String] = [:], inheritsEnvironment: Bool = true,
        timeout: TimeInterval = 20
    ) throws {
        let address = listen ?? "127.0.0.1:\(Self.freePort())"
        self.listen = address
        self.url = publicURL ?? (address.hasPrefix("unix:") ? "http://127.0.0.1:8080" : "http://\(address)")
        self.logPath = logPath
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(ServiceProcess.binDirectory)/portal")
        let inherited = ProcessInfo.processInfo.environment
        var env = inheritsEnvironment ? inherited : ["PATH": inherited["PATH"] ?? "/usr/bin:/bin"]
        env["CONNECT_RUN_DIR"] = runDir
        env["PORTAL_LISTEN"] = address
        env["CONNECT_PORTAL_URL"] = url
        env["CONNECT_LOG_LEVEL"] = env["CONNECT_TEST_LOG_LEVEL"] ?? "info"
        for (k, v) in extra { env[k] = v }
        // A key file named but absent is created as a deployment would (64 hex digits, 0600).
        if let key = env["PORTAL_COOKIE_KEY_FILE"], !FileManager.default.fileExists(atPath: key) {
            _ = FileManager.default.createFile(
                atPath: key, contents: Data((Identifier.randomHex(32) + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
        }
        p.environment = env
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        p.standardOutput = log
        p.standardError = log
        process = p
        try p.run()
        // Another process: its /healthz answer is the only sign it is ready.
        let ready = try Poll.until(timeout: timeout, every: 0.01) {
            if Self.healthz(address) == 200 { return true }
            if !p.isRunning {
                throw ServiceError(.unavailable, detail: "portal exited with \(p.terminationStatus): \(self.log())")
            }
            return false
        }
        if ready { return }
        stop()
        throw ServiceError(.unavailable, detail: "portal did not answer /healthz in \(timeout) s: \(self.log())")
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    @discardableResult
    public func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    public func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The status of `GET /healthz` on `listen` (`host:port` or `unix:/path`), 0 if no answer.
    /// HTTP/1.0 with Connection: close, so only the status line is read: no framing here.
    public static func healthz(_ listen: String, timeout: TimeInterval = 2) -> Int {
        let fd: Int32
        if listen.hasPrefix("unix:") {
            guard let f = try? UnixSocket.connect(String(listen.dropFirst(5)), timeout: timeout) else { return 0 }
            fd = f
        } else {
            guard let f = tcpConnect(listen) else { return 0 }
            fd = f
        }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET /healthz HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count
        else { return 0 }
        var buffer = [UInt8](repeating: 0, count: 64)
        var got = 0
        while got < 12 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, $0.count - got, 0) }
            if n <= 0 { break }
            got += n
        }
        // "HTTP/1.1 200 …"
        let line = String(decoding: buffer[..<got], as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return 0 }
        return Int(parts[1]) ?? 0
    }

    static func tcpConnect(_ hostPort: String) -> Int32? {
        let parts = hostPort.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, String(parts[0]), &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            close(fd)
            return nil
        }
        return fd
    }

    /// A loopback port nobody listens on right now (the kernel's pick for port 0).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
