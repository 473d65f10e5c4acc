import Foundation
import TestSupport

/// What the browser tests (Tests/Browser/*.py) play against: the real trio, whose letters' and
/// e-mails' links point to a portal on a free loopback port, and that portal on the trio's sockets.
extension Trio {
    /// The trio started (its services complete) with `CONNECT_PORTAL_URL` = `portalURL`, so that
    /// the notifier's links lead to the portal under test; removed again if it does not start.
    static func started(prefix: String, portalURL: String, extra: [String: String] = [:]) throws -> Trio {
        let trio = Trio(prefix: prefix, extra: ["CONNECT_PORTAL_URL": portalURL].merging(extra) { $1 })
        do {
            try trio.start()
            try trio.requireCompleteServices()
        } catch {
            trio.remove()
            throw error
        }
        return trio
    }
}

extension PortalProcess {
    /// http://127.0.0.1:<a free port>, for a portal a browser reaches.
    static func freeLoopbackURL() -> String { "http://127.0.0.1:\(freePort())" }

    /// A portal at `url` (a `freeLoopbackURL`) on `trio`'s sockets for a browser story, logging to
    /// data/`logName`: the cookie key in the trio's data (another process given the same one
    /// shares its sessions), and the per-address limits of the login and code forms lifted to
    /// `requestsPerMinute`, as one person plays the whole story from one address within a minute
    /// (PortalTests test the limits).
    static func forBrowser(
        _ trio: Trio, url: String, logName: String = "portal.log", requestsPerMinute: Int = 1000,
        environment extra: [String: String] = [:]
    ) throws -> PortalProcess {
        let environment = [
            "PORTAL_COOKIE_KEY_FILE": trio.dir.file("data/portal-cookie.key"),
            "PORTAL_RATE_BURST": "\(requestsPerMinute)", "PORTAL_RATE_PER_MINUTE": "\(requestsPerMinute)",
        ]
        return try PortalProcess(
            runDir: trio.dir.file("run"), logPath: trio.dir.file("data/\(logName)"),
            listen: String(url.dropFirst("http://".count)), publicURL: url,
            environment: environment.merging(extra) { $1 })
    }
}

enum BrowserScript {
    /// Runs Tests/Browser/`name` with Debian's python3 and prints what it said: (exit status, output).
    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let script = ProgramRun.repositoryRoot.appendingPathComponent("Tests/Browser/\(name)").path
        let (status, output) = try ProgramRun.run(PortalBrowserTests.python, ["-B", script] + arguments)
        print(output)
        return (status, output)
    }

    /// The screenshots (PNG) a script left in `shots`.
    static func screenshots(in shots: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: shots)) ?? []).filter { $0.hasSuffix(".png") }
    }
}
