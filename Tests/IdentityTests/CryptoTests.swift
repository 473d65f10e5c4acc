import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import IdentityCore

final class CryptoTests: XCTestCase {
    func testArgon2idHashVerifyAndRehash() throws {
        let fast = try PasswordHasher(memoryKiB: 256, ops: 1)
        let hash = try fast.hash("Correct horse 1")
        XCTAssertTrue(hash.hasPrefix("$argon2id$"))
        XCTAssertTrue(hash.contains("m=256,t=1,p=1"))
        XCTAssertTrue(fast.verify("Correct horse 1", hash: hash))
        XCTAssertFalse(fast.verify("correct horse 1", hash: hash), "case-sensitive")
        XCTAssertFalse(fast.needsRehash(hash))
        let stronger = try PasswordHasher(memoryKiB: 512, ops: 2)
        XCTAssertTrue(stronger.needsRehash(hash), "parameters changed")
        XCTAssertTrue(stronger.verify("Correct horse 1", hash: hash), "old hashes still verify")
        XCTAssertNotEqual(try fast.hash("Correct horse 1"), hash, "salted")
    }

    func testOwaspDefaults() {
        XCTAssertEqual(PasswordHasher.owaspMemoryKiB, 19 * 1024)
        XCTAssertEqual(PasswordHasher.owaspOps, 2)
        XCTAssertEqual(IdentityConfig().argon2MemoryKiB, 19 * 1024)
    }

    func testKeyedHashDependsOnKeyAndPurpose() {
        let a = SecretHasher(key: [UInt8](repeating: 1, count: 32))
        let b = SecretHasher(key: [UInt8](repeating: 2, count: 32))
        XCTAssertEqual(a.hash("ABCD", purpose: "access"), a.hash("ABCD", purpose: "access"))
        XCTAssertNotEqual(a.hash("ABCD", purpose: "access"), a.hash("ABCD", purpose: "reset"))
        XCTAssertNotEqual(a.hash("ABCD", purpose: "access"), b.hash("ABCD", purpose: "access"))
        XCTAssertTrue(SecretHasher.same(a.hash("x", purpose: "p"), a.hash("x", purpose: "p")))
        XCTAssertFalse(SecretHasher.same(a.hash("x", purpose: "p"), a.hash("y", purpose: "p")))
    }

    func testKeyFileIsCreatedOnceWithMode0600() throws {
        let dir = TempDirectory("key")
        defer { dir.remove() }
        let path = dir.file("data/identity.key")
        var warnings: [String] = []
        let first = try SecretHasher.loadKey(path: path, create: true) { warnings.append($0) }
        XCTAssertEqual(first.count, 32)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try SecretHasher.loadKey(path: path, create: true) { warnings.append($0) }, first)
        XCTAssertTrue(warnings.isEmpty)
        chmod(path, 0o644)
        _ = try SecretHasher.loadKey(path: path, create: true) { warnings.append($0) }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertThrowsError(try SecretHasher.loadKey(path: dir.file("none.key"), create: false) { _ in })
        try "not hex".write(toFile: dir.file("bad.key"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SecretHasher.loadKey(path: dir.file("bad.key"), create: false) { _ in })
    }

    func testSessionTokensAre256BitsBase64url() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let t = SessionToken.generate()
            XCTAssertEqual(t.count, 43)
            XCTAssertTrue(t.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            seen.insert(t)
        }
        XCTAssertEqual(seen.count, 200)
    }

    func testFileClockReadsRfc3339OrEpochSeconds() throws {
        let dir = TempDirectory("clk")
        defer { dir.remove() }
        let clock = FileClock(path: dir.file("now"))
        try "2026-11-27T10:15:00Z".write(toFile: clock.path, atomically: true, encoding: .utf8)
        XCTAssertEqual(clock.now(), Date(rfc3339: "2026-11-27T10:15:00Z"))
        try "1800000000\n".write(toFile: clock.path, atomically: true, encoding: .utf8)
        XCTAssertEqual(clock.now(), Date(timeIntervalSince1970: 1_800_000_000))
    }

    func testConfigurationFromEnvironment() throws {
        let c = try IdentityConfig(
            Environment([
                "IDENTITY_PASSWORD_MIN_LENGTH": "6", "IDENTITY_LOCKOUT_BASE": "10m",
                "IDENTITY_SESSION_IDLE": "45m", "IDENTITY_SMS_PER_HOUR": "3",
            ]))
        XCTAssertEqual(c.passwordMinLength, 6)
        XCTAssertEqual(c.lockout.base, 600)
        XCTAssertEqual(c.sessionIdle, 2700)
        XCTAssertEqual(c.sms.perHour, 3)
        let d = try IdentityConfig(Environment([:]))
        XCTAssertEqual(d.accessCodeTTL, 90 * 86400)
        XCTAssertEqual(d.activationCodeTTL, 86400)
        XCTAssertEqual(d.resetCodeTTL, 3600)
        XCTAssertEqual(d.sms.ttl, 600)
        XCTAssertEqual(d.sessionMax, 12 * 3600)
        XCTAssertThrowsError(try IdentityConfig(Environment(["IDENTITY_PASSWORD_MIN_LENGTH": "5"])))
        XCTAssertThrowsError(try IdentityConfig(Environment(["IDENTITY_SESSION_IDLE": "soon"])))
    }
}

/// argon2id runs at most `concurrency` at once (each holds its memory while it runs).
final class Argon2GateTests: XCTestCase {
    func testHashVerifyAndDummyWaitForTheGate() throws {
        let hasher = try PasswordHasher(memoryKiB: 2048, ops: 1, concurrency: 2)
        let stored = try hasher.hash("Correct horse 1")
        let group = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for i in 0..<24 {
            group.enter()
            Thread {
                go.wait()
                switch i % 3 {
                case 0: _ = hasher.verify("Correct horse 1", hash: stored)
                case 1: hasher.verifyDummy("x")
                default: _ = try? hasher.hash("Another one 2")
                }
                group.leave()
            }.start()
        }
        for _ in 0..<24 { go.signal() }
        group.wait()
        XCTAssertEqual(hasher.gate.peak, 2, "never more than the limit at once, and the limit was reached")
    }

    func testDefaultIsTwicePerProcessorAndConfigurable() throws {
        XCTAssertEqual(PasswordHasher.defaultConcurrency, 2 * ProcessInfo.processInfo.activeProcessorCount)
        XCTAssertEqual(IdentityConfig().argon2Concurrency, PasswordHasher.defaultConcurrency)
        let env = Environment(["IDENTITY_ARGON2_CONCURRENCY": "3"])
        XCTAssertEqual(try IdentityConfig(env).argon2Concurrency, 3)
    }
}
