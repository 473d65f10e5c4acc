import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Login, lockout, disabled accounts, enumeration and sessions against the real executable.
final class LoginFlowTests: RegisteredGilbertTestCase {
    func wrongLogin() -> ServiceError {
        h.remember("Wrong-Password-9")
        return h.error(LoginStart.self, .init(email: email, password: "Wrong-Password-9"))
    }

    func testLockoutTimelineFifteenMinutesThenDoubling() throws {
        for _ in 1...4 { XCTAssertEqual(wrongLogin().code, .invalidCredentials) }
        let locked = wrongLogin()
        XCTAssertEqual(locked.code, .accountLocked)
        XCTAssertEqual(locked.extras["lockedUntil"], .string((h.now + 15 * 60).rfc3339))
        XCTAssertTrue(h.log().contains("security.locked"))
        // Even the right password is refused while locked.
        let during = h.error(LoginStart.self, .init(email: email, password: password))
        XCTAssertEqual(during.code, .accountLocked)
        XCTAssertEqual(
            try h.call(AccountGet.self, .init(accountId: accountId)).account.lockedUntil,
            (h.now + 15 * 60).rfc3339)

        h.advance(15 * 60)
        for _ in 1...4 { XCTAssertEqual(wrongLogin().code, .invalidCredentials) }
        XCTAssertEqual(wrongLogin().extras["lockedUntil"], .string((h.now + 30 * 60).rfc3339), "doubled")
        h.advance(30 * 60)
        for _ in 1...4 { _ = wrongLogin() }
        XCTAssertEqual(wrongLogin().extras["lockedUntil"], .string((h.now + 60 * 60).rfc3339), "doubled again")

        // The admin clears the lockout; a success then resets the doubling.
        try h.call(AccountUpdate.self, .init(accountId: accountId, clearLockout: true))
        XCTAssertNil(try h.call(AccountGet.self, .init(accountId: accountId)).account.lockedUntil)
        _ = try h.login(email: email, password: password, phone: phone)
        for _ in 1...4 { _ = wrongLogin() }
        XCTAssertEqual(wrongLogin().extras["lockedUntil"], .string((h.now + 15 * 60).rfc3339))

        // The admin can also set a lockout.
        h.advance(15 * 60)
        let until = (h.now + 3600).rfc3339
        try h.call(AccountUpdate.self, .init(accountId: accountId, lockedUntil: until))
        XCTAssertEqual(
            h.error(LoginStart.self, .init(email: email, password: password)).extras["lockedUntil"],
            .string(until))
    }

    func testSuccessResetsTheFailureCount() throws {
        for _ in 1...4 { _ = wrongLogin() }
        _ = try h.login(email: email, password: password, phone: phone)
        for _ in 1...4 { XCTAssertEqual(wrongLogin().code, .invalidCredentials) }
    }

