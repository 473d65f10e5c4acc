import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// Issue 8, crash safety: while workers run `CONNECT_CRASH_OPS` mixed operations
/// (registrations, logins, user creations, deactivations, sends; default 150, the
/// issue's full run 500), a killer sends SIGKILL to a random service at random
/// moments and restarts it. Clients retry as a front end would. Afterwards, with
/// the three stopped and their files opened read-only: every e-mail and SMS was
/// delivered exactly once per idempotency key, no user is half-created, every
/// completed operation has its audit entry, and every SQLite file is sound.
final class CrashSafetyTests: XCTestCase {
    static let ops = environmentInt("CONNECT_CRASH_OPS", default: 150)
    static let workers = 4

    var trio: Trio!

    override func setUpWithError() throws {
        trio = Trio(
            prefix: "kx",
            extra: [
                "CONNECT_LOG_LEVEL": "warning",
                "IDENTITY_CODE_MAX_ATTEMPTS": "100", "IDENTITY_SMS_MAX_ATTEMPTS": "100",
                // A killed notifier's claimed messages are retaken after the lease; retries come fast.
                "NOTIFIER_LEASE": "3", "NOTIFIER_RETRY_BASE": "0.5", "NOTIFIER_RETRY_MAX": "2",
            ])
        try trio.start()
    }

    override func tearDown() { trio?.remove() }

    func testKillNineDuringMixedOperationsLosesAndDuplicatesNothing() throws {
        try trio.requireCompleteServices()
        let seed = SplitMix64.runSeed()
        print("crash: seed \(seed) (replay the choices with CONNECT_TEST_SEED=\(seed)), \(Self.ops) operations")
        let work = CrashWorkload(trio)
        var first = SplitMix64(seed: seed)
        for _ in 0..<3 { work.run("registration", rng: &first) }

        let killer = Killer(trio, seed: seed ^ 0xC4A5)
        let kinds = ["registration", "login", "user", "user", "deactivation", "send", "send"]
        let base = SplitMix64(seed: seed)
        let per = (Self.ops - 3) / Self.workers
        onThreads(Self.workers) { w in
            var rng = base.fork(UInt64(w + 7))
            for _ in 0..<per { work.run(rng.pick(kinds), rng: &rng) }
        }
        let kills = killer.stop()
        for name in ServiceName.all where !(trio[name].process?.isRunning ?? false) { try trio[name].start() }
        let settled = try settle()
        trio.stop()

        print(
            "crash: kills \(kills.sorted { $0.key < $1.key }), completed \(work.completed.sorted { $0.key < $1.key }), abandoned \(work.abandoned.count), settled in \(String(format: "%.1f", settled)) s"
        )
        for a in work.abandoned.prefix(10) { print("crash: abandoned \(a)") }
        for name in ServiceName.all { XCTAssertGreaterThan(kills[name] ?? 0, 0, "\(name) was never killed") }
        try checkExactlyOnceDelivery(work)
        try checkNoHalfCreatedUser(work)
        try checkAudit(work)
        for name in ServiceName.all {
            let result = try ReadOnlySQLite.with(trio.dir.file("data/\(name).sqlite")) {
                try $0.strings("PRAGMA integrity_check")
            }
            XCTAssertEqual(result, ["ok"], "\(name).sqlite integrity")
        }
        XCTAssertLessThanOrEqual(
            work.abandoned.count, Self.ops / 10, "too many operations abandoned: \(work.abandoned.prefix(5))")
    }

    /// Admin dies after identity confirmed a new user's phone (variant 1) and before its
    /// own write; the admin's retry of `confirmPhone` must still end with the user active
    /// and audited. Reproduced without a kill: the first identity call is made directly.
    /// (Found by the crash test: admin answered `invalid_code` and the user stayed
    /// `pendingPhone`; admin now asks identity whether the phone was already confirmed.)
    func testConfirmPhoneRetriedAfterAdminDiedMidwayEndsActiveAndAudited() throws {
        try trio.requireCompleteServices()
        let flows = Flows(trio)
        let (_, session) = try flows.employerWithAdmin(
            number: "4997.100", name: "Replay SA", email: "replay.admin@example.ch",
            phone: "+41799990002", password: "Velo-Rouge-1848")
        let phone = "+41799990003"
        let created = try flows.admin.call(
            UsersCreate.self,
            .init(
                employer: "4997.100", email: "replay.user@example.ch",
                firstName: "Léa", lastName: "Replay", language: .fr,
                phone: phone), session: session)
        XCTAssertEqual(created.state, .pendingPhone)
        let code = try flows.outbox.waitForCode("sms", to: phone, excluding: [])
        // What admin's confirmPhone did before dying: identity confirmed.
        _ = try flows.identity.call(AccountSmsConfirm.self, .init(accountId: created.userId, smsCode: code))
        // The admin's retry.
        let retried = try flows.admin.call(
            UsersConfirmPhone.self,
            .init(
                employer: "4997.100", userId: created.userId,
                smsCode: code), session: session)
        XCTAssertEqual(retried.state, .active)
        let user = try flows.admin.call(
            UsersGet.self, .init(employer: "4997.100", userId: created.userId), session: session
        ).user
        XCTAssertEqual(user.state, .active)
        let audit = try flows.admin.call(AuditSearch.self, .init(employer: "4997.100", limit: 100), session: session)
        XCTAssertTrue(
            audit.entries.contains { $0.action == .userPhoneConfirmed }, "no audit entry for the confirmation")
    }

