import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The seed's whole path with the real identity beside the real admin (only the
/// notifier is a fake, reading the codes out of what it is asked to send):
/// invitation → registration → the event makes an admin → login → new user
/// (variant 1) → deactivation.
final class WithIdentityTests: XCTestCase {
    func testInvitationRegistrationLoginAndUserManagement() throws {
        let rig = try IdentityAdminRig("adi")
        defer { rig.stop() }
        let id = rig.identity.client()
        let ad = rig.admin.client()
        func sent(_ template: String, _ n: Int = 1) throws -> NotifierSend.Body { try rig.sent(template, n) }

        // Fund staff: the employer and its invitation letter.
        _ = try ad.call(
            EmployerCreate.self,
            EmployerCreate.Body(
                number: "1283.220", name: "Modèle SA", street: "Rue d'Exemple",
                postcode: "0000", city: "Ville modèle", language: .fr))
        _ = try ad.call(EmployerInvite.self, EmployerInvite.Body(number: "1283.220", delivery: .letter))
        let letter = try sent(TemplateName.invitation)
        XCTAssertEqual(letter.to, "Modèle SA\nRue d'Exemple\n0000 Ville modèle")
        let accessCode = try XCTUnwrap(letter.params["code"])

        // The first administrator registers with it.
        let reg = try id.call(RegistrationStart.self, .init(accessCode: accessCode))
        XCTAssertEqual(reg.employer.number, "1283.220")
        _ = try id.call(RegistrationEmail.self, .init(registrationId: reg.registrationId, email: "gilbert@modelesa.ch"))
        let activation = try XCTUnwrap(sent(TemplateName.emailActivation).params["code"])
        XCTAssertEqual(
            try id.call(
                RegistrationVerifyEmail.self,
                .init(
                    registrationId: reg.registrationId,
                    activationCode: activation)
            ).next, .account)
        _ = try id.call(
            RegistrationAccount.self,
            .init(
                registrationId: reg.registrationId, firstName: "Gilbert",
                lastName: "Modele", language: .fr, password: "Sonnenblume-42",
                acceptTerms: true))
        _ = try id.call(RegistrationSmsSend.self, .init(registrationId: reg.registrationId, phone: "+41(79) 111 22 33"))
        let sms1 = try XCTUnwrap(sent(TemplateName.smsEnrolment).params["code"])
        let gilbert = try id.call(RegistrationSmsConfirm.self, .init(registrationId: reg.registrationId, smsCode: sms1))
            .accountId

        // Login (password, then the SMS code; the same phone: past the shortened resend interval).
        rig.advance(1)
        let challenge = try id.call(LoginStart.self, .init(email: "gilbert@modelesa.ch", password: "Sonnenblume-42"))
        XCTAssertEqual(challenge.next, .sms)
        let sms2 = try XCTUnwrap(sent(TemplateName.smsLogin).params["code"])
        let session = try id.call(LoginFinish.self, .init(challengeId: challenge.challengeId, smsCode: sms2)).session

        // identity's event reaches admin through its outbox: Gilbert becomes the admin.
        var me: AdminMe.Reply?
        try Poll.until(timeout: 10) {
            me = try ad.call(AdminMe.self, Empty(), session: session)
            return me?.mandants.isEmpty == false
        }
        XCTAssertEqual(me?.user.userId, gilbert)
        XCTAssertEqual(me?.mandants.first?.number, "1283.220")
        XCTAssertEqual(me?.mandants.first?.admin, true)

        // Variant 1: Lea's phone gets the code, Gilbert types it in.
        let lea = try ad.call(
            UsersCreate.self,
            .init(
                employer: "1283.220", email: "lea@modelesa.ch", firstName: "Lea",
                lastName: "Modele", language: .de, themes: ["accounting"],
                phone: "079 222 33 44"), session: session)
        XCTAssertEqual(lea.state, .pendingPhone)
        let leaSms = try sent(TemplateName.smsEnrolment, 2)
        XCTAssertEqual(leaSms.to, "+41792223344")
        XCTAssertEqual(
            try ad.call(
                UsersConfirmPhone.self,
                .init(
                    employer: "1283.220", userId: lea.userId,
                    smsCode: try XCTUnwrap(leaSms.params["code"])),
                session: session
            ).state, .active)
        XCTAssertEqual(try sent(TemplateName.welcomeActive).to, "lea@modelesa.ch")
        let detail = try ad.call(UsersGet.self, .init(employer: "1283.220", userId: lea.userId), session: session).user
        XCTAssertEqual(detail.mfa, .sms)
        XCTAssertNotNil(detail.phone)
        XCTAssertFalse(detail.phone?.contains("222 33 44") ?? true, "masked")

        // Variant 2 and deactivation: identity disables the account and sends the notice.
        let claudine = try ad.call(
            UsersCreate.self,
            .init(
                employer: "1283.220", email: "claudine@modelesa.ch",
                firstName: "Claudine", lastName: "Modèle", language: .fr),
            session: session)
        XCTAssertEqual(claudine.state, .invited)
        XCTAssertEqual(try sent(TemplateName.welcomeInvited).params["employerName"], "Modèle SA")
        let off = try ad.call(
            UsersUpdate.self, .init(employer: "1283.220", userId: claudine.userId, disabled: true),
            session: session
        ).user
        XCTAssertTrue(off.disabled)
        let notice = try sent(TemplateName.accountDeactivated)
        XCTAssertEqual(notice.to, "claudine@modelesa.ch")
        XCTAssertEqual(notice.params["employerName"], "Modèle SA")
        // The last admin stays.
        XCTAssertThrowsError(
            try ad.call(
                UsersUpdate.self, .init(employer: "1283.220", userId: gilbert, admin: false),
                session: session)
        ) { XCTAssertEqual(($0 as? ServiceError)?.code, .lastAdmin) }
        let list = try ad.call(
            UsersSearch.self, .init(employer: "1283.220", text: "modele", includeDisabled: true),
            session: session)
        // Sorted by the folded display name: "Modèle, Claudine" before "Modele, Gilbert".
        XCTAssertEqual(list.users.map(\.displayName), ["Modèle, Claudine", "Modele, Gilbert", "Modele, Lea"])
        XCTAssertEqual(list.users.map(\.disabled), [true, false, false])
        XCTAssertEqual(list.users.map(\.reference), ["", "1'283'220", ""])
        XCTAssertEqual(list.users.map(\.mfa), [.notEnrolled, .sms, .sms])
        // Ending the session in identity ends it for admin too.
        _ = try id.call(SessionEnd.self, Empty(), session: session)
        XCTAssertThrowsError(try ad.call(AdminMe.self, Empty(), session: session)) {
            XCTAssertEqual(($0 as? ServiceError)?.code, .unauthenticated)
        }
    }
}
