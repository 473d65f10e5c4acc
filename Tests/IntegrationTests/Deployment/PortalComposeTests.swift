import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// compose.yaml's `portal` and `nginx` services: the portal reaches the trio's sockets
/// and nothing else of theirs, nginx reaches the portal's socket and nothing of the
/// trio's, and deploy/nginx/nginx.conf points where compose mounts things.
final class PortalComposeTests: XCTestCase {
    var compose: ComposeFile!

    override func setUpWithError() throws { compose = try ComposeFile.load() }

    private func service(_ name: String) throws -> ComposeService {
        try XCTUnwrap(compose.service(name), "compose.yaml has no service \(name)")
    }

    /// The Unix socket path of `PORTAL_LISTEN=unix:/path`.
    private func portalSocket() throws -> String {
        let listen = try XCTUnwrap(try service("portal").environment["PORTAL_LISTEN"], "portal: PORTAL_LISTEN")
        XCTAssertTrue(listen.hasPrefix("unix:/"), "behind nginx the portal listens on a socket: \(listen)")
        return String(listen.dropFirst("unix:".count))
    }

    func testPortalIsItsOwnUidInTheSocketsGroupOnAReadOnlyRootWithoutData() throws {
        let portal = try service("portal")
        XCTAssertEqual(portal.command, ["portal"])
        let user = try XCTUnwrap(portal.user, "portal: user: uid:gid")
        XCTAssertNotEqual(user.uid, 0)
        let others = try (ServiceName.all + ["nginx", "connectctl"]).map { try service($0).user?.uid }
        XCTAssertFalse(others.contains(user.uid), "portal shares a uid")
        XCTAssertEqual(user.gid, try service("identity").user?.gid, "portal is in the sockets group")
        XCTAssertEqual(portal.raw["read_only"], .bool(true))
        XCTAssertEqual(portal.raw["restart"]?.stringValue, "unless-stopped")
        XCTAssertEqual(portal.tmpfs, ["/tmp"])
        let env = portal.environment
        XCTAssertNil(env["CONNECT_DATA_DIR"], "the portal keeps no data")
        XCTAssertFalse(portal.volumeMounts.keys.contains("/var/lib/connect"))
        // The trio's sockets: the same volume the three services share.
        let runDir = try XCTUnwrap(env["CONNECT_RUN_DIR"])
        XCTAssertEqual(portal.volumeMounts[runDir], try service("admin").volumeMounts["/run/connect"])
        // Not staff, not a service: its uid is in neither list of any service.
        for name in ServiceName.all {
            let e = try service(name).environment
            XCTAssertFalse(ComposeFile.uids(e["CONNECT_STAFF_UIDS"]).contains(user.uid), name)
            XCTAssertFalse(ComposeFile.uids(e["CONNECT_SERVICE_UIDS"]).contains(user.uid), name)
        }
        // Its key is a declared secret, shared by every replica.
        let key = try XCTUnwrap(env["PORTAL_COOKIE_KEY_FILE"])
        XCTAssertTrue(key.hasPrefix("/run/secrets/"))
        let secret = String(key.dropFirst("/run/secrets/".count))
        XCTAssertTrue(portal.secrets.contains(secret))
        XCTAssertNotNil(compose.raw["secrets"]?[secret])
    }