    /// Waits until nothing is left to relay or deliver: both service outboxes empty,
    /// no message queued or sending. Returns the seconds it took.
    private func settle(timeout: TimeInterval = 120) throws -> Double {
        let started = Date()
        let drained = try Poll.until(timeout: timeout, every: 0.2) {
            let pending =
                try ReadOnlySQLite.with(trio.dir.file("data/identity.sqlite")) {
                    try $0.int("SELECT count(*) FROM service_outbox")
                }
                + ReadOnlySQLite.with(trio.dir.file("data/admin.sqlite")) {
                    try $0.int("SELECT count(*) FROM service_outbox")
                }
                + ReadOnlySQLite.with(trio.dir.file("data/notifier.sqlite")) {
                    try $0.int("SELECT count(*) FROM messages WHERE status IN ('queued', 'sending')")
                }
            return pending == 0
        }
        if drained { return Date().timeIntervalSince(started) }
        XCTFail("outboxes did not drain in \(timeout) s")
        return timeout
    }

    private func checkExactlyOnceDelivery(_ work: CrashWorkload) throws {
        let db = try ReadOnlySQLite(trio.dir.file("data/notifier.sqlite"))
        let rows = try db.rows("SELECT id, idempotency_key, channel, status FROM messages")
        let duplicates = try db.int("SELECT count(*) - count(DISTINCT idempotency_key) FROM messages")
        XCTAssertEqual(duplicates, 0, "idempotency keys accepted twice")
        var status: [String: String] = [:]
        for r in rows { status[r[0]!] = r[3]! }
        XCTAssertEqual(
            rows.filter { $0[3] != "sent" && $0[2] != "letter" }.map { "\($0[0]!) \($0[3]!)" }, [],
            "every e-mail and SMS sent")
        var files = 0
        for channel in ["email", "sms"] {
            let dir = "\(trio.outbox)/\(channel)"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
                !$0.hasPrefix(".")
            }
            let ids = names.map { ($0 as NSString).deletingPathExtension }
            files += ids.count
            XCTAssertEqual(Set(ids).count, ids.count, "\(channel): a message delivered twice")
            for id in ids { XCTAssertEqual(status[id], "sent", "\(channel) file \(id) without a sent message") }
            let expected = rows.filter { $0[2] == channel }.map { $0[0]! }
            XCTAssertEqual(Set(expected).subtracting(ids), [], "\(channel): sent but no file")
            let temporaries = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
                $0.hasPrefix(".")
            }
            XCTAssertEqual(temporaries, [], "\(channel): half-written files left")
        }
        // Nothing a completed operation announced is lost: the deactivation notice and
        // the new user's welcome e-mail (business-level repeats are counted, not failed).
        var repeated = 0
        for u in work.deactivated {
            let n = try db.int(
                "SELECT count(*) FROM messages WHERE recipient = '\(u.email)' AND template = 'account_deactivated'")
            XCTAssertGreaterThanOrEqual(n, 1, "no deactivation notice to \(u.email)")
            repeated += max(0, n - 1)
        }
        for u in work.users {
            let n = try db.int(
                "SELECT count(*) FROM messages WHERE recipient = '\(u.email)' AND template LIKE 'welcome_%'")
            if u.confirmed || !u.withPhone { XCTAssertGreaterThanOrEqual(n, 1, "no welcome e-mail to \(u.email)") }
            repeated += max(0, n - 1)
        }
        print("crash: notices and welcomes sent more than once (new keys): \(repeated)")
        for (key, id) in work.sendKeys {
            XCTAssertEqual(
                try db.strings("SELECT id FROM messages WHERE idempotency_key = '\(key)'"), [id], "send \(key)")
        }
        print("crash: \(rows.count) messages, \(files) files, \(work.sendKeys.count) acknowledged sends")
    }

    private func checkNoHalfCreatedUser(_ work: CrashWorkload) throws {
        let identity = try ReadOnlySQLite(trio.dir.file("data/identity.sqlite"))
        let admin = try ReadOnlySQLite(trio.dir.file("data/admin.sqlite"))
        let accounts = Set(try identity.strings("SELECT id FROM accounts"))
        let users = Set(try admin.strings("SELECT account_id FROM users"))
        let members = Set(try admin.strings("SELECT DISTINCT account_id FROM memberships"))
        XCTAssertEqual(users.subtracting(accounts), [], "admin users without an identity account")
        XCTAssertEqual(accounts.subtracting(users), [], "identity accounts that admin does not know")
        XCTAssertEqual(users.subtracting(members), [], "admin users without a membership")
        for a in work.admins {
            XCTAssertTrue(accounts.contains(a.accountId), "registered \(a.email) has no account")
            let admin = try admin.strings(
                "SELECT admin FROM memberships WHERE employer = '\(a.employer)' AND account_id = '\(a.accountId)'")
            XCTAssertEqual(admin, ["1"], "registered \(a.email) is not admin of \(a.employer)")
        }
        for u in work.deactivated {
            XCTAssertEqual(
                try admin.strings(
                    "SELECT disabled FROM memberships WHERE employer = '\(u.employer)' AND account_id = '\(u.userId)'"),
                ["1"], "deactivated \(u.email) still active in admin")
            XCTAssertEqual(
                try identity.strings("SELECT disabled FROM accounts WHERE id = '\(u.userId)'"), ["1"],
                "deactivated \(u.email) can still log in")
        }
        // Drift between the two copies of a user's state (e.g. a phone confirmed in identity
        // while admin died before recording it): printed for the report, see the test below.
        let identityStates = Dictionary(
            try identity.rows("SELECT id, state FROM accounts").map { ($0[0]!, $0[1] ?? "") }
        ) { a, _ in a }
        let drift = try admin.rows("SELECT account_id, state FROM users WHERE state <> 'disabled'")
            .filter { identityStates[$0[0]!] != $0[1] }
        print(
            "crash: users whose state differs between admin and identity: \(drift.count) \(drift.prefix(5).map { "\($0[0]!) admin=\($0[1] ?? "")/identity=\(identityStates[$0[0]!] ?? "-")" })"
        )
        print(
            "crash: \(accounts.count) identity accounts, \(users.count) admin users, \(work.admins.count) registrations, \(work.users.count) users created, \(work.deactivated.count) deactivated"
        )
    }

    private func checkAudit(_ work: CrashWorkload) throws {
        let admin = try ReadOnlySQLite(trio.dir.file("data/admin.sqlite"))
        func entries(_ action: String, _ target: String) throws -> Int {
            try admin.int("SELECT count(*) FROM audit WHERE action = '\(action)' AND target_id = '\(target)'")
        }
        for a in work.admins {
            XCTAssertEqual(try entries("employer.create", a.employer), 1, "employer.create \(a.employer)")
            XCTAssertGreaterThanOrEqual(try entries("employer.invite", a.employer), 1, "employer.invite \(a.employer)")
            XCTAssertEqual(try entries("user.registered", a.accountId), 1, "user.registered \(a.accountId)")
        }
        for u in work.users { XCTAssertEqual(try entries("user.create", u.userId), 1, "user.create \(u.email)") }
        for u in work.deactivated {
            XCTAssertGreaterThanOrEqual(try entries("user.update", u.userId), 1, "user.update \(u.email)")
        }
        print("crash: audit entries \(try admin.int("SELECT count(*) FROM audit"))")
    }
}

/// Kills a service with SIGKILL every 0.05–0.35 s (in random rounds of all three) and
/// restarts it at once.
final class Killer: Sendable {
    private let running = Atomic<Bool>(true)
    private let kills = Mutex<[String: Int]>([:])
    private let done = DispatchSemaphore(value: 0)

    init(_ trio: Trio, seed: UInt64) {
        Thread { [self] in
            var rng = SplitMix64(seed: seed)
            var order: [String] = []
            while true {
                usleep(UInt32(rng.int(50...350)) * 1000)
                if !running.load(ordering: .acquiring) { break }
                // Random order, but every service in each round of three.
                if order.isEmpty { order = ServiceName.all.shuffled(using: &rng) }
                let name = order.removeLast()
                trio[name].kill()
                kills.withLock { $0[name, default: 0] += 1 }
                do { try trio[name].start() } catch { print("crash: restart of \(name) failed: \(error)") }
            }
            done.signal()
        }.start()
    }

    func stop() -> [String: Int] {
        running.store(false, ordering: .releasing)
        done.wait()
        return kills.withLock { $0 }
    }
}
