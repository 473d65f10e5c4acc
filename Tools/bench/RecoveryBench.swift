import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire

/// Issue 14 (5): RPO and RTO of a lost machine, with the real Litestream binary
/// replicating to a `file:` replica (scripts/replicate.sh), as the drill does. Each
/// round: the trio runs replicated; staff create employers one after another; the
/// three services and Litestream get SIGKILL mid-stream; the data directory is
/// deleted, restored (scripts/restore.sh) and the trio started again.
/// RPO: how long before the kill the oldest acknowledged change missing after the
/// restore was acknowledged (0 when none is missing). RTO: empty disk → all three
/// answer `health`.
enum RecoveryBench {
    struct Round {
        var acknowledged = 0, lost = 0
        var rpo = 0.0, restore = 0.0, rto = 0.0
    }

    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        guard Litestream.binary != nil else {
            FileHandle.standardError.write(
                Data(
                    """
                    recovery: skipped: no litestream binary (`make litestream` installs it into \
                    .build/litestream/bin/litestream; or set LITESTREAM)\n
                    """.utf8))
            return
        }
        let key = try Litestream.keyFile(cluster.dir)
        let count = 3
        let rounds = try (1...count).map { n in
            try round(n, cluster: cluster, keyFile: key, stream: (quick ? 2 : 3) + Double.random(in: 0..<1))
        }
        var rpo = Samples()
        var rto = Samples()
        for r in rounds {
            rpo.add(r.rpo)
            rto.add(r.rto)
        }
        let worstRPO = rpo.values.max() ?? 0
        let worstRTO = rto.values.max() ?? 0
        report.goal(
            "RPO after kill -9 of the host (file replica, worst of \(count))", "≤ 2 s",
            seconds(worstRPO), met: worstRPO <= 2)
        var rows = rounds.enumerated().map { i, r in
            ["\(i + 1)", "\(r.acknowledged)", "\(r.lost)", seconds(r.rpo), seconds(r.restore), seconds(r.rto)]
        }
        rows.append(["median", "", "", seconds(rpo.p50), "", seconds(rto.p50)])
        rows.append(["worst", "", "", seconds(worstRPO), "", seconds(worstRTO)])
        report.section(
            "recovery: RPO and RTO of a lost machine",
            "The trio with `CONNECT_REPLICATED=1`, Litestream \(version()) replicating its three databases to a `file:` replica (`scripts/replicate.sh`, sync interval 1 s); staff create employers (`admin.employer.create`) every 20 ms; at a random moment \(quick ? "2–3" : "3–4") s in (so the kill falls anywhere in the sync interval) the three services and Litestream get SIGKILL mid-stream, the data directory is deleted, `scripts/restore.sh` restores it and the trio starts (notifier, identity, admin, each answering `health`). RPO: age at the kill of the oldest acknowledged change missing after the restore (0 when none is). RTO: empty disk → all three answer `health` (restore included; a remote replica adds its download time). \(count) rounds. Goal (issue 14): RPO ≤ 2 s.",
            ["round", "changes acknowledged", "lost", "RPO", "restore", "RTO"], rows)
    }

    /// One crash and restore on a fresh data directory and replica under the cluster's.
    static func round(_ n: Int, cluster: Cluster, keyFile: String, stream: Double) throws -> Round {
        let base = cluster.dir.file("r\(n)")
        let data = "\(base)/data"
        let replica = "file:\(base)/replica"
        let env = cluster.environment.merging([
            "CONNECT_REPLICATED": "1", "IDENTITY_KEY_FILE": keyFile,
            "NOTIFIER_OUTBOX": "file:\(base)/outbox",
        ]) { $1 }
        let trio = [ServiceName.notifier, ServiceName.identity, ServiceName.admin].map {
            ServiceProcess($0, runDir: "\(base)/run", dataDir: data, environment: env)
        }
        defer { for s in trio { s.stop() } }
        for s in trio { try s.start() }
        let replicator = try Litestream.replicate(dataDir: data, replica: replica, log: "\(base)/litestream.log")
        defer { Litestream.kill(replicator) }

        let (acknowledged, killedAt) = try createUntilKilled(trio, replicator: replicator, round: n, after: stream)
        try FileManager.default.removeItem(atPath: data)
        let emptyDisk = monotonicSeconds()
        let restored = try Litestream.restore(replica: replica, into: data)
        guard restored.status == 0 else { throw ServiceError(.internal, detail: "restore.sh: \(restored.output)") }
        let restoreTime = monotonicSeconds() - emptyDisk
        for s in trio { try s.start() }
        let rto = monotonicSeconds() - emptyDisk

        let present = try employerNumbers(trio[2])
        let missing = acknowledged.filter { !present.contains($0.number) }
        // Litestream ships WAL frames in order: what is lost is the newest changes, never a hole.
        guard acknowledged.suffix(missing.count).map(\.number) == missing.map(\.number) else {
            throw ServiceError(.internal, detail: "round \(n): restored state has a hole: \(missing.map(\.number))")
        }
        let rpo = missing.map { max(0, killedAt - $0.at) }.max() ?? 0
        return Round(acknowledged: acknowledged.count, lost: missing.count, rpo: rpo, restore: restoreTime, rto: rto)
    }

    /// Staff create employers one after another on admin while, `after` s in, another
    /// thread kills the three services and Litestream. Returns every acknowledged
    /// change with its time (monotonic s) and when the kill was over.
    static func createUntilKilled(
        _ trio: [ServiceProcess], replicator: Process, round: Int,
        after: Double
    ) throws -> ([(number: String, at: Double)], Double) {
        let kill = KillTimes()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + after) {
            kill.times.withLock { $0.start = monotonicSeconds() }
            for s in trio { s.kill() }
            Litestream.kill(replicator)
            kill.times.withLock { $0.end = monotonicSeconds() }
            done.signal()
        }
        let admin = trio[2].client(timeout: 5)
        var acknowledged: [(number: String, at: Double)] = []
        while acknowledged.count < 1000 {
            let number = String(format: "%04d.%03d", 7000 + round, acknowledged.count)
            do {
                _ = try admin.call(
                    EmployerCreate.self,
                    .init(
                        number: number, name: "Recovery \(round)-\(acknowledged.count)",
                        street: "Rue du Test 1", postcode: "1000", city: "Lausanne",
                        language: .fr))
            } catch {
                let failedAt = monotonicSeconds()
                done.wait()
                let started = kill.times.withLock { $0.start }
                guard failedAt >= started else { throw error } // failed before the crash: a real error
                return (acknowledged, kill.times.withLock { $0.end })
            }
            acknowledged.append((number, monotonicSeconds()))
            usleep(20_000)
        }
        throw ServiceError(.internal, detail: "the kill did not come within 1000 changes")
    }

    /// Every employer number admin lists (pages of 500).
    static func employerNumbers(_ admin: ServiceProcess) throws -> Set<String> {
        let c = admin.client()
        var numbers: Set<String> = []
        while true {
            let page = try c.call(EmployerList.self, .init(offset: numbers.count, limit: 500))
            numbers.formUnion(page.employers.map(\.number))
            if page.employers.isEmpty || numbers.count >= page.total { return numbers }
        }
    }

    static func version() -> String {
        let v = try? ProgramRun.run(Litestream.binary ?? "litestream", ["version"])
        return v?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    }

    static func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }
}

/// When the crash began and ended (monotonic s), written by the killing thread.
final class KillTimes: Sendable {
    let times = Mutex<(start: Double, end: Double)>((.infinity, .infinity))
}
