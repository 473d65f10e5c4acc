import Foundation
import Runtime
import TestSupport

/// `health` round trip over the service's socket vs a bare Unix-socket echo,
/// one client and 32 concurrent clients. Goal (issue 2): p50 at most 3× the echo.
enum HealthBench {
    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        let service = try cluster.start("identity")
        let echoPath = cluster.dir.file("echo.sock")
        let echo = EchoServer(path: echoPath)
        try echo.start()
        defer { echo.stop() }
        let line = Data(#"{"id":"b","type":"health"}"#.utf8 + [0x0A])
        let single = quick ? 2000 : 20000
        let perClient = quick ? 200 : 1000

        func sequential(_ path: String) throws -> Samples {
            let c = try LineConnection(path: path)
            for _ in 0..<200 { try c.roundTrip(line) } // warm-up
            var s = Samples()
            for _ in 0..<single {
                let t0 = monotonicSeconds()
                try c.roundTrip(line)
                s.add(monotonicSeconds() - t0)
            }
            return s
        }
        func concurrent(_ path: String) throws -> (Samples, Double) {
            let conns = try (0..<32).map { _ in try LineConnection(path: path) }
            return concurrentLatencies(clients: 32, perClient: perClient) { try conns[$0].roundTrip(line) }
        }
        let h1 = try sequential(service.socketPath)
        let e1 = try sequential(echoPath)
        let (h32, h32t) = try concurrent(service.socketPath)
        let (e32, e32t) = try concurrent(echoPath)
        report.goal("health p50 ÷ bare echo p50, 1 client", "≤ 3×", ratio(h1.p50, e1.p50), met: h1.p50 <= 3 * e1.p50)
        report.goal(
            "health p50 ÷ bare echo p50, 32 clients", "≤ 3×", ratio(h32.p50, e32.p50), met: h32.p50 <= 3 * e32.p50)
        report.section(
            "health round trip vs bare Unix-socket echo",
            "Same line framing both sides; \(single) sequential round trips, then 32 clients × \(perClient). Goal: health p50 ≤ 3× echo p50.",
            ["clients", "health p50", "health p99", "echo p50", "echo p99", "p50 ratio", "health req/s", "echo req/s"],
            [
                [
                    "1", micros(h1.p50), micros(h1.p99), micros(e1.p50), micros(e1.p99), ratio(h1.p50, e1.p50),
                    String(format: "%.0f", 1 / h1.p50), String(format: "%.0f", 1 / e1.p50),
                ],
                [
                    "32", micros(h32.p50), micros(h32.p99), micros(e32.p50), micros(e32.p99), ratio(h32.p50, e32.p50),
                    String(format: "%.0f", Double(h32.count) / h32t), String(format: "%.0f", Double(e32.count) / e32t),
                ],
            ])
    }
}
