import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The owner's answer to an employer's invitation (identity a fake): declining
/// removes them from the employer's list; an invitation the admin withdrew
/// (deactivated) can no longer be accepted.
final class ConsentTests: XCTestCase {
    func testDeclineRemovesTheMembershipAndAWithdrawnInvitationCannotBeAccepted() throws {
        let h = try AdminHarness()
        defer { h.stop() }
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let E = "1283.220"
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let F = "555.001"
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let G = "777.001"
        try h.createEmployer(E)
        try h.createEmployer(F, "Fiducia AG")
        try h.createEmployer(G, "Dritte AG")
        let (_, gilbert) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let (bea, beaSession) = try h.registeredAdmin(F, email: "bea@fiducia.ch", first: "Bea", last: "Boss")
        let (_, greta) = try h.registeredAdmin(G, email: "greta@dritte.ch", first: "Greta", last: "Dritt")
        for (employer, session) in [(E, gilbert), (G, greta)] {
            _ = try h.call(
                UsersCreate.self,
                .init(
                    employer: employer, email: "bea@fiducia.ch", firstName: "B",
                    lastName: "X", language: .de), session: session)
        }
        XCTAssertEqual(
            try h.call(InvitationsList.self, Empty(), session: beaSession).invitations.map(\.employer), [E, G])

        // Declined: gone from Gilbert's list, recorded in his employer's trail.
        let r = try h.call(InvitationsAnswer.self, .init(employer: E, answer: .decline), session: beaSession)
        XCTAssertEqual(r.answer, .decline)
        XCTAssertEqual(
            h.outcome(UsersGet.self, .init(employer: E, userId: bea.accountId), session: gilbert), "not_found")
        XCTAssertEqual(try h.call(UsersSearch.self, .init(employer: E, text: "bea"), session: gilbert).total, 0)
        XCTAssertEqual(try h.audit(E, session: gilbert).first?.action, .userConsentDeclined)
        XCTAssertEqual(
            h.outcome(InvitationsAnswer.self, .init(employer: E, answer: .accept), session: beaSession),
            "not_found")

        // Greta withdraws hers (deactivates the waiting membership): nothing left to accept.
        _ = try h.call(UsersUpdate.self, .init(employer: G, userId: bea.accountId, disabled: true), session: greta)
        XCTAssertEqual(h.identity.account(bea.accountId)?.disabled, false, "her account is not Greta's to disable")
        XCTAssertEqual(try h.call(InvitationsList.self, Empty(), session: beaSession).invitations, [])
        XCTAssertEqual(
            h.outcome(InvitationsAnswer.self, .init(employer: G, answer: .accept), session: beaSession),
            "not_found")
        XCTAssertEqual(try h.call(AdminMe.self, Empty(), session: beaSession).mandants.map(\.number), [F])
        XCTAssertNil(try h.call(AdminMe.self, Empty(), session: beaSession).invitations)
    }
}
