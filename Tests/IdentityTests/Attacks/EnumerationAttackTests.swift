import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, item 4: telling a real e-mail from an unknown one without logging
/// in, by answers (a), lockout records (b), or commits and timing (c).
final class EnumerationAttackTests: IdentityTestCase {
    let real = "gilbert@modele.ch"
    let unknown = "nobody@modele.ch"
    let password = "Zebra-Crossing-42"

    override func setUpWithError() throws {
        // The throttle of `forgot` writes for unknown addresses (item 12) out of the way:
        // these tests compare the paths themselves.
        h = try IdentityHarness(environment: ["IDENTITY_FORGOT_UNKNOWN_PER_MINUTE": "100000"])
        try h.register(email: real, password: password, phone: "079 111 22 33")
    }

    /// (a) `forgot` + 6 wrong resets: the same answers, byte for byte.
    func testWrongResetsAnswerAlikeForRealAndUnknownAddresses() throws {
        for email in [real, unknown] { XCTAssertEqual(try h.raw(PasswordForgot.self, .init(email: email)).ok, true) }
        for i in 1...6 {
            let code = wrongCode(unlike: h.sends(TemplateName.passwordReset, to: real).first?.params["code"] ?? "")
            let answers = try [real, unknown].map { email in
                try JSONCoding.encodeString(
                    h.raw(
                        PasswordReset.self,
                        .init(
                            email: email, resetCode: code,
                            newPassword: "Another-Good-Pass-8")))
            }
            XCTAssertEqual(answers[0], answers[1], "wrong reset \(i)")
            XCTAssertTrue(answers[0].contains("invalid_code"), answers[0])
        }
    }

    /// (b) A day without failures forgets them for both: the next lockout is the first again.
    func testLockoutRecordsDecayAlikeForRealAndUnknownAddresses() throws {
        h.remember("Wrong-Password-9")
        func lockedUntil(_ email: String) -> String? {
            var last: ServiceError?
            for _ in 0..<5 { last = h.error(LoginStart.self, .init(email: email, password: "Wrong-Password-9")) }
            return last?.extras["lockedUntil"].flatMap { if case .string(let s) = $0 { s } else { nil } }
        }
        XCTAssertEqual(lockedUntil(real), lockedUntil(unknown))
        h.advance(15 * 60)
        XCTAssertEqual(lockedUntil(real), (h.now + 30 * 60).rfc3339, "doubling within the day")
        XCTAssertEqual(lockedUntil(unknown), (h.now + 30 * 60).rfc3339)
        h.advance(25 * 3600)
        XCTAssertEqual(lockedUntil(real), (h.now + 15 * 60).rfc3339, "after a quiet day: the first lockout")
        XCTAssertEqual(lockedUntil(unknown), (h.now + 15 * 60).rfc3339)
    }

    /// (c) 200 `forgot` each, interleaved, past the resend floor: both commit each
    /// time (the stored floor moves), answer alike, and take alike long.
    func testForgotCommitsAndTakesAlikeForRealAndUnknownAddresses() throws {
        var times: [String: [Double]] = [real: [], unknown: []]
        var answers = Set<String>()
        let client = h.newClient()
        for round in 0..<200 {
            h.advance(121)
            for email in round % 2 == 0 ? [real, unknown] : [unknown, real] {
                let t0 = monotonicSeconds()
                let reply = try client.send(
                    type: PasswordForgot.type, body: PasswordForgot.Body(email: email), id: "same")
                times[email]!.append(monotonicSeconds() - t0)
                answers.insert(try JSONCoding.encodeString(reply))
            }
        }
        XCTAssertEqual(answers.count, 1, "\(answers)")
        // Both addresses' floors were written by the last round (each write one commit).
        let stamps = try h.sql("SELECT count(*) FROM reset_sends WHERE sent_at >= \(h.now.timeIntervalSince1970 - 1)")
        XCTAssertEqual(stamps, "2")
        XCTAssertEqual(h.sends(TemplateName.passwordReset, to: real, count: 200).count, 200)
        let medianReal = median(times[real]!)
        let medianUnknown = median(times[unknown]!)
        // Generous: a loaded 2-core machine is noisy; a commit against none is several times apart.
        let ratio = max(medianReal, medianUnknown) / min(medianReal, medianUnknown)
        print(
            String(
                format: "forgot: median real %.2f ms, unknown %.2f ms, ratio %.2f (200 each)",
                medianReal * 1000, medianUnknown * 1000, ratio))
        XCTAssertLessThan(ratio, 2.5, "median real \(medianReal * 1000) ms, unknown \(medianUnknown * 1000) ms")
    }

    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
}
