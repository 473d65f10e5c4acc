import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// Many `login.start` at once: the lockout must hold, and argon2id's memory stay bounded.
final class ConcurrentLoginTests: GilbertTestCase {
    let wrong = "Wrong-Password-9"

    /// Runs one login.start per password at once, each on its own connection;
    /// returns the error codes answered ("ok" for a success).
    func concurrentLogins(_ passwords: [String], email: String) -> [String] {
        let h = self.h!
        return ConcurrentAnswers.run(passwords.count) { i in
            _ = try h.newClient().call(LoginStart.self, .init(email: email, password: passwords[i]))
        }
    }

    func testConcurrentWrongPasswordsCountNoMoreThanTheThreshold() throws {
        // Real argon2 work (a few ms) so that the attempts overlap.
        h = try IdentityHarness(environment: ["IDENTITY_ARGON2_MEMORY_KIB": "4096"])
        let accountId = try h.register(email: email, password: password, phone: "079 111 22 33")
        h.remember(wrong)
        let answers = concurrentLogins(Array(repeating: wrong, count: 30), email: email)
        let invalid = answers.filter { $0 == ErrorCode.invalidCredentials.rawValue }.count
        let locked = answers.filter { $0 == ErrorCode.accountLocked.rawValue }.count
        // The 5th failure in a row already answers account_locked.
        XCTAssertEqual(invalid, 4, "passwords checked against a budget of 5: \(answers)")
        XCTAssertEqual(locked, 26)
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .accountLocked)
        XCTAssertEqual(
            try h.call(AccountGet.self, .init(accountId: accountId)).account.lockedUntil,
            (h.now + 15 * 60).rfc3339, "one lockout, not several doublings")
    }

    func testRightPasswordAmongConcurrentWrongOnesDoesNotLiftTheLock() throws {
        h = try IdentityHarness(environment: ["IDENTITY_ARGON2_MEMORY_KIB": "4096"])
        let accountId = try h.register(email: email, password: password, phone: "079 111 22 33")
        h.remember(wrong)
        var passwords = Array(repeating: wrong, count: 30)
        passwords.insert(password, at: 10)
        passwords.append(password)
        _ = concurrentLogins(passwords, email: email)
        XCTAssertNotNil(try h.call(AccountGet.self, .init(accountId: accountId)).account.lockedUntil)
        h.advance(31)
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .accountLocked)
    }

    func testUnknownAddressesLockOutUnderConcurrencyToo() throws {
        h = try IdentityHarness(environment: ["IDENTITY_ARGON2_MEMORY_KIB": "4096"])
        h.remember(wrong)
        let answers = concurrentLogins(Array(repeating: wrong, count: 30), email: "nobody@modele.ch")
        XCTAssertEqual(answers.filter { $0 == ErrorCode.invalidCredentials.rawValue }.count, 4, "\(answers)")
        XCTAssertEqual(answers.filter { $0 == ErrorCode.accountLocked.rawValue }.count, 26)
    }

    /// The peak resident memory (VmHWM) of identity while 64 login.start run at
    /// once stays near the gate's limit × argon2 memory, not 64 × it.
    func testArgon2MemoryStaysBoundedUnderConcurrentLogins() throws {
        h = try IdentityHarness(
            environment: [
                "IDENTITY_ARGON2_MEMORY_KIB": "8192", "IDENTITY_ARGON2_OPS": "1",
                "IDENTITY_ARGON2_CONCURRENCY": "2",
            ], inProcess: false)
        let pid = try XCTUnwrap(h.process?.process?.processIdentifier)
        let before = try peakResidentKiB(pid)
        h.remember(wrong)
        let emails = (0..<64).map { "nobody\($0)@modele.ch" }
        let h = self.h!
        let wrong = self.wrong
        let answers = ConcurrentAnswers.run(emails.count) { i in
            _ = try h.newClient().call(LoginStart.self, .init(email: emails[i], password: wrong))
        }
        XCTAssertEqual(answers.filter { $0 == ErrorCode.invalidCredentials.rawValue }.count, 64)
        let grown = try peakResidentKiB(pid) - before
        // 64 × 8 MiB unbounded; 2 × 8 MiB plus threads and buffers with the gate.
        XCTAssertLessThan(grown, 100 * 1024, "peak RSS grew by \(grown / 1024) MiB")
        print("argon2 concurrency: peak RSS \(before / 1024) MiB → +\(grown / 1024) MiB")
    }

    private func peakResidentKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        return try XCTUnwrap(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }
}

/// Runs `count` calls at once, each on its own thread; returns their answers.
enum ConcurrentAnswers {
    static func run(_ count: Int, _ call: @escaping @Sendable (Int) throws -> Void) -> [String] {
        let results = LockedArray()
        let group = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for i in 0..<count {
            group.enter()
            Thread {
                go.wait()
                do {
                    try call(i)
                    results.append("ok")
                } catch let e as ServiceError { results.append(e.code.rawValue) } catch { results.append("\(error)") }
                group.leave()
            }.start()
        }
        for _ in 0..<count { go.signal() }
        group.wait()
        return results.values
    }
}

final class LockedArray: Sendable {
    private let items = Mutex<[String]>([])
    func append(_ s: String) { items.withLock { $0.append(s) } }
    var values: [String] { items.withLock { $0 } }
}
