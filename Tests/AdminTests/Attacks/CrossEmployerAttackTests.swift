import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, item 5: Gilbert, admin of 1283.220, probes and adds people of
/// Fiducia AG (555.001, admin Bea) by their e-mail. Real identity and admin.
final class CrossEmployerAttackTests: XCTestCase {
    func testAnotherEmployersAdminLearnsNothingAndChangesNothingWithoutConsent() throws {
        let rig = try IdentityAdminRig("xea")
        defer { rig.stop() }
        let id = rig.identity.client()
        let ad = rig.admin.client()
        let bea = try rig.registeredAdmin(
            "555.001", "Fiducia AG", email: "bea@fiducia.ch", first: "Bea",
            phone: "079 111 22 33", e164: "+41791112233")
        let gilbert = try rig.gilbertAdminOfModeleSA()
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let E = "1283.220"
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let F = "555.001"
        /// A colleague Bea adds at Fiducia (variant 2: no phone, no login yet): the user id.
        func beasColleague(_ first: String) throws -> String {
            try ad.call(
                UsersCreate.self,
                .init(
                    employer: F, email: "\(first.lowercased())@fiducia.ch", firstName: first,
                    lastName: "Real", language: .fr), session: bea.session
            ).userId
        }
        let carl = try beasColleague("Carl")

        // 1. A bad phone answers alike for an account and for nobody.
        func probe(_ email: String) -> String {
            ad.outcome(
                UsersCreate.self,
                .init(
                    employer: E, email: email, firstName: "P", lastName: "Q", language: .de,
                    phone: "1"), session: gilbert.session)
        }
        XCTAssertEqual(probe("bea@fiducia.ch"), probe("nobody@nowhere.ch"))
        XCTAssertEqual(probe("bea@fiducia.ch"), "invalid_phone")

        // 2. Adding an account answers like adding a new person.
        func add(_ email: String, phone: String? = nil) throws -> UsersCreate.Reply {
            try ad.call(
                UsersCreate.self,
                .init(
                    employer: E, email: email, firstName: "Mallory", lastName: "Probe",
                    language: .de, admin: true, phone: phone), session: gilbert.session)
        }
        XCTAssertEqual(try add("bea@fiducia.ch").state, try add("newcomer@modelesa.ch").state)
        XCTAssertEqual(
            try add("carl@fiducia.ch", phone: "079 555 44 33").state,
            try add("other@modelesa.ch", phone: "079 555 44 22").state)
        XCTAssertEqual(try rig.all(TemplateName.smsEnrolment, to: "+41795554433").count, 0, "no SMS for Carl's account")

        // 3. Gilbert sees only what he typed: not her names, phone, lock or state.
        let seen = try ad.call(UsersGet.self, .init(employer: E, userId: bea.accountId), session: gilbert.session).user
        XCTAssertEqual(
            [seen.firstName, seen.lastName, seen.state.rawValue, seen.mfa.rawValue],
            ["Mallory", "Probe", "invited", ""])
        XCTAssertEqual(seen.language, .de)
        XCTAssertNil(seen.phone)
        XCTAssertNil(seen.lockedUntil)
        // Her real last name finds Gilbert himself (also a Modele), never her.
        XCTAssertFalse(
            try ad.call(UsersSearch.self, .init(employer: E, text: "Modele"), session: gilbert.session)
                .users.contains { $0.userId == bea.accountId })
        let row = try ad.call(UsersSearch.self, .init(employer: E, text: "bea@fiducia"), session: gilbert.session).users
        XCTAssertEqual(row.map(\.displayName), ["Probe, Mallory"])
        let trail = try ad.call(AuditSearch.self, .init(employer: E), session: gilbert.session)
        XCTAssertFalse("\(trail)".contains("Bea\""), "the audit trail shows what Gilbert typed, not her names")
        // His edits of her account-wide details touch only his own copy.
        for change in [
            UsersUpdate.Body(employer: E, userId: bea.accountId, lockedUntil: "2030-01-01T00:00:00Z"),
            UsersUpdate.Body(employer: E, userId: bea.accountId, firstName: "Beatrix", lastName: "Y"),
        ] {
            XCTAssertEqual(ad.outcome(UsersUpdate.self, change, session: gilbert.session), "ok")
        }
        let account = try id.call(AccountGet.self, .init(accountId: bea.accountId)).account
        XCTAssertEqual([account.firstName, account.lastName], ["Bea", "Modele"])
        XCTAssertNil(account.lockedUntil)

        // 4. Carl is not "shared": Bea still edits his names and language. Nor is Dan, to
        // whom Gilbert grants a delegation: access given to a person takes nothing from Fiducia.
        XCTAssertEqual(
            ad.outcome(
                UsersUpdate.self, .init(employer: F, userId: carl, firstName: "Carlo", language: .it),
                session: bea.session), "ok")
        XCTAssertEqual(try id.call(AccountGet.self, .init(accountId: carl)).account.firstName, "Carlo")
        let dan = try beasColleague("Dan")
        _ = try ad.call(
            DelegationsGrant.self, .init(employer: E, email: "dan@fiducia.ch", themes: ["documents"]),
            session: gilbert.session)
        XCTAssertEqual(
            ad.outcome(
                UsersUpdate.self, .init(employer: F, userId: dan, lastName: "Own", language: .de),
                session: bea.session), "ok")
        XCTAssertEqual(
            ad.outcome(
                UsersUpdate.self, .init(employer: E, userId: dan, lastName: "Taken"),
                session: gilbert.session), "forbidden", "the delegating employer is no owner")

        // 5. Nothing is granted before consent; the owner is asked by e-mail and at login.
        XCTAssertEqual(try rig.sent(TemplateName.membershipConsent, to: "bea@fiducia.ch").params["employerNumber"], E)
        XCTAssertEqual(ad.outcome(UsersSearch.self, .init(employer: E), session: bea.session), "forbidden")
        let me = try ad.call(AdminMe.self, Empty(), session: bea.session)
        XCTAssertEqual(me.mandants.map(\.number), [F])
        XCTAssertEqual(me.invitations?.map(\.employer), [E])
        XCTAssertEqual(me.invitations?.first?.admin, true)
        XCTAssertEqual(
            ad.outcome(InvitationsAnswer.self, .init(employer: "999.999", answer: .accept), session: bea.session),
            "not_found")
        _ = try ad.call(InvitationsAnswer.self, .init(employer: E, answer: .accept), session: bea.session)
        XCTAssertEqual(
            try ad.call(AdminMe.self, Empty(), session: bea.session).mandants.map(\.number), [E, F].sorted())
        XCTAssertEqual(ad.outcome(UsersSearch.self, .init(employer: E), session: bea.session), "ok")
        let after = try ad.call(UsersGet.self, .init(employer: E, userId: bea.accountId), session: gilbert.session).user
        XCTAssertEqual([after.firstName, after.state.rawValue], ["Bea", "active"], "after consent: her own account")
        XCTAssertNil(try ad.call(InvitationsList.self, Empty(), session: bea.session).invitations.first)

    }
}
