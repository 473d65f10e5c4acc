import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import IdentityCore

final class CodeFormatTests: XCTestCase {
    let format = CodeFormat.standard

    func testAlphabetIsLettersAndDigitsWithoutLookAlikes() {
        let alphabet = Set(format.alphabet)
        for ambiguous in "0O1IL" { XCTAssertFalse(alphabet.contains(ambiguous), "\(ambiguous) must not be used") }
        XCTAssertEqual(alphabet.count, format.alphabet.count)
        XCTAssertEqual(alphabet.count, 31)
        XCTAssertTrue(
            format.alphabet.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) },
            "no punctuation: a reader takes it for a mask or a wildcard")
        XCTAssertEqual(format.length, 12)
        XCTAssertEqual(format.entropyBits, 12 * log2(31.0))
        XCTAssertGreaterThan(format.entropyBits, 59.4)
    }

    func testGeneratedCodesUseTheAlphabetAndDiffer() {
        var seen = Set<String>()
        var used = Set<Character>()
        for _ in 0..<2000 {
            let c = format.generate()
            XCTAssertEqual(c.count, 12)
            XCTAssertTrue(c.allSatisfy { format.alphabet.contains($0) })
            used.formUnion(c)
            seen.insert(c)
        }
        XCTAssertEqual(seen.count, 2000)
        XCTAssertEqual(used.count, format.alphabet.count, "every symbol appears in 24,000 draws")
    }

    func testInputIgnoresCaseSpacesAndDashes() {
        XCTAssertEqual(format.normalise("VEFA NUSU 2YTE"), "VEFANUSU2YTE")
        XCTAssertEqual(format.normalise("vefa-nusu-2yte"), "VEFANUSU2YTE")
        XCTAssertEqual(format.normalise("  VefaNusu2yte \n"), "VEFANUSU2YTE")
        // Codes issued while the alphabet had `*` keep working.
        XCTAssertEqual(format.normalise("ab*c defg hjkm"), "AB*CDEFGHJKM")
        XCTAssertNil(format.normalise("AB#CDEFGHJKM"))
        XCTAssertNil(format.normalise("VEFANUSU2YT"), "too short")
        XCTAssertNil(format.normalise("VEFANUSU2YTEE"), "too long")
        XCTAssertNil(format.normalise("VEFANUSU2YT0"), "0 is not in the alphabet")
        XCTAssertNil(format.normalise(""))
    }

    func testGroupedShowsThreeGroupsOfFour() {
        XCTAssertEqual(format.grouped("VEFANUSU2YTE"), "VEFA NUSU 2YTE")
        let c = format.generate()
        XCTAssertEqual(format.normalise(format.grouped(c)), c)
    }

    func testSmsCodesAreSixDigits() {
        var seen = Set<String>()
        for _ in 0..<500 {
            let c = SmsCodeFormat.generate()
            XCTAssertEqual(c.count, 6)
            XCTAssertTrue(c.allSatisfy { $0.isASCII && $0.isNumber })
            seen.insert(c)
        }
        XCTAssertGreaterThan(seen.count, 450)
        XCTAssertEqual(SmsCodeFormat.normalise(" 012 345 "), "012345")
        XCTAssertNil(SmsCodeFormat.normalise("12345"))
        XCTAssertNil(SmsCodeFormat.normalise("12345a"))
    }
}

final class PhoneNumberTests: XCTestCase {
    func parse(_ s: String) -> PhoneNumber? { try? PhoneNumber.parse(s).get() }

    func testSwissFormsBecomeE164() {
        for form in [
            "+41(79) 111 22 33", "079 111 22 33", "0041 79 111 22 33", "+41 79 111 22 33",
            "+41791112233", "079/111.22.33", "+41 (0)79 111 22 33", "079-111-22-33",
        ] {
            XCTAssertEqual(parse(form)?.e164, "+41791112233", form)
        }
    }

