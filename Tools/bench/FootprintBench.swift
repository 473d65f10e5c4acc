import Contracts
import Foundation
import Runtime
import TestSupport
import Wire

/// Each service's time from process start to its first `health` answer, and its
/// idle memory (VmRSS) a second after, median of 5 starts on fresh directories.
/// Both builds: dynamic (`make run`) and static (the image). Goals: ≤ 200 ms; ≤ 25 MiB
/// dynamic (issue 8), ≤ 12 MiB as the image ships it (issue 16).
enum FootprintBench {
    /// One measured start: seconds to the first answer, VmRSS and RssAnon (KiB) a second
    /// after, and how many shared objects the process maps.
    typealias Start = (seconds: Double, kib: Int, anonKiB: Int, libraries: Int)

    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        var rows: [[String]] = []
        let dynamic = ServiceProcess.binDirectory
        let (staticDir, staticNote) = StaticBuild.binDirectory(from: dynamic)
        var builds = [("dynamic (`make run`)", dynamic, 25.0)]
        if let staticDir { builds.append(("static (the image)", staticDir, 12.0)) }
        for (build, bin, goal) in builds {
            // The portal too, once built (its start: exec to the first 200 on /healthz).
            let portal = FileManager.default.isExecutableFile(atPath: "\(bin)/portal")
            for name in ServiceName.all + (portal ? ["portal"] : []) {
                var starts = Samples()
                var rss = Samples()
                var anon = Samples()
                var libraries = 0
                for i in 0..<5 {
                    let dir = cluster.dir.file("\(name)\(build.prefix(6))\(i)")
                    let start =
                        try name == "portal" ? measurePortal(bin: bin, dir: dir) : measure(name, bin: bin, dir: dir)
                    starts.add(start.seconds)
                    rss.add(Double(start.kib))
                    anon.add(Double(start.anonKiB))
                    libraries = start.libraries
                }
                let kind = build.prefix { $0 != " " }
                report.goal(
                    "\(name), \(kind): start to first health (median of 5)", "≤ 200 ms", millis(starts.p50),
                    met: starts.p50 <= 0.2)
                report.goal(
                    "\(name), \(kind): idle RSS (median of 5)", String(format: "≤ %.0f MiB", goal),
                    mib(rss.p50), met: rss.p50 <= goal * 1024)
                rows.append([
                    name, build, millis(starts.p50), millis(starts.values.max() ?? .nan), mib(rss.p50),
                    mib(rss.values.max() ?? .nan), mib(anon.p50), "\(libraries)",
                ])
            }
        }
        report.section(
            "start-up time and idle memory",
            "Each service started 5 times on a fresh data dir (migrations included), peers absent; time from `exec` to the first `health` answer (polled every 1 ms; the portal: the first `200` on `GET /healthz`), then VmRSS 1 s after (and its anonymous part, RssAnon: the rest is file pages of the binary and shared libraries, ICU data included, shared between processes), and the number of shared objects it maps (/proc/PID/maps). Two builds of the same code: dynamic, as `make run` builds it (`swift build -c release`), and static, as the image builds it (\(staticNote)). Goals: start ≤ 200 ms; idle RSS ≤ 25 MiB dynamic, ≤ 12 MiB as the image ships it.",
            [
                "service", "build", "start median", "start slowest", "idle RSS median", "idle RSS largest",
                "of which anonymous", "shared objects",
            ], rows)
    }

    static func mib(_ kib: Double) -> String { String(format: "%.1f MiB", kib / 1024) }

    /// The portal on a fresh run dir (the trio absent, like the services' peers above).
    static func measurePortal(bin: String, dir: String) throws -> Start {
        try FileManager.default.createDirectory(atPath: "\(dir)/run", withIntermediateDirectories: true)
        let listen = "127.0.0.1:\(PortalProcess.freePort())"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(bin)/portal")
        var env = ProcessInfo.processInfo.environment
        env["CONNECT_RUN_DIR"] = "\(dir)/run"
        env["PORTAL_LISTEN"] = listen
        env["CONNECT_PORTAL_URL"] = "http://\(listen)"
        // The key exists beforehand, as in a deployment (a secret).
        env["PORTAL_COOKIE_KEY_FILE"] = "\(dir)/cookie.key"
        _ = FileManager.default.createFile(
            atPath: "\(dir)/cookie.key", contents: Data((Identifier.randomHex(32) + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        env["CONNECT_LOG_LEVEL"] = "warning"
        p.environment = env
        p.standardError = FileHandle.nullDevice
        let t0 = monotonicSeconds()
        try p.run()
        defer {
            p.terminate()
            p.waitUntilExit()
        }
        var answered: Double?
        while monotonicSeconds() - t0 < 10 {
            if PortalProcess.healthz(listen) == 200 {
                answered = monotonicSeconds() - t0
                break
            }
            usleep(1000)
        }
        guard let seconds = answered else { throw ServiceError(.unavailable, detail: "portal did not answer /healthz") }
        sleep(1)
        return (
            seconds, procField(p.processIdentifier, "VmRSS:"), procField(p.processIdentifier, "RssAnon:"),
            libraries(p.processIdentifier)
        )
    }

    /// The distinct shared objects (`.so` files) mapped by `pid`.
    static func libraries(_ pid: Int32) -> Int {
        // Read to the end: /proc files report size 0, and a single read stops at one page.
        let data = FileHandle(forReadingAtPath: "/proc/\(pid)/maps")?.readDataToEndOfFile() ?? Data()
        let maps = String(decoding: data, as: UTF8.self)
        let paths = maps.split(separator: "\n").compactMap { line -> Substring? in
            guard let slash = line.firstIndex(of: "/") else { return nil }
            let path = line[slash...]
            return path.contains(".so") ? path : nil
        }
        return Set(paths).count
    }

    static func procField(_ pid: Int32, _ key: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix(key) }?.split(separator: " ").compactMap { Int($0) }
            .first ?? 0
    }

    static func measure(_ name: String, bin: String, dir: String) throws -> Start {
        let socket = "\(dir)/run/\(name).sock"
        try FileManager.default.createDirectory(atPath: "\(dir)/run", withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "\(bin)/\(name)")
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
        defer {
            p.terminate()
            p.waitUntilExit()
        }
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
            status.split(separator: "\n").first { $0.hasPrefix(key) }?.split(separator: " ").compactMap { Int($0) }
                .first ?? 0
        }
        return (seconds, field("VmRSS:"), field("RssAnon:"), libraries(p.processIdentifier))
    }
}
