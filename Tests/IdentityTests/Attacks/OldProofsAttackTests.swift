import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, items 9 and 12 (identity's parts): old proofs that outlive a
/// password or e-mail change, and cheap exhaustion.
final class OldProofsAttackTests: GilbertTestCase {
    let phone = "079 111 22 33"

    /// A logged-in owner with a live reset code and a login challenge whose SMS code
    /// is pending: the proofs a password or e-mail change must end.
    private func liveProofs() throws -> (session: String, resetCode: String, challenge: String, sms: String) {
        h = try IdentityHarness()
        try h.register(email: email, password: password, phone: phone)
        let session = try h.login(email: email, password: password, phone: phone).session
        try h.call(PasswordForgot.self, .init(email: email))
        let resetCode = h.code(TemplateName.passwordReset, to: email)
        h.advance(31)
        let challenge = try h.call(LoginStart.self, .init(email: email, password: password)).challengeId
        let sms = h.code(TemplateName.smsLogin, to: h.e164(phone))
        return (session, resetCode, challenge, sms)
    }

    /// Someone had asked for a reset code and started a login (password known,
    /// SMS pending); the owner changes the password: both proofs end.
    func testAPasswordChangeEndsLiveResetCodesAndLoginChallenges() throws {
        let (session, resetCode, challenge, sms) = try liveProofs()
        h.remember("New-Secret-Pass-77")
        try h.call(
            ProfileChangePassword.self, .init(currentPassword: password, newPassword: "New-Secret-Pass-77"),
            session: session)
        XCTAssertEqual(
            h.error(
                PasswordReset.self,
                .init(
                    email: email, resetCode: resetCode,
                    newPassword: "Third-Good-Pass-99")
            ).code, .invalidCode)
        XCTAssertEqual(h.error(LoginFinish.self, .init(challengeId: challenge, smsCode: sms)).code, .notFound)
    }

    /// The same after an e-mail change: the reset code went to the old address.
    func testAnEmailChangeEndsLiveResetCodesAndLoginChallenges() throws {
        let (session, resetCode, challenge, sms) = try liveProofs()
        try h.call(ProfileChangeEmail.self, .init(email: "gilbert@neu.ch", password: password), session: session)
        try h.call(
            ProfileConfirmEmail.self, .init(activationCode: h.code(TemplateName.emailChange, to: "gilbert@neu.ch")),
            session: session)
        XCTAssertEqual(
            h.error(
                PasswordReset.self,
                .init(
                    email: "gilbert@neu.ch", resetCode: resetCode,
                    newPassword: "Third-Good-Pass-99")
            ).code, .invalidCode)
        XCTAssertEqual(h.error(LoginFinish.self, .init(challengeId: challenge, smsCode: sms)).code, .notFound)
    }

    /// Wrong guesses of access codes (anyone's) spend a service-wide budget; a
    /// person's own e-mail change must not wait for it.
    func testConfirmEmailDoesNotShareTheAccessCodeBudget() throws {
        h = try IdentityHarness(environment: ["IDENTITY_CODE_FAILURES_PER_MINUTE": "3"])
        try h.register(email: email, password: password, phone: phone)
        let session = try h.login(email: email, password: password, phone: phone).session
        for _ in 0..<4 { _ = h.error(RegistrationStart.self, .init(accessCode: wrongCode(unlike: ""))) }
        XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: wrongCode(unlike: ""))).code, .rateLimited)
        try h.call(ProfileChangeEmail.self, .init(email: "gilbert@neu.ch", password: password), session: session)
        let code = h.code(TemplateName.emailChange, to: "gilbert@neu.ch")
        XCTAssertEqual(
            try h.call(ProfileConfirmEmail.self, .init(activationCode: code), session: session).profile.email,
            "gilbert@neu.ch")
    }

    /// `forgot` for random addresses: only so many writes (fsyncs) a minute; the
    /// answers stay `{}` and known addresses still get their e-mail.
    func testForgotForRandomAddressesIsThrottled() throws {
        h = try IdentityHarness(environment: ["IDENTITY_FORGOT_UNKNOWN_PER_MINUTE": "5"])
        try h.register(email: email, password: password, phone: phone)
        for i in 0..<20 { try h.call(PasswordForgot.self, .init(email: "random\(i)@example.ch")) }
        XCTAssertEqual(try h.sql("SELECT count(*) FROM reset_sends"), "5")
        XCTAssertEqual(h.logCount("security.forgot_throttled"), 15)
        try h.call(PasswordForgot.self, .init(email: email))
        XCTAssertFalse(h.code(TemplateName.passwordReset, to: email).isEmpty)
    }
}