    func testSwissMobilePrefixesOnly() {
        for prefix in ["73", "75", "76", "77", "78", "79"] {
            XCTAssertNotNil(parse("0\(prefix) 111 22 33"), prefix)
        }
        for landline in ["044 111 22 33", "031 111 22 33", "074 111 22 33", "072 111 22 33", "021 111 22 33"] {
            XCTAssertEqual(PhoneNumber.parse(landline), .failure(.swissLandline), landline)
        }
        XCTAssertEqual(PhoneNumber.parse("079 111 22 3"), .failure(.wrongLength))
        XCTAssertEqual(PhoneNumber.parse("079 111 22 334"), .failure(.wrongLength))
    }

    func testForeignNumbersAreAnyE164() {
        XCTAssertEqual(parse("+49 151 1234 5678")?.e164, "+4915112345678")
        XCTAssertEqual(parse("0033 6 12 34 56 78")?.e164, "+33612345678")
        XCTAssertEqual(PhoneNumber.parse("+49 123"), .failure(.wrongLength))
        XCTAssertEqual(PhoneNumber.parse("+1234567890123456"), .failure(.wrongLength))
    }

    func testGarbageIsRefused() {
        for bad in ["", "hello", "79 111 22 33", "+41 79 111 22 3x", "++41791112233"] {
            XCTAssertNil(parse(bad), bad)
        }
    }

    func testMasking() {
        XCTAssertEqual(PhoneNumber(e164: "+41791112233").masked, "+41 79 *** ** 33")
        let foreign = PhoneNumber(e164: "+4915112345678").masked
        XCTAssertTrue(foreign.hasPrefix("+49"))
        XCTAssertTrue(foreign.hasSuffix("78"))
        XCTAssertFalse(foreign.contains("1234"))
    }
}

final class PasswordPolicyTests: XCTestCase {
    let policy = PasswordPolicy(minLength: 8, maxLength: 128, commonPasswords: ["password", "123456789", "sunshine1"])

    func testRules() {
        XCTAssertEqual(policy.check("short1!", email: nil), .tooShort)
        XCTAssertEqual(policy.check(String(repeating: "x", count: 129), email: nil), .tooLong)
        XCTAssertNil(policy.check(String(repeating: "xy", count: 64), email: nil))
        XCTAssertEqual(policy.check("PassWord", email: nil), .common, "common list ignores case")
        XCTAssertEqual(policy.check("SUNSHINE1", email: nil), .common)
        XCTAssertEqual(policy.check("gilbert@modele.ch", email: "Gilbert@Modele.ch"), .containsEmail)
        XCTAssertEqual(policy.check("xx-gilbert@modele.ch-xx", email: "gilbert@modele.ch"), .containsEmail)
        XCTAssertEqual(policy.check("Gilbert2024", email: "gilbert@modele.ch"), .containsEmail)
        XCTAssertNil(policy.check("pleasant-river-7", email: "lea@modele.ch"), "a short local part is no rule")
        XCTAssertNil(policy.check("Tr0ub4dor&3", email: "gilbert@modele.ch"))
    }

    func testLengthCountsCharactersAndMinimumIsConfigurable() {
        XCTAssertNil(policy.check("éèàüöäçñ", email: nil), "8 characters, more bytes")
        let seed = PasswordPolicy(minLength: 6, commonPasswords: [])
        XCTAssertNil(seed.check("abc-12", email: nil))
        XCTAssertEqual(seed.check("abc12", email: nil), .tooShort)
        XCTAssertEqual(PasswordPolicy.allowedMinimum.lowerBound, 6)
    }

    func testShippedListHasTheMostCommonPasswords() throws {
        let list = try CommonPasswords.load(file: nil)
        XCTAssertGreaterThanOrEqual(list.count, 1000)
        for p in ["123456", "password", "12345678", "qwerty", "123456789", "iloveyou", "passwort", "motdepasse"] {
            XCTAssertTrue(list.contains(p), p)
        }
        let shipped = PasswordPolicy(commonPasswords: list)
        XCTAssertEqual(shipped.check("Password1", email: nil), .common)
        XCTAssertEqual(shipped.check("qwertyuiop", email: nil), .common)
    }

