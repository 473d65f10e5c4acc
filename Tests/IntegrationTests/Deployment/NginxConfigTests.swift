import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// deploy/nginx/nginx.conf with Debian's nginx (a test dependency): `nginx -t`
/// accepts it, and nginx started with it serves the real portal (on a Unix socket,
/// as compose.yaml runs it) over TLS and HTTP/2, redirects plain HTTP, and refuses
/// oversized bodies. Paths are mapped under a temp directory (the certificate is a
/// fresh self-signed one), as ComposeRig maps compose's volumes.
final class NginxConfigTests: XCTestCase {
    var dir: TempDirectory!
    var httpPort = 0, tlsPort = 0

    override func setUpWithError() throws {
        dir = TempDirectory("ng")
        httpPort = PortalProcess.freePort()
        tlsPort = PortalProcess.freePort()
    }

    override func tearDown() { dir?.remove() }

    static let nginx = "/usr/sbin/nginx"

    /// Skips where nginx is not installed; fails in CI (`.ci/run` installs it).
    private func requireTools() throws {
        for tool in [Self.nginx, "/usr/bin/openssl", "/usr/bin/curl"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("\(tool) missing in CI (make test-deps)") }
            throw XCTSkip("\(tool) is not installed (apt-get install nginx openssl curl)")
        }
    }

    /// The committed config with the container's paths and ports mapped into the temp directory.
    private func mappedConfig(_ transform: (String) -> String = { $0 }) throws -> String {
        var text = try NginxConf.load().text
        text = text.replacingOccurrences(of: "/tmp/", with: dir.file("tmp/"))
            .replacingOccurrences(of: "/run/secrets/tls_certificate", with: dir.file("cert.pem"))
            .replacingOccurrences(of: "/run/secrets/tls_key", with: dir.file("key.pem"))
            .replacingOccurrences(of: "unix:/run/portal/portal.sock", with: "unix:" + dir.file("portal.sock"))
            .replacingOccurrences(of: "listen 8080 ", with: "listen 127.0.0.1:\(httpPort) ")
            .replacingOccurrences(of: "listen 8443 ", with: "listen 127.0.0.1:\(tlsPort) ")
        // In the container nginx is not root and ignores `user`; as root (here) its workers
        // would become nobody, who cannot open the test's socket.
        if getuid() == 0 { text = "user root root;\n" + text }
        try FileManager.default.createDirectory(atPath: dir.file("tmp"), withIntermediateDirectories: true)
        let path = dir.file("nginx.conf")
        try transform(text).write(toFile: path, atomically: true, encoding: .utf8)
        let cert = try ProgramRun.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.file("key.pem"), "-out", dir.file("cert.pem"),
                "-days", "2", "-subj", "/CN=localhost",
            ])
        XCTAssertEqual(cert.status, 0, cert.output)
        return path
    }

    private func check(_ config: String) throws -> (status: Int32, output: String) {
        try ProgramRun.run(Self.nginx, ["-e", "stderr", "-t", "-c", config, "-p", dir.path])
    }

    func testNginxAcceptsTheCommittedConfiguration() throws {
        try requireTools()
        let result = try check(try mappedConfig())
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("test is successful"), result.output)
    }

    /// The check can fail: the same file with one directive broken is refused.
    func testNginxRefusesABrokenConfiguration() throws {
        try requireTools()
        let broken = try mappedConfig {
            $0.replacingOccurrences(of: "client_max_body_size 64k;", with: "client_max_body_size 64k")
        }
        let result = try check(broken)
        XCTAssertNotEqual(result.status, 0, result.output)
    }

    func testNginxServesThePortalOverTLSWithHTTP2() throws {
        try requireTools()
        guard PortalProcess.isBuilt else { throw XCTSkip("the portal is not built yet") }
        let config = try mappedConfig()
        let trio = Trio(prefix: "ngt")
        defer { trio.remove() }
        try trio.start()
        let publicURL = "https://127.0.0.1:\(tlsPort)"
        let portal = try PortalProcess(
            runDir: trio.dir.file("run"), logPath: trio.dir.file("data/portal.log"),
            listen: "unix:" + dir.file("portal.sock"), publicURL: publicURL,
            environment: [
                "PORTAL_TRUSTED_PROXIES": "unix",
                "PORTAL_COOKIE_KEY_FILE": trio.dir.file("cookie.key"),
            ])
        defer { portal.stop() }
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: Self.nginx)
        nginx.arguments = ["-e", "stderr", "-c", config, "-p", dir.path, "-g", "daemon off;"]
        let log = Pipe()
        nginx.standardError = log
        nginx.standardOutput = log
        try nginx.run()
        defer {
            nginx.terminate()
            nginx.waitUntilExit()
        }

        func curl(_ args: [String]) throws -> String {
            try ProgramRun.run("/usr/bin/curl", ["-sk", "--max-time", "10"] + args).output
        }
        var first = ""
        try Poll.until(timeout: 5, every: 0.05) {
            first = try curl([
                "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", "\(publicURL)/healthz",
            ])
            return first == "2 200"
        }
        XCTAssertEqual(first, "2 200", "GET /healthz through nginx over TLS, HTTP/2\n\(portal.log())")
        // The login page through nginx: the portal knows it is behind https (HSTS).
        let headers = try curl(["--http2", "-D", "-", "-o", "/dev/null", "\(publicURL)/"]).lowercased()
        XCTAssertTrue(headers.hasPrefix("http/2 200"), headers)
        XCTAssertTrue(headers.contains("strict-transport-security:"), "HSTS behind TLS\n\(headers)")
        XCTAssertTrue(headers.contains("content-security-policy:"), headers)
        XCTAssertFalse(headers.contains("server: nginx/"), "server_tokens off\n\(headers)")
        // Plain HTTP only redirects to https.
        let redirect = try curl([
            "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "http://127.0.0.1:\(httpPort)/register?code=X",
        ])
        XCTAssertTrue(redirect.hasPrefix("308 https://"), redirect)
        // A body over the 64 KiB cap never reaches the portal.
        let big = dir.file("big.txt")
        try Data(repeating: 0x61, count: 100 * 1024).write(to: URL(fileURLWithPath: big))
        let refused = try curl(["-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@\(big)", "\(publicURL)/"])
        XCTAssertEqual(refused, "413")
    }
}
