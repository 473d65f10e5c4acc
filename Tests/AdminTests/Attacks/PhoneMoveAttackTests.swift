import AdminCore
import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, item 6 (the second factor moved without proof) and item 13's
/// step-up for re-enabling an admin. Real identity and admin.
final class PhoneMoveAttackTests: XCTestCase {
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"

    /// Gilbert adds `first` Muster with a phone (variant 1: the code goes there for him to type).
    func addedWithPhone(_ first: String, _ phone: String, by gilbert: String, on ad: ServiceClient) throws
        -> UsersCreate.Reply
    {
        try ad.call(
            UsersCreate.self,
            .init(
                employer: E, email: "\(first.lowercased())@modelesa.ch", firstName: first,
                lastName: "Muster", language: .fr, phone: phone),
            session: gilbert)
    }

    func testAnAdminsPhoneChangeNeedsTheNewPhonesCodeAndTellsThePerson() throws {
        let rig = try IdentityAdminRig("pma")
        defer { rig.stop() }
        let id = rig.identity.client()
        let ad = rig.admin.client()
        let gilbert = try rig.gilbertAdminOfModeleSA()
        // Dora, variant 1: her phone proved by the code the admin types.
        let dora = try addedWithPhone("Dora", "079 111 00 01", by: gilbert.session, on: ad).userId
        _ = try ad.call(
            UsersConfirmPhone.self,
            .init(
                employer: E, userId: dora,
                smsCode: try rig.code(TemplateName.smsEnrolment, to: "+41791110001")),
            session: gilbert.session)

        // The admin types another number: a code goes there, the enrolled phone stays.
        let changed = try ad.call(
            UsersUpdate.self, .init(employer: E, userId: dora, phone: "079 222 00 02"),
            session: gilbert.session)
        XCTAssertEqual(changed.next, .confirmPhone)
        XCTAssertEqual(try id.call(AccountGet.self, .init(accountId: dora)).account.maskedPhone, "+41 79 *** ** 01")
        XCTAssertEqual(
            ad.outcome(
                UsersConfirmPhone.self, .init(employer: E, userId: dora, smsCode: "000000"),
                session: gilbert.session), "invalid_code")
        XCTAssertEqual(try id.call(AccountGet.self, .init(accountId: dora)).account.maskedPhone, "+41 79 *** ** 01")

        // With the new phone's code it moves, and the old number and the e-mail are told.
        let code = try rig.code(TemplateName.smsEnrolment, to: "+41792220002")
        XCTAssertEqual(
            try ad.call(
                UsersConfirmPhone.self, .init(employer: E, userId: dora, smsCode: code),
                session: gilbert.session
            ).state, .active)
        XCTAssertEqual(try id.call(AccountGet.self, .init(accountId: dora)).account.maskedPhone, "+41 79 *** ** 02")
        XCTAssertEqual(
            try rig.sent(TemplateName.phoneChanged, to: "+41791110001").params["maskedPhone"], "+41 79 *** ** 02")
        XCTAssertEqual(try rig.sent(TemplateName.phoneChanged, to: "dora@modelesa.ch").channel, .email)
    }

    /// Decided: a `pendingPhone` person's own reset turns variant 1 into variant 2.
    /// They proved the e-mail; at first login they enrol (and prove) their own
    /// phone, and the code the admin's typed number received is void from then on.
    func testAPendingPhonePersonsOwnResetEnrolsTheirOwnPhoneAndVoidsTheAdminsCode() throws {
        let rig = try IdentityAdminRig("ppr")
        defer { rig.stop() }
        let id = rig.identity.client()
        let ad = rig.admin.client()
        let gilbert = try rig.gilbertAdminOfModeleSA()
        let eve = try addedWithPhone("Eve", "079 333 00 03", by: gilbert.session, on: ad)
        XCTAssertEqual(eve.state, .pendingPhone)
        let adminsCode = try rig.code(TemplateName.smsEnrolment, to: "+41793330003")

        _ = try id.call(PasswordForgot.self, .init(email: "eve@modelesa.ch"))
        _ = try id.call(
            PasswordReset.self,
            .init(
                email: "eve@modelesa.ch",
                resetCode: try rig.code(TemplateName.passwordReset, to: "eve@modelesa.ch"),
                newPassword: "Eigene-Blume-7"))
        let challenge = try id.call(LoginStart.self, .init(email: "eve@modelesa.ch", password: "Eigene-Blume-7"))
        XCTAssertEqual(challenge.next, .enrollSms)
        _ = try id.call(LoginSmsEnroll.self, .init(challengeId: challenge.challengeId, phone: "079 444 00 04"))
        _ = try id.call(
            LoginFinish.self,
            .init(
                challengeId: challenge.challengeId,
                smsCode: try rig.code(TemplateName.smsEnrolment, to: "+41794440004")))
        XCTAssertEqual(try id.call(AccountGet.self, .init(accountId: eve.userId)).account.state, .active)

        // The admin's late confirmation moves nothing.
        _ = ad.outcome(
            UsersConfirmPhone.self, .init(employer: E, userId: eve.userId, smsCode: adminsCode),
            session: gilbert.session)
        XCTAssertEqual(
            try id.call(AccountGet.self, .init(accountId: eve.userId)).account.maskedPhone, "+41 79 *** ** 04")
        XCTAssertEqual(try rig.all(TemplateName.phoneChanged).count, 0)
    }

    /// Item 13: giving a disabled admin the right back is as strong as granting it.
    func testReEnablingADisabledAdminNeedsARecentPassword() throws {
        let rig = try IdentityAdminRig("rea", adminEnvironment: ["ADMIN_STEP_UP_SECONDS": "2"])
        defer { rig.stop() }
        let id = rig.identity.client()
        let ad = rig.admin.client()
        let gilbert = try rig.gilbertAdminOfModeleSA()
        // A fresh proof, then a second admin, deactivated.
        _ = try id.call(SessionReauth.self, .init(password: IdentityAdminRig.password), session: gilbert.session)
        let fay = try ad.call(
            UsersCreate.self,
            .init(
                employer: E, email: "fay@modelesa.ch", firstName: "Fay",
                lastName: "Muster", language: .fr, admin: true),
            session: gilbert.session
        ).userId
        XCTAssertEqual(
            ad.outcome(
                UsersUpdate.self, .init(employer: E, userId: fay, disabled: true),
                session: gilbert.session), "ok")
        rig.advance(3) // the proof is now older than ADMIN_STEP_UP_SECONDS
        XCTAssertEqual(
            ad.outcome(
                UsersUpdate.self, .init(employer: E, userId: fay, disabled: false),
                session: gilbert.session), "reauth_required")
        XCTAssertTrue(
            try ad.call(UsersGet.self, .init(employer: E, userId: fay), session: gilbert.session).user.disabled)
        // With a fresh proof, Fay comes back.
        _ = try id.call(SessionReauth.self, .init(password: IdentityAdminRig.password), session: gilbert.session)
        XCTAssertEqual(
            ad.outcome(
                UsersUpdate.self, .init(employer: E, userId: fay, disabled: false),
                session: gilbert.session), "ok")
    }
}