    func testReplacementList() throws {
        let dir = TempDirectory("pw")
        defer { dir.remove() }
        let path = dir.file("list.txt")
        try "# comment\nzebra-crossing\n\nHorseBattery\n".write(toFile: path, atomically: true, encoding: .utf8)
        let list = try CommonPasswords.load(file: path)
        XCTAssertEqual(list, ["zebra-crossing", "horsebattery"])
        XCTAssertThrowsError(try CommonPasswords.load(file: dir.file("missing.txt")))
    }
}

final class LockoutPolicyTests: XCTestCase {
    func testTimelineFiveFailuresFifteenMinutesDoublingCapped() {
        let clock = ManualClock()
        // A long memory, so that the 24 h lockouts of the timeline keep doubling (see the test of forgetting).
        let policy = LockoutPolicy(forgetAfter: 7 * 86400)
        var state = LockoutPolicy.State()
        for _ in 0..<4 { state = policy.afterFailure(state, at: clock.now()) }
        XCTAssertFalse(policy.isLocked(state, at: clock.now()))
        XCTAssertEqual(state.failures, 4)
        state = policy.afterFailure(state, at: clock.now())
        XCTAssertEqual(state.lockedUntil, clock.now() + 15 * 60)
        XCTAssertTrue(policy.isLocked(state, at: clock.now()))
        clock.advance(15 * 60 - 1)
        XCTAssertTrue(policy.isLocked(state, at: clock.now()))
        clock.advance(1)
        XCTAssertFalse(policy.isLocked(state, at: clock.now()))

        var expected: [TimeInterval] = [30, 60, 120, 240, 480, 960, 1440, 1440].map { $0 * 60 }
        while !expected.isEmpty {
            for _ in 0..<5 { state = policy.afterFailure(state, at: clock.now()) }
            XCTAssertEqual(state.lockedUntil, clock.now() + expected.removeFirst())
            clock.set(state.lockedUntil!)
        }
        XCTAssertEqual(policy.duration(ofLockout: 100), 24 * 3600)

        state = policy.afterSuccess(state)
        XCTAssertEqual(state, LockoutPolicy.State())
        for _ in 0..<5 { state = policy.afterFailure(state, at: clock.now()) }
        XCTAssertEqual(state.lockedUntil, clock.now() + 15 * 60, "success resets the doubling")
    }

    /// A lock as long as the quiet spell (24 h at the cap) must not end already
    /// forgotten: the quiet spell starts when the lock ends, so the doubling holds.
    func testACappedLockIsNotForgottenTheMomentItEnds() {
        let policy = LockoutPolicy()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let state = LockoutPolicy.State(failures: 5, lockouts: 8, lockedUntil: start + policy.cap, lastFailureAt: start)
        XCTAssertFalse(policy.forgotten(state, at: start + policy.cap + 1))
        XCTAssertTrue(policy.forgotten(state, at: start + policy.cap + policy.forgetAfter))
    }

    func testAQuietDayForgetsFailuresAndTheDoublingAlike() {
        let clock = ManualClock()
        let policy = LockoutPolicy()
        XCTAssertEqual(policy.forgetAfter, 24 * 3600)
        var state = LockoutPolicy.State()
        for _ in 0..<5 { state = policy.afterFailure(state, at: clock.now()) }
        for _ in 0..<5 { state = policy.afterFailure(state, at: state.lockedUntil!) }
        clock.set(state.lockedUntil!)
        XCTAssertEqual(state.lockouts, 2)
        for _ in 0..<3 { state = policy.afterFailure(state, at: clock.now()) }
        clock.advance(24 * 3600 - 1)
        XCTAssertFalse(policy.forgotten(state, at: clock.now()))
        clock.advance(1)
        XCTAssertTrue(policy.forgotten(state, at: clock.now()))
        for _ in 0..<5 { state = policy.afterFailure(state, at: clock.now()) }
        XCTAssertEqual(state.lockedUntil, clock.now() + 15 * 60, "after a quiet day: the first lockout again")
        XCTAssertEqual(state.lockouts, 1)
    }
}

