import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, items 2, 3 and 7: guessing past the lockout with a stolen session,
/// keeping the owner out, and guessing SMS codes across challenges.
final class LockoutAttackTests: GilbertTestCase {
    let phone = "079 111 22 33"
    let wrong = "Wrong-Password-9"

    /// 40 parallel `session.reauth` with wrong passwords from one stolen session:
    /// at most 5 are judged (the threshold), the rest answer `account_locked`.
    func testParallelReauthGuessesGetNoMoreJudgementsThanTheThreshold() throws {
        // Real argon2 work, so that the guesses overlap.
        h = try IdentityHarness(environment: ["IDENTITY_ARGON2_MEMORY_KIB": "4096"])
        try h.register(email: email, password: password, phone: phone)
        let session = try h.login(email: email, password: password, phone: phone).session
        h.remember(wrong)
        let h = self.h!
        let wrong = self.wrong
        let answers = ConcurrentAnswers.run(40) { _ in
            _ = try h.newClient().call(SessionReauth.self, .init(password: wrong), session: session)
        }
        XCTAssertEqual(h.logCount("security.password_check_failed"), 5, "judged: \(answers)")
        XCTAssertEqual(answers.filter { $0 == ErrorCode.invalidCredentials.rawValue }.count, 4, "\(answers)")
        XCTAssertEqual(answers.filter { $0 == ErrorCode.accountLocked.rawValue }.count, 36)
        XCTAssertEqual(
            h.error(SessionReauth.self, .init(password: password), session: session).code, .accountLocked,
            "the right password does not lift the lock")
    }

    /// The same through `profile.changePassword`, whose right guess would also
    /// have set a new password.
    func testParallelChangePasswordGuessesGetNoMoreJudgementsThanTheThreshold() throws {
        h = try IdentityHarness(environment: ["IDENTITY_ARGON2_MEMORY_KIB": "4096"])
        try h.register(email: email, password: password, phone: phone)
        let session = try h.login(email: email, password: password, phone: phone).session
        h.remember(wrong)
        h.remember("New-Secret-Pass-77")
        let h = self.h!
        var list = Array(repeating: wrong, count: 39)
        list.insert(password, at: 30)
        let guesses = list
        let answers = ConcurrentAnswers.run(40) { i in
            _ = try h.newClient().call(
                ProfileChangePassword.self,
                .init(
                    currentPassword: guesses[i], newPassword: "New-Secret-Pass-77"), session: session)
        }
        let judged = h.logCount("security.password_check_failed") + answers.filter { $0 == "ok" }.count
        XCTAssertLessThanOrEqual(judged, 5, "\(answers)")
        XCTAssertGreaterThanOrEqual(answers.filter { $0 == ErrorCode.accountLocked.rawValue }.count, 35)
    }

    /// Anyone who knows the e-mail, each hour: 5 wrong logins (lock), 5 × forgot,
    /// 5 wrong resets. The owner still gets back in through the e-mailed reset.
    func testAnonymousPartyCannotKeepTheOwnerOut() throws {
        h = try IdentityHarness()
        try h.register(email: email, password: password, phone: phone)
        h.remember(wrong)
        for round in 0..<3 {
            for _ in 0..<5 { _ = h.error(LoginStart.self, .init(email: email, password: wrong)) }
            XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .accountLocked)
            for _ in 0..<5 { try h.call(PasswordForgot.self, .init(email: email)) }
            for _ in 0..<5 {
                XCTAssertEqual(
                    h.error(
                        PasswordReset.self,
                        .init(
                            email: email, resetCode: wrongCode(unlike: ""),
                            newPassword: "Another-Good-Pass-8")
                    ).code, .invalidCode)
            }
            if round < 2 { h.advance(3600) }
        }
        // The owner, minutes later: asks for a code, gets it, and is in.
        h.advance(121)
        try h.call(PasswordForgot.self, .init(email: email))
        // One per round (the floor), and the owner's own.
        let sends = h.sends(TemplateName.passwordReset, to: email, count: 4)
        XCTAssertTrue(h.waitUntilOutboxDrained())
        XCTAssertEqual(h.sends(TemplateName.passwordReset, to: email).count, 4)
        let code = try XCTUnwrap(sends.last?.params["code"])
        h.remember(code)
        h.remember("Another-Good-Pass-8")
        try h.call(PasswordReset.self, .init(email: email, resetCode: code, newPassword: "Another-Good-Pass-8"))
        _ = try h.login(email: email, password: "Another-Good-Pass-8", phone: phone)
    }

    /// Codes the attacker had sent to the owner's mailbox stay usable: wrong tries
    /// count against the code they resemble, not against the account.
    func testWrongResetCodesDoNotKillTheOwnersCode() throws {
        h = try IdentityHarness()
        try h.register(email: email, password: password, phone: phone)
        try h.call(PasswordForgot.self, .init(email: email))
        let code = h.code(TemplateName.passwordReset, to: email)
        for _ in 0..<20 {
            XCTAssertEqual(
                h.error(
                    PasswordReset.self,
                    .init(
                        email: email, resetCode: wrongCode(unlike: code),
                        newPassword: "Another-Good-Pass-8")
                ).code, .invalidCode)
        }
        h.remember("Another-Good-Pass-8")
        try h.call(PasswordReset.self, .init(email: email, resetCode: code, newPassword: "Another-Good-Pass-8"))
    }

    /// With the password, new challenges each hour: wrong SMS codes count per
    /// account across challenges, and 10 in a row lock it like wrong passwords.
    func testWrongSmsCodesAcrossChallengesLockTheAccount() throws {
        h = try IdentityHarness()
        let accountId = try h.register(email: email, password: password, phone: phone)
        var last: ServiceError?
        for _ in 0..<2 {
            h.advance(31)
            let challenge = try h.call(LoginStart.self, .init(email: email, password: password)).challengeId
            XCTAssertNotEqual(h.code(TemplateName.smsLogin, to: h.e164(phone)), "000000")
            for _ in 0..<5 { last = h.error(LoginFinish.self, .init(challengeId: challenge, smsCode: "000000")) }
        }
        XCTAssertEqual(last?.code, .accountLocked, "the 10th wrong code in a row")
        XCTAssertEqual(last?.extras["lockedUntil"], .string((h.now + 15 * 60).rfc3339))
        XCTAssertNotNil(try h.call(AccountGet.self, .init(accountId: accountId)).account.lockedUntil)
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .accountLocked)
        // After the lockout a right code resets the count.
        h.advance(15 * 60)
        _ = try h.login(email: email, password: password, phone: phone)
    }
}
