import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 14 (4, 5): the drill. The trio runs with Litestream replicating its data
/// directory (scripts/replicate.sh, the real binary); an administrator registers,
/// creates users and grants rights; everything is killed with SIGKILL, the data
/// directory deleted, restored (scripts/restore.sh) and started again. Measures the
/// RPO (seconds of acknowledged work lost) and the RTO (empty disk to `health`).
final class RecoveryDrillTests: XCTestCase {
    var dir: TempDirectory!
    var trio: Trio!
    var replicator: Process?

    override func setUpWithError() throws {
        try requireLitestream()
        dir = TempDirectory("dr")
        trio = Trio(
            prefix: "drt", extra: ["CONNECT_REPLICATED": "1", "IDENTITY_KEY_FILE": try Litestream.keyFile(dir)])
    }

    override func tearDown() {
        if let r = replicator { Litestream.kill(r) }
        trio?.remove()
        dir?.remove()
    }

    var dataDir: String { trio.dir.file("data") }
    var replica: String { "file:\(dir.file("replica"))" }

    func testKillEverythingDeleteTheDataRestoreFromTheReplicaAndCarryOn() throws {
        try trio.start()
        replicator = try Litestream.replicate(dataDir: dataDir, replica: replica, log: dir.file("litestream.log"))
        let flows = Flows(trio)
        let owner = try DrillAdmin(
            flows, employer: "4801.100", "Drill SA", email: "drill.admin@example.ch", phone: "+41799990101")
        let session = owner.session
        // Point in time: one user before the mark, one after.
        let before = try flows.createUser(
            session: session, employer: "4801.100", email: "avant@example.ch",
            firstName: "Anna", lastName: "Avant", phone: nil)
        Thread.sleep(forTimeInterval: 2.5)
        let mark = Date()
        Thread.sleep(forTimeInterval: 2.5)
        _ = try flows.createUser(
            session: session, employer: "4801.100", email: "apres@example.ch",
            firstName: "Paul", lastName: "Apres", phone: nil)
        // Steady work until the kill: each change is acknowledged at a known time.
        var acknowledged: [(email: String, at: Date)] = []
        let until = Date() + 6
        var i = 0
        while Date() < until {
            let email = "user\(i)@example.ch"
            let id = try flows.createUser(
                session: session, employer: "4801.100", email: email,
                firstName: "User", lastName: "N\(i)", phone: nil)
            if i % 3 == 0 {
                _ = try flows.admin.call(
                    UsersUpdate.self,
                    .init(
                        employer: "4801.100", userId: id,
                        themes: ["salaries", "accounting"]), session: session)
            }
            acknowledged.append((email, Date()))
            i += 1
            usleep(100_000)
        }
        let snapshotsBeforeKill = try Litestream.snapshotCount(replica: replica, service: "admin")
        // The crash: everything at once, then the disk is gone.
        for name in ServiceName.all { trio[name].kill() }
        if let r = replicator { Litestream.kill(r) }
        let killedAt = Date()
        try FileManager.default.removeItem(atPath: dataDir)

        let emptyDisk = monotonicSeconds()
        let restored = try Litestream.restore(replica: replica, into: dataDir)
        XCTAssertEqual(restored.status, 0, restored.output)
        try trio.start()
        let rto = monotonicSeconds() - emptyDisk

        // The administrator logs in; users, rights and the audit trail are there.
        let again = try owner.logIn(flows)
        let users = try flows.admin.call(UsersSearch.self, .init(employer: "4801.100", limit: 200), session: again)
            .users
        let present = Set(users.map(\.email))
        let missing = acknowledged.filter { !present.contains($0.email) }
        let rpo = missing.map { killedAt.timeIntervalSince($0.at) }.max() ?? 0
        XCTAssertTrue(present.isSuperset(of: ["avant@example.ch", "apres@example.ch", "drill.admin@example.ch"]))
        XCTAssertEqual(
            missing.filter { killedAt.timeIntervalSince($0.at) > 2 }.map(\.email), [],
            "nothing acknowledged more than 2 s before the kill is missing")
        let audit = try flows.admin.call(AuditSearch.self, .init(employer: "4801.100", limit: 200), session: again)
        let created = Set(audit.entries.filter { $0.action == .userCreate }.map(\.target))
        XCTAssertTrue(
            created.isSuperset(of: acknowledged.filter { present.contains($0.email) }.map(\.email)),
            "every user present has its audit entry")
        XCTAssertEqual(snapshotsBeforeKill, 1, "the replica kept one snapshot generation under load (no re-snapshot)")
        print(
            String(
                format:
                    "drill: %d changes acknowledged in the last 6 s, %d lost; RPO %.2f s; RTO %.2f s (empty disk → restored → health of all three)",
                acknowledged.count, missing.count, rpo, rto))
        _ = before

        // A point-in-time restore between the two changes gives the earlier state.
        trio.stop()
        let pit = dir.file("pit")
        let atMark = try Litestream.restore(replica: replica, into: pit, at: mark.rfc3339)
        XCTAssertEqual(atMark.status, 0, atMark.output)
        let emails = try ReadOnlySQLite.with("\(pit)/admin.sqlite") { try $0.strings("SELECT email FROM users") }
        XCTAssertTrue(emails.contains("avant@example.ch"), "\(emails)")
        XCTAssertFalse(emails.contains("apres@example.ch"), "\(emails)")
        // Restore refuses to overwrite.
        let twice = try Litestream.restore(replica: replica, into: pit)
        XCTAssertEqual(twice.status, 2, twice.output)
        XCTAssertTrue(twice.output.contains("refusing to overwrite"), twice.output)
    }
}

