import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// Issue 8, load: 64 concurrent clients of mixed traffic (logins with the SMS code,
/// admin.users.search, admin.me, notifier.send, health) for `CONNECT_LOAD_SECONDS`
/// (default 5; the issue's full run is 60) against the three real services: zero
/// errors; p50 and p99 per message type printed.
final class LoadTests: XCTestCase {
    static let seconds = environmentInt("CONNECT_LOAD_SECONDS", default: 5)
    static let clients = 64
    /// Accounts that log in (each with its own phone, so its SMS codes are its own).
    static let accounts = 16
    static let usersPerEmployer = 12

    var trio: Trio!

    override func setUpWithError() throws {
        ProcessProbe.raiseOpenFiles(to: 4096)
        trio = Trio(prefix: "lx", extra: ["CONNECT_LOG_LEVEL": "warning"])
        try trio.start()
    }

    override func tearDown() { trio?.remove() }

    struct Account {
        let number: String
        let email: String
        let phone: String
        let session: String
    }

    func testSixtyFourClientsOfMixedTrafficWithoutErrors() throws {
        try trio.requireCompleteServices()
        let outbox = FileOutboxReader(trio.outbox)
        let password = "Velo-Rouge-1848"
        // Set-up: employers with a registered admin and a few users each, 8 at a time.
        let made = AccountBox()
        let setupStarted = Date()
        let trio = self.trio!
        onThreads(Self.accounts) { i in
            let flows = Flows(trio, outbox: outbox)
            let number = "\(2000 + i).100"
            let email = "load.admin\(i)@example.ch"
            let phone = String(format: "+417990%05d", i)
            do {
                let (_, session) = try flows.employerWithAdmin(
                    number: number, name: "Charge \(i) SA", email: email,
                    phone: phone, password: password)
                for u in 0..<Self.usersPerEmployer {
                    _ = try flows.createUser(
                        session: session, employer: number, email: "u\(u).e\(i)@example.ch",
                        firstName: ["Léa", "Jürg", "Anna"][u % 3], lastName: "Muster\(u)", phone: nil)
                }
                made.add(Account(number: number, email: email, phone: phone, session: session))
            } catch {
                made.fail("set-up \(i): \(error)")
            }
        }
        XCTAssertEqual(made.failures, [], "set-up failed")
        let accounts = made.accounts.sorted { $0.number < $1.number }
        guard accounts.count == Self.accounts else { return }
        print(
            "load: set-up of \(Self.accounts) employers in \(String(format: "%.1f", Date().timeIntervalSince(setupStarted))) s"
        )

        let lat = Latencies()
        let deadline = monotonicSeconds() + Double(Self.seconds)
        let done = DispatchGroup()
        for c in 0..<Self.clients {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let flows = Flows(trio, outbox: outbox)
                let health = trio[ServiceName.admin].client()
                var rng = SplitMix64(seed: UInt64(c) &+ 0x10AD)
                let mine = accounts[c % accounts.count]
                var session = mine.session
                let logs = c < accounts.count // only the account's owner logs in (its SMS codes are its own)
                var n = 0
                while monotonicSeconds() < deadline {
                    n += 1
                    let roll = rng.int(0...99)
                    let started = monotonicSeconds()
                    var type = ""
                    do {
                        switch roll {
                        case 0..<15 where logs:
                            type = "login (password + SMS code)"
                            session = try flows.login(email: mine.email, password: password, phone: mine.phone) {
                                t, s in
                                lat.add(t, s)
                            }
                        case 0..<45:
                            type = UsersSearch.type
                            _ = try flows.admin.call(
                                UsersSearch.self,
                                .init(
                                    employer: mine.number, text: rng.pick(["mus", "léa", "example", "u1"]),
                                    sort: .displayName, limit: 20), session: session)
                        case 45..<70:
                            type = NotifierSend.type
                            _ = try flows.notifier.call(
                                NotifierSend.self,
                                .init(
                                    idempotencyKey: "load-\(c)-\(n)", channel: .email, to: "load.reader\(c)@example.ch",
                                    language: .fr, template: TemplateName.passwordChanged, params: ["firstName": "Anna"]
                                ))
                        case 70..<90:
                            type = AdminMe.type
                            _ = try flows.admin.call(AdminMe.self, Empty(), session: session)
                        default:
                            type = Health.type
                            _ = try health.call(Health.self, Empty())
                        }
                        lat.add(type, monotonicSeconds() - started)
                    } catch {
                        lat.error("client \(c) \(type): \(error)")
                    }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        done.wait()
        let failures = lat.failures
        print(
            "load: \(Self.clients) clients, \(Self.seconds) s, \(lat.total) requests (\(String(format: "%.0f", Double(lat.total) / Double(Self.seconds)))/s), \(failures.count) errors"
        )
        print("load: | type | count | p50 | p99 |")
        for row in lat.table() {
            print(String(format: "load: | %@ | %d | %.2f ms | %.2f ms |", row.type, row.count, row.p50, row.p99))
        }
        XCTAssertEqual(failures.count, 0, "errors under load: \(failures.first)")
        for type in [UsersSearch.type, NotifierSend.type, AdminMe.type, Health.type, LoginFinish.type] {
            XCTAssertTrue(lat.table().contains { $0.type == type && $0.count > 0 }, "no \(type) completed")
        }
        for s in trio.services.values { XCTAssertEqual(try s.client().call(Health.self, Empty()).service, s.name) }
    }
}

final class AccountBox: Sendable {
    private let state = Mutex<(accounts: [LoadTests.Account], failures: [String])>(([], []))
    var accounts: [LoadTests.Account] { state.withLock { $0.accounts } }
    var failures: [String] { state.withLock { $0.failures } }
    func add(_ a: LoadTests.Account) { state.withLock { $0.accounts.append(a) } }
    func fail(_ s: String) { state.withLock { $0.failures.append(s) } }
}
