import Foundation
import Shared
import TestSupport

/// Each service's time from process start to its first `health` answer, and its
/// idle memory (VmRSS) a second after, median of 5 starts on fresh directories.
/// Goals (issue 8): ≤ 200 ms, ≤ 25 MiB.
enum FootprintBench {
    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        var rows: [[String]] = []
        // The portal too, once built (its start: exec to the first 200 on /healthz).
        for name in ServiceName.all + (PortalProcess.isBuilt ? ["portal"] : []) {
            var starts = Samples(), rss = Samples(), anon = Samples()
            for i in 0..<5 {
                let dir = cluster.dir.file("\(name)\(i)")
                let (seconds, kib, anonKiB) = try name == "portal" ? measurePortal(dir: dir) : measure(name, dir: dir)
                starts.add(seconds)
                rss.add(Double(kib))
                anon.add(Double(anonKiB))
            }
            report.goal("\(name): start to first health (median of 5)", "≤ 200 ms", millis(starts.p50), met: starts.p50 <= 0.2)
            report.goal("\(name): idle RSS (median of 5)", "≤ 25 MiB", String(format: "%.1f MiB", rss.p50 / 1024),
                        met: rss.p50 <= 25 * 1024)
            rows.append([name, millis(starts.p50), millis(starts.values.max() ?? .nan),
                         String(format: "%.1f MiB", rss.p50 / 1024), String(format: "%.1f MiB", (rss.values.max() ?? .nan) / 1024),
                         String(format: "%.1f MiB", anon.p50 / 1024)])
        }
        report.section("start-up time and idle memory",
                       "Each service started 5 times on a fresh data dir (migrations included), peers absent; time from `exec` to the first `health` answer (polled every 1 ms; the portal: the first `200` on `GET /healthz`), then VmRSS 1 s after (and its anonymous part, RssAnon: the rest is file pages of the binary and shared libraries, ICU data included, shared between processes). Goals: start ≤ 200 ms, idle RSS ≤ 25 MiB.",
                       ["service", "start median", "start slowest", "idle RSS median", "idle RSS largest", "of which anonymous"], rows)
    }

    /// The portal on a fresh run dir (the trio absent, like the services' peers above).
    static func measurePortal(dir: String) throws -> (Double, Int, Int) {
        try FileManager.default.createDirectory(atPath: "\(dir)/run", withIntermediateDirectories: true)
        let listen = "127.0.0.1:\(PortalProcess.freePort())"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(ServiceProcess.binDirectory)/portal")
        var env = ProcessInfo.processInfo.environment
        env["CONNECT_RUN_DIR"] = "\(dir)/run"
        env["PORTAL_LISTEN"] = listen
        env["CONNECT_PORTAL_URL"] = "http://\(listen)"
        // The key exists beforehand, as in a deployment (a secret).
        env["PORTAL_COOKIE_KEY_FILE"] = "\(dir)/cookie.key"
        _ = FileManager.default.createFile(atPath: "\(dir)/cookie.key", contents: Data((Identifier.randomHex(32) + "\n").utf8),
                                           attributes: [.posixPermissions: 0o600])
        env["CONNECT_LOG_LEVEL"] = "warning"
        p.environment = env
        p.standardError = FileHandle.nullDevice
        let t0 = monotonicSeconds()
        try p.run()
        defer { p.terminate(); p.waitUntilExit() }
        var answered: Double?
        while monotonicSeconds() - t0 < 10 {
            if PortalProcess.healthz(listen) == 200 { answered = monotonicSeconds() - t0; break }
            usleep(1000)
        }
        guard let seconds = answered else { throw ServiceError(.unavailable, detail: "portal did not answer /healthz") }
        sleep(1)
        return (seconds, procField(p.processIdentifier, "VmRSS:"), procField(p.processIdentifier, "RssAnon:"))
    }

    static func procField(_ pid: Int32, _ key: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix(key) }?.split(separator: " ").compactMap { Int($0) }.first ?? 0
    }

    static func measure(_ name: String, dir: String) throws -> (Double, Int, Int) {
        let socket = "\(dir)/run/\(name).sock"
        try FileManager.default.createDirectory(atPath: "\(dir)/run", withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(ServiceProcess.binDirectory)/\(name)")
        var env = ProcessInfo.processInfo.environment
        env["CONNECT_RUN_DIR"] = "\(dir)/run"
        env["CONNECT_DATA_DIR"] = "\(dir)/data"
        env["CONNECT_LOG_LEVEL"] = "warning"
        env["NOTIFIER_OUTBOX"] = "file:\(dir)/outbox"
        p.environment = env
        p.standardError = FileHandle.nullDevice
        let line = Data(#"{"id":"f","type":"health"}"#.utf8 + [0x0A])
        let t0 = monotonicSeconds()
        try p.run()
        defer { p.terminate(); p.waitUntilExit() }
        var answered: Double?
        while monotonicSeconds() - t0 < 10 {
            if let c = try? LineConnection(path: socket), (try? c.roundTrip(line)) != nil {
                answered = monotonicSeconds() - t0
                break
            }
            usleep(1000)
        }
        guard let seconds = answered else { throw ServiceError(.unavailable, detail: "\(name) did not answer health") }
        sleep(1)
        let status = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ key: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(key) }?.split(separator: " ").compactMap { Int($0) }.first ?? 0
        }
        return (seconds, field("VmRSS:"), field("RssAnon:"))
    }
}
