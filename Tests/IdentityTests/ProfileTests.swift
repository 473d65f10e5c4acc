import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The user profile, step-up and logout everywhere, against the real executable.
final class ProfileTests: RegisteredGilbertTestCase {
    let newPhone = "+41785556677"

    func login(_ email: String? = nil, password: String? = nil, phone: String? = nil) throws -> String {
        try h.login(email: email ?? self.email, password: password ?? self.password, phone: phone ?? self.phone).session
    }

    func profile(_ session: String) throws -> OwnProfile {
        try h.call(ProfileGet.self, Empty(), session: session).profile
    }

    func testProfileShowsOwnFactsAndTheLastLogin() throws {
        let first = try login()
        let firstAt = h.now
        let second = try login()
        let p = try profile(second)
        XCTAssertEqual(p.accountId, accountId)
        XCTAssertEqual(p.email, email)
        XCTAssertEqual([p.firstName, p.lastName], ["Gilbert", "Modele"])
        XCTAssertEqual(p.language, .fr)
        XCTAssertEqual(p.maskedPhone, "+41 79 *** ** 33")
        XCTAssertEqual(p.mfa, .sms)
        XCTAssertEqual(p.lastLoginAt, h.now.rfc3339)
        XCTAssertEqual(p.previousLoginAt, firstAt.rfc3339, "the login before this one")
        XCTAssertNil(p.pendingPhone)
        XCTAssertNil(p.pendingEmail)
        XCTAssertEqual(try profile(first).accountId, accountId)
        XCTAssertEqual(h.error(ProfileGet.self, Empty()).code, .unauthenticated)
        XCTAssertEqual(h.error(ProfileGet.self, Empty(), session: "not-a-session").code, .unauthenticated)
    }

    func testLanguageAndNamesChangeAndAdminIsTold() throws {
        let session = try login()
        let p = try h.call(ProfileUpdate.self, .init(firstName: " Gil ", language: .de), session: session).profile
        XCTAssertEqual(p.firstName, "Gil")
        XCTAssertEqual(p.lastName, "Modele")
        XCTAssertEqual(p.language, .de)
        let events = h.admin.wait(for: AccountChanged.type, count: 1).compactMap {
            try? $0.decode(AccountChanged.Body.self)
        }
        XCTAssertEqual(events.last, AccountChanged.Body(accountId: accountId, language: .de, firstName: "Gil"))
        // Nothing changed: no event.
        _ = try h.call(ProfileUpdate.self, .init(language: .de), session: session)
        XCTAssertEqual(h.error(ProfileUpdate.self, .init(lastName: "  "), session: session).code, .badRequest)
        // A real change afterwards: its event, in the same lane, proves the relay passed the two above.
        _ = try h.call(ProfileUpdate.self, .init(firstName: "Gilbert"), session: session)
        let after = h.admin.wait(for: AccountChanged.type, count: 2).compactMap {
            try? $0.decode(AccountChanged.Body.self)
        }
        XCTAssertEqual(after.count, 2)
        XCTAssertEqual(after.last, AccountChanged.Body(accountId: accountId, firstName: "Gilbert"))
        // Messages now come in German.
        h.advance(31)
        try h.call(LoginStart.self, .init(email: email, password: password))
        XCTAssertEqual(h.nextSend(TemplateName.smsLogin, to: phone).count, 1)
        XCTAssertEqual(h.sends(TemplateName.smsLogin, to: phone).last?.language, .de)
    }