final class SmsRulesTests: XCTestCase {
    let rules = SmsRules()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func testResendSpacingAndHourlyCap() {
        XCTAssertNil(rules.retryAfter(recentSends: [], lastFlowSend: nil, now: t0))
        XCTAssertEqual(
            rules.retryAfter(recentSends: [t0], lastFlowSend: t0, now: t0 + 10), 20, "resend in the same flow")
        XCTAssertNil(rules.retryAfter(recentSends: [t0], lastFlowSend: t0, now: t0 + 30))
        XCTAssertNil(
            rules.retryAfter(recentSends: [t0], lastFlowSend: nil, now: t0 + 10),
            "another flow (login right after registration) does not wait")
        let five = (0..<5).map { t0 + Double($0) * 60 }
        XCTAssertEqual(
            rules.retryAfter(recentSends: five, lastFlowSend: nil, now: t0 + 300), 3300,
            "the first send must leave the hour")
        XCTAssertNil(rules.retryAfter(recentSends: five, lastFlowSend: nil, now: t0 + 3601))
        XCTAssertNil(rules.retryAfter(recentSends: Array(five.prefix(4)), lastFlowSend: nil, now: t0 + 300))
    }

    func testFiveWrongTriesKillTheCode() {
        let expires = t0 + 600
        XCTAssertEqual(rules.judge(attempts: 0, expiresAt: expires, matches: true, now: t0), .accepted)
        XCTAssertEqual(rules.judge(attempts: 0, expiresAt: expires, matches: false, now: t0), .wrong(attemptsLeft: 4))
        XCTAssertEqual(rules.judge(attempts: 3, expiresAt: expires, matches: false, now: t0), .wrong(attemptsLeft: 1))
        XCTAssertEqual(rules.judge(attempts: 4, expiresAt: expires, matches: false, now: t0), .dead)
        XCTAssertEqual(
            rules.judge(attempts: 5, expiresAt: expires, matches: true, now: t0), .dead,
            "the sixth try is refused even with the right code")
        XCTAssertEqual(rules.judge(attempts: 0, expiresAt: expires, matches: true, now: expires), .expired)
    }

    func testGuessBudgetIsServiceWide() {
        let budget = CodeGuessBudget(limit: 3, window: 60)
        XCTAssertNil(budget.retryAfter(now: t0))
        for i in 0..<3 { budget.recordFailure(now: t0 + Double(i)) }
        XCTAssertEqual(budget.retryAfter(now: t0 + 10), 50)
        XCTAssertNil(budget.retryAfter(now: t0 + 61))
        XCTAssertEqual(IdentityConfig().codeFailuresPerMinute, 600, "access codes only: a generous default")
    }
}

final class EmailAddressTests: XCTestCase {
    func testNormalisation() {
        XCTAssertEqual(EmailAddress.normalise("  Gilbert@Modele.CH "), "gilbert@modele.ch")
        for bad in [
            "", "gilbert", "gilbert@", "@modele.ch", "gil bert@modele.ch", "a@b", "a@b@c.ch", "a@.ch", "a@b..ch",
        ] {
            XCTAssertNil(EmailAddress.normalise(bad), bad)
        }
    }

    /// What the notifier refuses as a recipient must be refused here, or the
    /// activation and reset e-mails to it would silently never leave.
    func testRefusesWhatTheNotifierRefuses() {
        for bad in [
            "a(b)@modele.ch", "a)b@modele.ch", "\"gilbert\"@modele.ch", "a;b@modele.ch", "a:b@modele.ch",
            "a\\b@modele.ch", "a[b]@modele.ch", "gilbert@[192.168.0.1]", "gilbert@-modele.ch",
            "gilbert@modele-.ch", "gilbert@modele.-ch", "gilbert@mail.-x.ch", "a<b@modele.ch", "a,b@modele.ch",
            "gil\u{7F}bert@modele.ch", "gil\u{01}bert@modele.ch", String(repeating: "é", count: 40) + "@modele.ch",
            "léa@modèle.ch", "gérant@modele.ch", "lea@modèle.ch",
        ] {
            XCTAssertNil(EmailAddress.normalise(bad), bad)
        }
        for good in [
            "gilbert.modele+rh@modele.ch", "g_m-1@sub.modele-sa.ch", "o'brien@x.co.uk", "lea@xn--modle-6ra.ch",
        ] {
            XCTAssertEqual(EmailAddress.normalise(good), good)
        }
    }
}
