import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The reviewer's scenario with the real identity beside the real admin (the
/// notifier is a fake reading the codes): Gilbert, admin of 1283.220 only, adds
/// Bea, admin of 555.001, and cannot take her account over.
final class SharedAccountWithIdentityTests: XCTestCase {
    func testTheSecondEmployersAdminCannotTakeOverTheFirstsAdmin() throws {
        let rig = try IdentityAdminRig("asi")
        defer { rig.stop() }
        let id = rig.identity.client()
        let ad = rig.admin.client()
        func code(_ template: String, to: String, _ n: Int = 1) throws -> String { try rig.code(template, to: to, n) }
        func registeredAdmin(
            _ number: String, _ name: String, email: String, first: String, phone: String,
            e164: String
        ) throws -> (accountId: String, session: String) {
            try rig.registeredAdmin(number, name, email: email, first: first, phone: phone, e164: e164)
        }
        func outcome<M: Message>(_ m: M.Type, _ body: M.Body, session: String) -> String {
            ad.outcome(m, body, session: session)
        }

        let bea = try registeredAdmin(
            "555.001", "Fiducia AG", email: "bea@fiducia.ch", first: "Bea",
            phone: "079 111 22 33", e164: "+41791112233")
        let gilbert = try rig.gilbertAdminOfModeleSA()
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let E = "1283.220"

        // Gilbert adds Bea with his phone: answered as for anyone, no SMS, in force only once she accepts.
        let added = try ad.call(
            UsersCreate.self,
            .init(
                employer: E, email: "bea@fiducia.ch", firstName: "Bea", lastName: "X",
                language: .fr, admin: true, phone: "079 999 88 77"),
            session: gilbert.session)
        XCTAssertEqual(added.userId, bea.accountId)
        XCTAssertEqual(added.state, .pendingPhone)
        XCTAssertEqual(
            try rig.all(TemplateName.smsEnrolment, to: "+41799998877").count, 1, "only Gilbert's own enrolment")
        _ = try ad.call(InvitationsAnswer.self, .init(employer: E, answer: .accept), session: bea.session)
        // Phone, lock, unblock, names, language: all hers.
        for change in [
            UsersUpdate.Body(employer: E, userId: bea.accountId, phone: "079 999 88 77"),
            UsersUpdate.Body(employer: E, userId: bea.accountId, lockedUntil: "2030-01-01T00:00:00Z"),
            UsersUpdate.Body(employer: E, userId: bea.accountId, clearLockout: true),
            UsersUpdate.Body(employer: E, userId: bea.accountId, firstName: "Beatrix", lastName: "Y"),
            UsersUpdate.Body(employer: E, userId: bea.accountId, language: .de),
        ] {
            XCTAssertEqual(outcome(UsersUpdate.self, change, session: gilbert.session), "forbidden")
        }
        let account = try id.call(AccountGet.self, .init(accountId: bea.accountId)).account
        XCTAssertEqual(account.firstName, "Bea")
        XCTAssertEqual(account.language, .fr)
        XCTAssertNil(account.lockedUntil)
        XCTAssertFalse(
            account.maskedPhone?.hasSuffix("77") ?? true, "her phone stays hers: \(account.maskedPhone ?? "-")")

        // Deactivating her membership here: refused here at once, her session works at Fiducia.
        XCTAssertEqual(outcome(UsersSearch.self, .init(employer: E), session: bea.session), "ok")
        XCTAssertEqual(
            outcome(
                UsersUpdate.self, .init(employer: E, userId: bea.accountId, disabled: true),
                session: gilbert.session), "ok")
        XCTAssertEqual(outcome(UsersSearch.self, .init(employer: E), session: bea.session), "forbidden")
        XCTAssertEqual(outcome(UsersSearch.self, .init(employer: "555.001"), session: bea.session), "ok")
        XCTAssertEqual(try ad.call(AdminMe.self, Empty(), session: bea.session).mandants.map(\.number), ["555.001"])
        // Her next login code still goes to her own phone.
        rig.advance(1)
        let challenge = try id.call(LoginStart.self, .init(email: "bea@fiducia.ch", password: "Sonnenblume-42"))
        XCTAssertEqual(challenge.next, .sms)
        XCTAssertNoThrow(try code(TemplateName.smsLogin, to: "+41791112233", 2))
        XCTAssertEqual(try rig.all(TemplateName.smsLogin, to: "+41799998877").count, 1, "only Gilbert's own login")
        XCTAssertEqual(try rig.all(TemplateName.accountDeactivated, to: "bea@fiducia.ch").count, 0)
    }
}