    func testPortalHealthCheckAsksHealthzOnItsOwnSocket() throws {
        let check = try service("portal").healthcheck
        XCTAssertEqual(check.first, "CMD")
        XCTAssertTrue(check.contains("--unix-socket"), "\(check)")
        XCTAssertEqual(check[(check.firstIndex(of: "--unix-socket") ?? 0) + 1], try portalSocket())
        XCTAssertTrue(check.last?.hasSuffix("/healthz") ?? false, "\(check)")
        XCTAssertTrue(
            check.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("f") },
            "curl -f: a 5xx is unhealthy")
    }

    func testThePublicAddressIsHttpsAndTheLettersLinksUseIt() throws {
        let url = try XCTUnwrap(try service("portal").environment["CONNECT_PORTAL_URL"])
        XCTAssertTrue(url.hasPrefix("https://"), "behind TLS: HSTS and the Origin check need https")
        XCTAssertEqual(
            try service("notifier").environment["CONNECT_PORTAL_URL"], url,
            "the letter's and e-mails' links point to the portal")
        XCTAssertEqual(
            try service("portal").environment["PORTAL_TRUSTED_PROXIES"], "unix",
            "only nginx, the socket's one peer, is believed")
        // The SMS dialog's countdown is identity's resend interval, which the portal cannot ask for.
        let interval = try service("identity").environment["IDENTITY_SMS_RESEND_INTERVAL"]
        XCTAssertNotNil(interval)
        XCTAssertEqual(try service("portal").environment["IDENTITY_SMS_RESEND_INTERVAL"], interval)
    }

    /// The real portal with exactly compose's environment (paths mapped as ComposeRig maps
    /// them) beside the trio started the same way: it listens on the socket in the volume it
    /// shares with nginx (mode 0660), compose's own health check command passes, and on
    /// SIGTERM it exits 0 and removes the socket.
    func testThePortalStartsWithComposesEnvironmentAndPassesItsHealthCheck() throws {
        guard PortalProcess.isBuilt else { throw XCTSkip("the portal is not built") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("curl missing in CI (make test-deps)") }
            throw XCTSkip("curl (compose's health check) is not installed")
        }
        let dir = TempDirectory("pw")
        defer { dir.remove() }
        let rig = ComposeRig(compose: compose, dir: dir)
        try rig.prepare()
        defer { rig.stopAll() }
        for name in ["notifier", "identity", "admin"] { try rig.start(name) }
        let service = try service("portal")
        let env = rig.environment(of: service)
        XCTAssertEqual(rig.problems, [])
        let listen = try XCTUnwrap(env["PORTAL_LISTEN"])
        let portal = try PortalProcess(
            runDir: try XCTUnwrap(env["CONNECT_RUN_DIR"]), logPath: dir.file("portal.log"),
            listen: listen, publicURL: env["CONNECT_PORTAL_URL"], environment: env,
            inheritsEnvironment: false)
        defer { portal.stop() }
        let socket = String(listen.dropFirst("unix:".count))
        XCTAssertTrue(
            socket.hasPrefix(dir.file("v/portal-socket/")), "the socket is in the volume nginx mounts: \(socket)")
        let mode = (try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int) ?? 0
        XCTAssertEqual(mode & 0o777, 0o660, "nginx opens it through the group")
        // compose's health check, its container paths mapped.
        var argv = Array(service.healthcheck.dropFirst())
        XCTAssertEqual(argv.removeFirst(), "curl")
        argv = argv.map { rig.hostPath($0, of: service) ?? $0 }
        let check = try ProgramRun.run("/usr/bin/curl", argv)
        XCTAssertEqual(check.status, 0, "compose's health check: \(argv)\n\(check.output)\n\(portal.log())")
        XCTAssertEqual(portal.stop(), 0, "SIGTERM: exit 0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: socket), "the socket is removed on stop")
        XCTAssertNotEqual(
            try ProgramRun.run("/usr/bin/curl", argv).status, 0, "the health check fails once it is stopped")
    }

    func testNginxReachesOnlyThePortalSocketAndGetsItsCertificateFromSecrets() throws {
        let nginx = try service("nginx")
        let portal = try service("portal")
        XCTAssertEqual(nginx.raw["read_only"], .bool(true))
        XCTAssertEqual(nginx.raw["build"]?["target"]?.stringValue, "nginx")
        let user = try XCTUnwrap(nginx.user)
        XCTAssertNotEqual(user.uid, 0)
        XCTAssertNotEqual(user.gid, try service("identity").user?.gid, "nginx is not in the trio's sockets group")
        XCTAssertFalse(nginx.volumeMounts.values.contains("sockets"), "nginx never sees the trio's sockets")
        XCTAssertTrue(
            portal.raw["group_add"]?.arrayStrings.contains(String(user.gid ?? 0)) ?? false,
            "the portal is in nginx's group, so nginx can open the portal's socket")
        let socketDir = (try portalSocket() as NSString).deletingLastPathComponent
        let shared = try XCTUnwrap(portal.volumeMounts[socketDir], "the portal's socket directory is a volume")
        XCTAssertEqual(nginx.volumeMounts[socketDir], shared, "nginx mounts the portal's socket volume")
        XCTAssertNotEqual(shared, "sockets")

        let conf = try NginxConf.load()
        XCTAssertEqual(conf.upstreamSockets, [try portalSocket()], "nginx.conf proxies to PORTAL_LISTEN")
        for file in conf.certificateFiles {
            XCTAssertTrue(file.hasPrefix("/run/secrets/"), file)
            let secret = String(file.dropFirst("/run/secrets/".count))
            XCTAssertTrue(nginx.secrets.contains(secret), "nginx: \(file) is not a secret it is given")
            XCTAssertNotNil(compose.raw["secrets"]?[secret], "secret \(secret) is not declared")
        }
        XCTAssertEqual(conf.certificateFiles.count, 2, "certificate and key")
        // The published ports are the ones nginx.conf listens on (TLS with HTTP/2, and the redirect).
        let published = nginx.raw["ports"]?.arrayStrings ?? []
        XCTAssertTrue(
            published.contains("443:\(conf.tlsPort ?? 0)"), "\(published) vs listen \(String(describing: conf.tlsPort))"
        )
        XCTAssertTrue(conf.text.contains("ssl http2"), "HTTP/2 on the TLS listener")
        XCTAssertTrue(conf.text.contains("client_max_body_size 64k;"), "body limit")
        XCTAssertTrue(
            conf.text.contains("proxy_set_header X-Forwarded-For $remote_addr;"),
            "X-Forwarded-For is set (a client's own value replaced), not appended")
        XCTAssertFalse(
            conf.text.contains("$request "), "the access log must not carry query strings (activation codes)")
        XCTAssertFalse(conf.text.contains("$args"), "the access log must not carry query strings (activation codes)")
        XCTAssertTrue(conf.text.contains("/tmp/") && conf.text.contains("pid /tmp/"), "writes only to its tmpfs")
        XCTAssertEqual(nginx.tmpfs, ["/tmp"])
    }
}

