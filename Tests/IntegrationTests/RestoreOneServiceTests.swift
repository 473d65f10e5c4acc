import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 14 (7): identity alone is restored from its replica to a moment before Lea
/// was created. Admin still lists her: it learns that identity no longer has her
/// account, shows her as needing a new invitation, and creating her again works
/// (a new account, the welcome e-mail, her membership kept). An identity account
/// admin does not know is reported.
final class RestoreOneServiceTests: XCTestCase {
    func testIdentityRestoredToBeforeAUserExistedIsMendedByAdmin() throws {
        try requireLitestream()
        let dir = TempDirectory("ro")
        defer { dir.remove() }
        let trio = Trio(
            prefix: "rot",
            extra: [
                "CONNECT_REPLICATED": "1", "ADMIN_RECONCILE_INTERVAL": "1",
                "IDENTITY_KEY_FILE": try Litestream.keyFile(dir),
            ])
        defer { trio.remove() }
        try trio.start()
        let replica = "file:\(dir.file("replica"))"
        let replicator = try Litestream.replicate(
            dataDir: trio.dir.file("data"), replica: replica, services: "identity",
            log: dir.file("litestream.log"))
        defer { replicator.terminateAndWait() }
        let flows = Flows(trio)
        let owner = try DrillAdmin(
            flows, employer: "4804.100", "Restore SA", email: "restore.admin@example.ch", phone: "+41799990301")
        let session = owner.session
        Thread.sleep(forTimeInterval: 2.5)
        let beforeLea = Date()
        Thread.sleep(forTimeInterval: 2.5)
        let lea = try flows.createUser(
            session: session, employer: "4804.100", email: "lea.restore@example.ch",
            firstName: "Lea", lastName: "Restore", phone: nil)
        Thread.sleep(forTimeInterval: 2.5) // replicated
        replicator.terminate()
        replicator.waitUntilExit()

        // The operator restores identity alone to before Lea existed.
        trio[ServiceName.identity].stop()
        let restored = dir.file("identity-restored")
        let r = try ProgramRun.run(
            "/bin/bash",
            [
                ProgramRun.repositoryRoot.appendingPathComponent("scripts/restore.sh").path,
                replica, restored, beforeLea.rfc3339,
            ],
            environment: Litestream.environment.merging(["CONNECT_REPLICA_SERVICES": "identity"]) { $1 })
        XCTAssertEqual(r.status, 0, r.output)
        let data = trio.dir.file("data")
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: "\(data)/identity.sqlite\(suffix)")
        }
        try FileManager.default.moveItem(atPath: "\(restored)/identity.sqlite", toPath: "\(data)/identity.sqlite")
        try trio[ServiceName.identity].start()
        // An account admin never heard of (e.g. admin restored alone): reported.
        let stray = try trio[ServiceName.identity].client().call(
            AccountCreate.self,
            .init(
                email: "stray@example.ch", firstName: "Stray", lastName: "Account", language: .fr)
        ).account.accountId

        // Admin finds the difference: Lea needs a new invitation, and her detail still opens.
        let admin = try owner.logIn(flows)
        var detail: UserDetail?
        Poll.until(timeout: 15, every: 0.1) {
            detail = try? flows.admin.call(UsersGet.self, .init(employer: "4804.100", userId: lea), session: admin).user
            return detail?.state == .missing
        }
        XCTAssertEqual(detail?.state, .missing, "admin shows Lea as needing a new invitation")
        XCTAssertTrue(
            trio[ServiceName.admin].log().contains("reconcile.unknown_accounts")
                && trio[ServiceName.admin].log().contains(stray), "the stray identity account is reported")

        // The new invitation works: a new account, the welcome e-mail, one Lea in the list.
        let again = try flows.admin.call(
            UsersCreate.self,
            .init(
                employer: "4804.100", email: "lea.restore@example.ch",
                firstName: "Lea", lastName: "Restore", language: .fr,
                admin: false, themes: ["salaries"], phone: nil), session: admin)
        XCTAssertEqual(again.state, .invited)
        XCTAssertNotEqual(again.userId, lea)
        let leas = try flows.admin.call(UsersSearch.self, .init(employer: "4804.100", text: "Restore"), session: admin)
            .users
            .filter { $0.email == "lea.restore@example.ch" }
        XCTAssertEqual(leas.map(\.userId), [again.userId])
        let shown = try flows.admin.call(
            UsersGet.self, .init(employer: "4804.100", userId: again.userId), session: admin
        ).user
        XCTAssertEqual(shown.state, .invited)
        XCTAssertEqual(
            try trio[ServiceName.identity].client().call(AccountGet.self, .init(accountId: again.userId)).account.email,
            "lea.restore@example.ch")
        Poll.until(timeout: 10, every: 0.1) { flows.outbox.messages("email", to: "lea.restore@example.ch").count >= 2 }
        XCTAssertGreaterThanOrEqual(
            flows.outbox.messages("email", to: "lea.restore@example.ch").count, 2,
            "a second welcome e-mail went to Lea")
    }
}