    func testDisabledAccountCannotLogInAndItsSessionsEnd() throws {
        let session = try h.login(email: email, password: password, phone: phone)
        let update = try h.call(
            AccountUpdate.self, .init(accountId: accountId, disabled: true, employerName: "Modèle SA"))
        XCTAssertEqual(update.account.state, .disabled)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: session.session)).code, .unauthenticated)
        h.advance(31)
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .accountDisabled)
        XCTAssertEqual(wrongLogin().code, .invalidCredentials, "a guesser learns nothing")
        let notice = h.nextSend(TemplateName.accountDeactivated, to: email)
        XCTAssertEqual(notice, ["firstName": "Gilbert", "employerName": "Modèle SA"])
        // No reset e-mail for a disabled account.
        try h.call(PasswordForgot.self, .init(email: email))
        try h.call(AccountUpdate.self, .init(accountId: accountId, disabled: false))
        _ = try h.login(email: email, password: password, phone: phone)
        // Enabled again, a reset goes out; in the same lane (this address) as the refused
        // one would have, it proves the relay passed that point: it is the only one.
        h.advance(3601)
        try h.call(PasswordForgot.self, .init(email: email))
        _ = h.code(TemplateName.passwordReset, to: email)
        XCTAssertEqual(h.sends(TemplateName.passwordReset).count, 1)
    }

    func testDisabledBetweenPasswordAndSms() throws {
        let start = try h.call(LoginStart.self, .init(email: email, password: password))
        let sms = h.code(TemplateName.smsLogin, to: phone)
        try h.call(AccountUpdate.self, .init(accountId: accountId, disabled: true))
        XCTAssertEqual(
            h.error(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: sms)).code,
            .accountDisabled)
    }

    func testNoAccountEnumeration() throws {
        h.remember("Wrong-Password-9")
        let known = try h.raw(LoginStart.self, .init(email: email, password: "Wrong-Password-9"))
        let unknown = try h.raw(LoginStart.self, .init(email: "nobody@modele.ch", password: "Wrong-Password-9"))
        XCTAssertEqual(try JSONCoding.encodeString(known), try JSONCoding.encodeString(unknown))
        XCTAssertEqual(known.error?.code, "invalid_credentials")
        // Unknown addresses lock exactly like accounts do: the lockout tells nothing either.
        for _ in 2...4 {
            _ = try h.raw(LoginStart.self, .init(email: email, password: "Wrong-Password-9"))
            _ = try h.raw(LoginStart.self, .init(email: "nobody@modele.ch", password: "Wrong-Password-9"))
        }
        let knownLocked = try h.raw(LoginStart.self, .init(email: email, password: "Wrong-Password-9"))
        let unknownLocked = try h.raw(LoginStart.self, .init(email: "nobody@modele.ch", password: "Wrong-Password-9"))
        XCTAssertEqual(knownLocked.error?.code, "account_locked")
        XCTAssertEqual(try JSONCoding.encodeString(knownLocked), try JSONCoding.encodeString(unknownLocked))
        XCTAssertEqual(
            try JSONCoding.encodeString(try h.raw(LoginStart.self, .init(email: email, password: password))),
            try JSONCoding.encodeString(
                try h.raw(
                    LoginStart.self,
                    .init(
                        email: "nobody@modele.ch",
                        password: password))))

        let forgotKnown = try h.raw(PasswordForgot.self, .init(email: email))
        let forgotUnknown = try h.raw(PasswordForgot.self, .init(email: "nobody@modele.ch"))
        XCTAssertEqual(try JSONCoding.encodeString(forgotKnown), try JSONCoding.encodeString(forgotUnknown))
        XCTAssertTrue(forgotKnown.ok)
        _ = h.nextSend(TemplateName.passwordReset, to: email)
        XCTAssertTrue(h.sends(TemplateName.passwordReset, to: "nobody@modele.ch").isEmpty)
        // A reset attempt for an unknown address answers like a wrong code.
        h.remember("New-Password-77")
        let resetUnknown = try h.raw(
            PasswordReset.self,
            .init(
                email: "nobody@modele.ch", resetCode: "AAAA BBBB CCCC",
                newPassword: "New-Password-77"))
        let resetKnown = try h.raw(
            PasswordReset.self,
            .init(
                email: email, resetCode: "AAAA BBBB CCCC",
                newPassword: "New-Password-77"))
        XCTAssertEqual(try JSONCoding.encodeString(resetUnknown), try JSONCoding.encodeString(resetKnown))
    }

    func testSmsLoginCodeLimits() throws {
        let start = try h.call(LoginStart.self, .init(email: email, password: password))
        XCTAssertEqual(start.maskedPhone, "+41 79 *** ** 33")
        let sms = h.code(TemplateName.smsLogin, to: phone)
        let wrong = sms == "123456" ? "654321" : "123456"
        for i in 1...5 {
            XCTAssertEqual(
                h.error(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: wrong)).code,
                i < 5 ? .invalidCode : .tooManyAttempts)
        }
        XCTAssertEqual(
            h.error(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: sms)).code,
            .tooManyAttempts)
        // A new login is a new flow: its code goes out at once, and works.
        let again = try h.call(LoginStart.self, .init(email: email, password: password))
        XCTAssertEqual(again.next, .sms)
        XCTAssertNotEqual(again.challengeId, start.challengeId)
    }

    func testPasswordResetEndsSessionsAndOldPasswordStops() throws {
        let session = try h.login(email: email, password: password, phone: phone)
        try h.call(PasswordForgot.self, .init(email: email))
        let code = h.code(TemplateName.passwordReset, to: email)
        let newPassword = "Another-Good-Pass-8"
        h.remember(newPassword)
        XCTAssertEqual(
            h.error(PasswordReset.self, .init(email: email, resetCode: code, newPassword: "password1")).extras["rule"],
            .string("common"))
        try h.call(PasswordReset.self, .init(email: email, resetCode: code.lowercased(), newPassword: newPassword))
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: session.session)).code, .unauthenticated)
        XCTAssertEqual(h.nextSend(TemplateName.passwordChanged, to: email), ["firstName": "Gilbert"])
        XCTAssertEqual(
            h.error(PasswordReset.self, .init(email: email, resetCode: code, newPassword: newPassword)).code,
            .invalidCode, "single use")
        h.advance(31)
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .invalidCredentials)
        _ = try h.login(email: email, password: newPassword, phone: phone)
    }

    func testResetCodeExpiresAndDiesAfterWrongTries() throws {
        try h.call(PasswordForgot.self, .init(email: email))
        let code = h.code(TemplateName.passwordReset, to: email)
        h.remember("Another-Good-Pass-8")
        h.advance(3600)
        XCTAssertEqual(
            h.error(
                PasswordReset.self,
                .init(
                    email: email, resetCode: code,
                    newPassword: "Another-Good-Pass-8")
            ).code, .codeExpired)
        try h.call(PasswordForgot.self, .init(email: email))
        let fresh = h.code(TemplateName.passwordReset, to: email)
        // Wrong tries count against the codes that begin like them (the first group).
        let wrong = String(fresh.prefix(4)) + (fresh.hasSuffix("AAAA AAAA") ? " BBBB BBBB" : " AAAA AAAA")
        for _ in 1...5 {
            _ = h.error(PasswordReset.self, .init(email: email, resetCode: wrong, newPassword: "Another-Good-Pass-8"))
        }
        XCTAssertEqual(
            h.error(
                PasswordReset.self,
                .init(
                    email: email, resetCode: fresh,
                    newPassword: "Another-Good-Pass-8")
            ).code, .tooManyAttempts)
    }

    func testTheIdleTimerIsRefreshedAtMostOnceAMinute() throws {
        let session = try h.login(email: email, password: password, phone: phone).session
        let loggedIn = h.now
        h.advance(30)
        XCTAssertEqual(
            try h.call(SessionVerify.self, .init(session: session)).expiresAt, (loggedIn + 30 * 60).rfc3339,
            "used again within the minute: no write, the same expiry")
        h.advance(31)
        XCTAssertEqual(
            try h.call(SessionVerify.self, .init(session: session)).expiresAt, (h.now + 30 * 60).rfc3339,
            "a minute on: refreshed")
    }

    func testSessionIdleAndAbsoluteExpiryAndEnd() throws {
        let first = try h.login(email: email, password: password, phone: phone)
        XCTAssertEqual(first.expiresAt, (h.now + 30 * 60).rfc3339)
        h.advance(29 * 60)
        XCTAssertNoThrow(try h.call(SessionVerify.self, .init(session: first.session)), "refreshes the idle timer")
        h.advance(29 * 60)
        XCTAssertNoThrow(try h.call(SessionVerify.self, .init(session: first.session)))
        h.advance(30 * 60)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: first.session)).code, .unauthenticated, "idle")

        let second = try h.login(email: email, password: password, phone: phone)
        let loggedIn = h.now
        while h.now < loggedIn + 12 * 3600 - 20 * 60 {
            h.advance(20 * 60)
            XCTAssertNoThrow(try h.call(SessionVerify.self, .init(session: second.session)))
        }
        h.advance(20 * 60)
        XCTAssertEqual(
            h.error(SessionVerify.self, .init(session: second.session)).code, .unauthenticated,
            "12 h at most, however busy")

        let third = try h.login(email: email, password: password, phone: phone)
        try h.call(SessionEnd.self, Empty(), session: third.session)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: third.session)).code, .unauthenticated)
        XCTAssertEqual(h.error(SessionEnd.self, Empty()).code, .unauthenticated, "no session given")

        let fourth = try h.login(email: email, password: password, phone: phone)
        XCTAssertEqual(try h.call(AccountSessionsEnd.self, .init(accountId: accountId)).ended, 1)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: fourth.session)).code, .unauthenticated)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: "made-up")).code, .unauthenticated)
    }

    func testRehashOnLoginWhenParametersChange() throws {
        try h.restart(environment: ["IDENTITY_ARGON2_MEMORY_KIB": "512"])
        _ = try h.login(email: email, password: password, phone: phone)
        XCTAssertTrue(h.log().contains("password.rehashed"))
        h.advance(31)
        _ = try h.login(email: email, password: password, phone: phone)
        XCTAssertEqual(h.log().components(separatedBy: "password.rehashed").count - 1, 1)
    }
}