    func testPasswordChangeNeedsTheCurrentOneAndEndsEveryOtherSession() throws {
        let other = try login()
        let mine = try login()
        let newPassword = "Giraffe-Garden-77"
        h.remember(newPassword)
        h.remember("Wrong-Password-9")
        let wrong = h.error(
            ProfileChangePassword.self, .init(currentPassword: "Wrong-Password-9", newPassword: newPassword),
            session: mine)
        XCTAssertEqual(wrong.code, .invalidCredentials)
        XCTAssertEqual(wrong.field, "currentPassword")
        let weak = h.error(
            ProfileChangePassword.self, .init(currentPassword: password, newPassword: "short"), session: mine)
        XCTAssertEqual(weak.code, .weakPassword)
        XCTAssertEqual(weak.extras["rule"], .string("too_short"))

        let r = try h.call(
            ProfileChangePassword.self, .init(currentPassword: password, newPassword: newPassword),
            session: mine)
        XCTAssertEqual(r.endedSessions, 1)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: other)).code, .unauthenticated)
        XCTAssertEqual(try h.call(SessionVerify.self, .init(session: mine)).accountId, accountId, "this session stays")
        XCTAssertEqual(h.nextSend(TemplateName.passwordChanged, to: email), ["firstName": "Gilbert"])
        h.advance(31)
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .invalidCredentials)
        _ = try login(password: newPassword)
    }

    func testWrongCurrentPasswordsLockTheAccountLikeFailedLogins() throws {
        let session = try login()
        h.remember("Wrong-Password-9")
        for _ in 1...4 {
            XCTAssertEqual(
                h.error(SessionReauth.self, .init(password: "Wrong-Password-9"), session: session).code,
                .invalidCredentials)
        }
        XCTAssertEqual(
            h.error(SessionReauth.self, .init(password: "Wrong-Password-9"), session: session).code,
            .accountLocked)
        XCTAssertEqual(
            h.error(SessionReauth.self, .init(password: password), session: session).code, .accountLocked,
            "not even the right password while locked")
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .accountLocked)
    }

    func testPhoneChangeNeverConfirmedLeavesTheOldNumberInForce() throws {
        let session = try login()
        let r = try h.call(ProfileChangePhone.self, .init(phone: "078 555 66 77", password: password), session: session)
        XCTAssertEqual(r.maskedPhone, "+41 78 *** ** 77")
        let code = h.code(TemplateName.smsEnrolment, to: newPhone)
        XCTAssertEqual(code.count, 6)
        let p = try profile(session)
        XCTAssertEqual(p.maskedPhone, "+41 79 *** ** 33", "the old number until confirmed")
        XCTAssertEqual(p.pendingPhone, "+41 78 *** ** 77")
        // Login still goes to the old number (h.login reads the code there).
        _ = try login()
        XCTAssertTrue(h.sends(TemplateName.smsLogin, to: newPhone).isEmpty)
        // The code dies after its 10 minutes: the change is gone, the old number stays.
        h.advance(11 * 60)
        XCTAssertEqual(h.error(ProfileConfirmPhone.self, .init(smsCode: code), session: try login()).code, .codeExpired)
        XCTAssertEqual(try profile(try login()).maskedPhone, "+41 79 *** ** 33")
        XCTAssertTrue(h.sends(TemplateName.phoneChanged).isEmpty)
    }

    func testConfirmedPhoneChangeReplacesTheNumberAndTellsTheOldOne() throws {
        let session = try login()
        h.remember("Wrong-Password-9")
        XCTAssertEqual(
            h.error(
                ProfileChangePhone.self, .init(phone: newPhone, password: "Wrong-Password-9"),
                session: session
            ).code, .invalidCredentials)
        XCTAssertEqual(
            h.error(
                ProfileChangePhone.self, .init(phone: "031 111 22 33", password: password),
                session: session
            ).code, .invalidPhone)
        XCTAssertTrue(h.sends(TemplateName.smsEnrolment, to: newPhone).isEmpty, "no code without the password")
        try h.call(ProfileChangePhone.self, .init(phone: newPhone, password: password), session: session)
        // The enrolment's limits: no second code to the number within 30 s.
        let limited = h.error(ProfileChangePhone.self, .init(phone: newPhone, password: password), session: session)
        XCTAssertEqual(limited.code, .rateLimited)
        let code = h.code(TemplateName.smsEnrolment, to: newPhone)
        let wrong = h.error(
            ProfileConfirmPhone.self, .init(smsCode: code == "000000" ? "000001" : "000000"), session: session)
        XCTAssertEqual(wrong.code, .invalidCode)
        XCTAssertEqual(wrong.extras["attemptsLeft"], .number(4))
        let p = try h.call(ProfileConfirmPhone.self, .init(smsCode: code), session: session).profile
        XCTAssertEqual(p.maskedPhone, "+41 78 *** ** 77")
        XCTAssertNil(p.pendingPhone)
        XCTAssertEqual(h.nextSend(TemplateName.phoneChanged, to: phone), ["maskedPhone": "+41 78 *** ** 77"])
        XCTAssertEqual(
            h.error(ProfileConfirmPhone.self, .init(smsCode: code), session: session).code, .invalidCode,
            "single use")
        _ = try login(phone: newPhone)
    }

    func testEmailChangeNeedsTheCodeFromTheNewAddress() throws {
        let session = try login()
        let newEmail = "gilbert.modele@example.ch"
        XCTAssertEqual(
            h.error(ProfileChangeEmail.self, .init(email: email, password: password), session: session).code,
            .conflict)
        try h.call(
            ProfileChangeEmail.self, .init(email: " Gilbert.Modele@Example.ch ", password: password), session: session)
        let sent = h.nextSend(TemplateName.emailChange, to: newEmail)
        XCTAssertEqual(sent["firstName"], "Gilbert")
        let code = sent["code"] ?? ""
        XCTAssertEqual(try profile(session).pendingEmail, newEmail)
        XCTAssertEqual(try profile(session).email, email, "the old address until confirmed")
        XCTAssertEqual(
            h.error(ProfileConfirmEmail.self, .init(activationCode: "AAAA BBBB CCCC"), session: session).code,
            .invalidCode)

        let p = try h.call(ProfileConfirmEmail.self, .init(activationCode: code.lowercased()), session: session).profile
        XCTAssertEqual(p.email, newEmail)
        XCTAssertNil(p.pendingEmail)
        XCTAssertEqual(h.nextSend(TemplateName.emailChanged, to: email), ["firstName": "Gilbert"])
        let events = h.admin.wait(for: AccountChanged.type, count: 1).compactMap {
            try? $0.decode(AccountChanged.Body.self)
        }
        XCTAssertEqual(events.last, AccountChanged.Body(accountId: accountId, email: newEmail))
        XCTAssertEqual(try h.call(SessionVerify.self, .init(session: session)).email, newEmail)
        h.advance(31)
        XCTAssertEqual(h.error(LoginStart.self, .init(email: email, password: password)).code, .invalidCredentials)
        _ = try login(newEmail)
    }

    func testEmailChangeToAnAddressWithAnAccountIsToldOnlyToItsReader() throws {
        try h.register(
            email: "other@modele.ch", password: "Quiet-Harbour-55", phone: "079 222 33 44", number: "1283.221")
        let session = try login()
        // The same answer as for a free address: nothing is told yet.
        try h.call(ProfileChangeEmail.self, .init(email: "other@modele.ch", password: password), session: session)
        let code = h.code(TemplateName.emailChange, to: "other@modele.ch")
        let e = h.error(ProfileConfirmEmail.self, .init(activationCode: code), session: session)
        XCTAssertEqual(e.code, .conflict)
        XCTAssertEqual(e.field, "email")
        XCTAssertEqual(try profile(session).email, email)
        XCTAssertTrue(h.sends(TemplateName.emailChanged).isEmpty)
    }

    func testStepUpIsTheLoginThenEveryReauth() throws {
        let done = try h.login(email: email, password: password, phone: phone)
        let verified = try h.call(SessionVerify.self, .init(session: done.session))
        XCTAssertEqual(verified.reauthenticatedAt, (h.now - 31).rfc3339, "the password was proved at login.start")
        h.advance(11 * 60)
        h.remember("Wrong-Password-9")
        XCTAssertEqual(
            h.error(SessionReauth.self, .init(password: "Wrong-Password-9"), session: done.session).code,
            .invalidCredentials)
        XCTAssertEqual(
            try h.call(SessionVerify.self, .init(session: done.session)).reauthenticatedAt,
            (h.now - 11 * 60 - 31).rfc3339, "a failure proves nothing")
        let r = try h.call(SessionReauth.self, .init(password: password), session: done.session)
        XCTAssertEqual(r.reauthenticatedAt, h.now.rfc3339)
        XCTAssertEqual(try h.call(SessionVerify.self, .init(session: done.session)).reauthenticatedAt, h.now.rfc3339)
        XCTAssertEqual(h.error(SessionReauth.self, .init(password: password)).code, .unauthenticated)
    }

    func testLogoutEverywhereEndsEverySessionOfTheAccount() throws {
        let a = try login()
        let b = try login()
        let other = try h.register(
            email: "other@modele.ch", password: "Quiet-Harbour-55", phone: "079 222 33 44",
            number: "1283.221")
        let stranger = try h.login(email: "other@modele.ch", password: "Quiet-Harbour-55", phone: "+41792223344")
            .session
        XCTAssertEqual(try h.call(SessionEndAll.self, Empty(), session: a).ended, 2)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: a)).code, .unauthenticated)
        XCTAssertEqual(h.error(SessionVerify.self, .init(session: b)).code, .unauthenticated)
        XCTAssertEqual(h.error(ProfileGet.self, Empty(), session: b).code, .unauthenticated)
        XCTAssertEqual(try h.call(SessionVerify.self, .init(session: stranger)).accountId, other, "others stay")
        XCTAssertEqual(h.error(SessionEndAll.self, Empty(), session: a).code, .unauthenticated)
    }
}