/// deploy/nginx/nginx.conf, read as text (its few facts the tests compare with compose).
struct NginxConf {
    let text: String

    static func load() throws -> NginxConf {
        NginxConf(text: try String(contentsOfFile: DeploymentFiles.path("deploy/nginx/nginx.conf"), encoding: .utf8))
    }

    /// Directive lines without comments.
    var lines: [String] {
        text.split(separator: "\n").map { line in
            String(line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    private func values(_ directive: String) -> [String] {
        lines.filter { $0.hasPrefix(directive + " ") }.map {
            String($0.dropFirst(directive.count + 1).dropLast($0.hasSuffix(";") ? 1 : 0)).trimmingCharacters(
                in: .whitespaces)
        }
    }

    var upstreamSockets: [String] {
        values("server").compactMap { $0.hasPrefix("unix:") ? String($0.dropFirst(5).split(separator: " ")[0]) : nil }
    }

    var certificateFiles: [String] { values("ssl_certificate") + values("ssl_certificate_key") }

    var tlsPort: Int? {
        values("listen").first { $0.contains(" ssl") }.flatMap {
            Int($0.split(separator: " ")[0].split(separator: ":").last ?? "")
        }
    }
}

extension JSONValue {
    /// The strings of an array value (numbers as their text); empty otherwise.
    var arrayStrings: [String] {
        guard case .array(let a) = self else { return [] }
        return a.compactMap { $0.stringValue ?? $0.intValue.map(String.init) }
    }
}