extension RecoveryDrillTests {
    /// Issue 14 (6): a standby follows the replica (scripts/standby.sh); after the
    /// primary dies it is stopped and the trio starts on its copy. RTO: primary
    /// killed → all three healthy on the standby.
    func testWarmStandbyTakesOverWithTheLatestState() throws {
        try trio.start()
        replicator = try Litestream.replicate(dataDir: dataDir, replica: replica, log: dir.file("litestream.log"))
        let standbyDir = dir.file("standby")
        let follower = Process()
        follower.executableURL = URL(fileURLWithPath: "/bin/bash")
        follower.arguments = [
            ProgramRun.repositoryRoot.appendingPathComponent("scripts/standby.sh").path, replica, standbyDir,
        ]
        follower.environment = ProcessInfo.processInfo.environment.merging(Litestream.environment) { $1 }
        follower.standardOutput = FileHandle.nullDevice
        follower.standardError = FileHandle.nullDevice
        try follower.run()
        defer { follower.terminateAndWait() }

        let flows = Flows(trio)
        let owner = try DrillAdmin(
            flows, employer: "4802.100", "Standby SA", email: "standby.admin@example.ch", phone: "+41799990102")
        let session = owner.session
        var last = ""
        for i in 0..<10 {
            last = "standby\(i)@example.ch"
            _ = try flows.createUser(
                session: session, employer: "4802.100", email: last, firstName: "S", lastName: "N\(i)", phone: nil)
        }
        Thread.sleep(forTimeInterval: 2.5) // older than the 2 s bound, as in the drill
        for name in ServiceName.all { trio[name].kill() }
        if let r = replicator { Litestream.kill(r) }
        let failover = monotonicSeconds()
        // Fence the old host (here: it is dead), stop following, start on the copy.
        Thread.sleep(forTimeInterval: 1.2) // one follow interval for the last frames
        follower.terminate()
        follower.waitUntilExit()
        let standby = Trio(
            prefix: "dsb", extra: ["CONNECT_REPLICATED": "1", "IDENTITY_KEY_FILE": dir.file("identity.key")])
        defer { standby.remove() }
        try FileManager.default.createDirectory(atPath: standby.dir.file("data"), withIntermediateDirectories: true)
        for name in ServiceName.all {
            for suffix in ["", "-wal", "-shm"]
            where FileManager.default.fileExists(atPath: "\(standbyDir)/\(name).sqlite\(suffix)") {
                try FileManager.default.moveItem(
                    atPath: "\(standbyDir)/\(name).sqlite\(suffix)",
                    toPath: standby.dir.file("data/\(name).sqlite\(suffix)"))
            }
        }
        try standby.start()
        let rto = monotonicSeconds() - failover
        let again = try owner.logIn(Flows(standby))
        let users = try Flows(standby).admin.call(
            UsersSearch.self, .init(employer: "4802.100", limit: 100), session: again
        ).users
        XCTAssertTrue(users.contains { $0.email == last }, "the standby has the last change")
        print(
            String(
                format: "standby: RTO %.2f s (primary killed → follower stopped → all three healthy on the standby)",
                rto))
    }
}
