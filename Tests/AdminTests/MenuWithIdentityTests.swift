import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The menu's session items with the real identity beside the real admin (the
/// notifier is a fake whose requests carry the codes): step-up through
/// `identity.session.reauth`, logout everywhere, and a profile change reaching
/// admin's list.
final class MenuWithIdentityTests: XCTestCase {
    var rig: IdentityAdminRig!
    var identity: ServiceProcess { rig.identity }
    var admin: ServiceProcess { rig.admin }
    let password = "Sonnenblume-42"

    override func setUpWithError() throws {
        rig = try IdentityAdminRig("adm", adminEnvironment: ["ADMIN_STEP_UP_SECONDS": "1"])
    }

    override func tearDown() { rig.stop() }

    func sent(_ template: String, _ n: Int = 1) throws -> NotifierSend.Body { try rig.sent(template, n) }

    /// Invitation → registration of Gilbert → login; waits for admin to know him. Returns the session.
    func registeredAdmin() throws -> String {
        let id = identity.client()
        let ad = admin.client()
        try ad.inviteModeleSAByLetter()
        let reg = try id.call(
            RegistrationStart.self, .init(accessCode: try XCTUnwrap(sent(TemplateName.invitation).params["code"])))
        _ = try id.call(RegistrationEmail.self, .init(registrationId: reg.registrationId, email: "gilbert@modelesa.ch"))
        _ = try id.call(
            RegistrationVerifyEmail.self,
            .init(
                registrationId: reg.registrationId,
                activationCode: try XCTUnwrap(sent(TemplateName.emailActivation).params["code"])))
        _ = try id.call(
            RegistrationAccount.self,
            .init(
                registrationId: reg.registrationId, firstName: "Gilbert",
                lastName: "Modele", language: .fr, password: password, acceptTerms: true))
        _ = try id.call(RegistrationSmsSend.self, .init(registrationId: reg.registrationId, phone: "079 111 22 33"))
        _ = try id.call(
            RegistrationSmsConfirm.self,
            .init(
                registrationId: reg.registrationId,
                smsCode: try XCTUnwrap(sent(TemplateName.smsEnrolment).params["code"])))
        let session = try login(1)
        try Poll.until(timeout: 10) { try !ad.call(AdminMe.self, Empty(), session: session).mandants.isEmpty }
        return session
    }

    func login(_ n: Int) throws -> String {
        rig.advance(1) // past the shortened resend interval for the same phone
        let id = identity.client()
        let c = try id.call(LoginStart.self, .init(email: "gilbert@modelesa.ch", password: password))
        let code = try XCTUnwrap(sent(TemplateName.smsLogin, n).params["code"])
        return try id.call(LoginFinish.self, .init(challengeId: c.challengeId, smsCode: code)).session
    }

    func code(_ f: () throws -> Void) -> ErrorCode? {
        do {
            try f()
            return nil
        } catch let e as ServiceError { return e.code } catch { return .internal }
    }

    func testStepUpThroughIdentityReauth() throws {
        let session = try registeredAdmin()
        let ad = admin.client()
        let id = identity.client()
        let newUser = UsersCreate.Body(
            employer: "1283.220", email: "lea@modelesa.ch", firstName: "Lea", lastName: "Modele",
            language: .de)
        rig.advance(2) // past the 1-second window of this test's admin
        XCTAssertEqual(code { _ = try ad.call(UsersCreate.self, newUser, session: session) }, .reauthRequired)
        XCTAssertEqual(
            code { _ = try id.call(SessionReauth.self, .init(password: "Wrong-Password-1"), session: session) },
            .invalidCredentials)
        _ = try id.call(SessionReauth.self, .init(password: password), session: session)
        XCTAssertEqual(try ad.call(UsersCreate.self, newUser, session: session).state, .invited)
    }

    func testLogoutEverywhereStopsEverySessionInAdminAtOnce() throws {
        let first = try registeredAdmin()
        let second = try login(2)
        let ad = admin.client()
        let id = identity.client()
        XCTAssertEqual(try ad.call(AdminMe.self, Empty(), session: first).mandants.count, 1)
        XCTAssertEqual(try ad.call(AdminMe.self, Empty(), session: second).mandants.count, 1)
        XCTAssertEqual(try id.call(SessionEndAll.self, Empty(), session: second).ended, 2)
        for s in [first, second] {
            XCTAssertEqual(code { _ = try ad.call(AdminMe.self, Empty(), session: s) }, .unauthenticated)
        }
    }

    func testProfileChangesReachAdminsList() throws {
        let session = try registeredAdmin()
        let ad = admin.client()
        let id = identity.client()
        _ = try id.call(ProfileUpdate.self, .init(firstName: "Gil", language: .de), session: session)
        var user: UserProfile?
        try Poll.until(timeout: 10) {
            user = try ad.call(AdminMe.self, Empty(), session: session).user
            return user?.firstName == "Gil"
        }
        XCTAssertEqual(user?.displayName, "Modele, Gil")
        XCTAssertEqual(user?.language, .de)
        let list = try ad.call(UsersSearch.self, .init(employer: "1283.220", text: "gil"), session: session)
        XCTAssertEqual(list.users.first?.language, "D")
        // The e-mail too, once confirmed with the code sent to the new address.
        _ = try id.call(
            ProfileChangeEmail.self, .init(email: "gilbert@modele.ch", password: password), session: session)
        let code = try XCTUnwrap(sent(TemplateName.emailChange).params["code"])
        _ = try id.call(ProfileConfirmEmail.self, .init(activationCode: code), session: session)
        try Poll.until(timeout: 10) {
            try ad.call(AdminMe.self, Empty(), session: session).user.email == "gilbert@modele.ch"
        }
        XCTAssertEqual(
            try ad.call(UsersSearch.self, .init(employer: "1283.220"), session: session).users.first?.email,
            "gilbert@modele.ch")
    }
}
