import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire

/// `admin.users.search` with a text filter at the big employer (500 users) of a
/// data set of 100,000 users across 10,000 employers made by `connect-seed`.
/// The session check is included: admin asks `identity.session.verify` on every
/// request; identity is an in-process stand-in answering for the seeded admin.
enum SearchBench {
    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        let users = quick ? 20_000 : 100_000
        let employers = quick ? 2_000 : 10_000
        let seeded = try seed(cluster, employers: employers, users: users, big: 500)
        let identity = fakeIdentity(cluster)
        defer { identity.stop() }
        let admin = try cluster.start("admin")
        let texts = ["müller", "anna", "zürcher léa", "user3", "emery", "m0.example", "gfeller", "x-nobody"]
        let n = quick ? 300 : 2000
        let c = admin.client()
        for i in 0..<50 { _ = try search(c, texts[i % texts.count]) }
        var single = Samples()
        let perText = StepTimes()
        var total = 0
        for i in 0..<n {
            let t0 = monotonicSeconds()
            total = try search(c, texts[i % texts.count])
            single.add(monotonicSeconds() - t0)
            perText.add(texts[i % texts.count], monotonicSeconds() - t0)
        }
        let slowest = texts.max { perText[$0].p99 < perText[$1].p99 }!
        let clients = (0..<8).map { _ in admin.client() }
        let (eight, eightTime) = concurrentLatencies(clients: 8, perClient: n / 8) { t in
            _ = try search(clients[t], texts[t % texts.count])
        }
        _ = total
        report.section(
            "admin.users.search at 100,000 users",
            "`connect-seed` data set: \(users) users across \(employers) employers, seeded in \(String(format: "%.1f", seeded)) s; searches at employer 1000.000 (500 users) with a text filter (\(texts.count) filters in turn), page of 50, sort by display name; session check included (identity stand-in in process). Slowest filter: `\(slowest)` (p50 \(millis(perText[slowest].p50)), p99 \(millis(perText[slowest].p99))).",
            ["clients", "requests", "p50", "p99", "req/s"],
            [
                [
                    "1", "\(n)", millis(single.p50), millis(single.p99),
                    String(format: "%.0f", Double(single.count) / single.values.reduce(0, +)),
                ],
                [
                    "8", "\(eight.count)", millis(eight.p50), millis(eight.p99),
                    String(format: "%.0f", Double(eight.count) / eightTime),
                ],
            ])
    }

    static func search(_ c: ServiceClient, _ text: String) throws -> Int {
        try c.call(
            UsersSearch.self,
            .init(
                employer: "1000.000", text: text, includeDisabled: true,
                sort: .displayName, offset: 0, limit: 50), session: "bench-session"
        ).total
    }

    /// Runs connect-seed (next to this program) on the cluster's empty data dir; returns its seconds.
    static func seed(_ cluster: Cluster, employers: Int, users: Int, big: Int) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ServiceProcess.binDirectory + "/connect-seed")
        p.arguments = [
            "--data-dir", cluster.dir.file("data"), "--employers", "\(employers)", "--users", "\(users)",
            "--big", "\(big)",
        ]
        p.standardOutput = FileHandle.nullDevice
        let t0 = monotonicSeconds()
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ServiceError(.internal, detail: "connect-seed exited \(p.terminationStatus)")
        }
        return monotonicSeconds() - t0
    }

    /// Identity in process: every session is the seeded admin of employer 1000.000.
    static func fakeIdentity(_ cluster: Cluster) -> FakePeer {
        let peer = FakePeer(socketPath: cluster.dir.file("run/identity.sock"))
        peer.on(SessionVerify.self) { _ in
            SessionVerify.Reply(
                accountId: "acc_seed_0", email: "user0@m0.example.ch", expiresAt: "2099-01-01T00:00:00Z")
        }
        peer.start()
        return peer
    }
}
