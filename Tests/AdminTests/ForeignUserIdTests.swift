import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The target user is looked up within the caller's employer, never by account id
/// alone: Gilbert, admin of 1283.220, names a user of Fiducia (555.001) with his
/// own employer, and nothing is read or changed.
final class ForeignUserIdTests: XCTestCase {
    func testAUserOfAnotherEmployerIsNotFoundAndStaysAsTheyAre() throws {
        let h = try AdminHarness()
        defer { h.stop() }
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let E = "1283.220"
        // Upper case on purpose: employer numbers, named as in the brief's examples.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let F = "555.001"
        try h.createEmployer(E)
        try h.createEmployer(F, "Fiducia AG")
        let (_, gilbert) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let (_, bea) = try h.registeredAdmin(F, email: "bea@fiducia.ch", first: "Bea", last: "Boss")
        // Carl of Fiducia, variant 1: his SMS code is waiting for Bea to type.
        let carl = try h.call(
            UsersCreate.self,
            .init(
                employer: F, email: "carl@fiducia.ch", firstName: "Carl",
                lastName: "Real", language: .fr, themes: ["documents"],
                phone: "079 123 45 67"), session: bea
        ).userId
        let before = try h.call(UsersGet.self, .init(employer: F, userId: carl), session: bea).user
        let asked = {
            [AccountGet.type, AccountUpdate.type, AccountSmsSend.type, AccountSmsConfirm.type]
                .map { h.identity.peer.requests($0).count }
        }
        let identityBefore = asked()
        let auditBefore = try h.audit(F, session: bea).count

        let attempts: [(String, String)] = [
            ("get", h.outcome(UsersGet.self, .init(employer: E, userId: carl), session: gilbert)),
            (
                "update names",
                h.outcome(
                    UsersUpdate.self, .init(employer: E, userId: carl, firstName: "Mallory"),
                    session: gilbert)
            ),
            (
                "update rights",
                h.outcome(
                    UsersUpdate.self, .init(employer: E, userId: carl, admin: false, themes: []),
                    session: gilbert)
            ),
            (
                "deactivate",
                h.outcome(UsersUpdate.self, .init(employer: E, userId: carl, disabled: true), session: gilbert)
            ),
            (
                "phone",
                h.outcome(
                    UsersUpdate.self, .init(employer: E, userId: carl, phone: "079 999 88 77"),
                    session: gilbert)
            ),
            (
                "confirm",
                h.outcome(
                    UsersConfirmPhone.self, .init(employer: E, userId: carl, smsCode: FakeIdentity.smsCode),
                    session: gilbert)
            ),
        ]
        for (what, outcome) in attempts { XCTAssertEqual(outcome, "not_found", what) }
        // With Fiducia's number he is no admin there.
        XCTAssertEqual(h.outcome(UsersGet.self, .init(employer: F, userId: carl), session: gilbert), "forbidden")

        XCTAssertEqual(asked(), identityBefore, "identity was never asked")
        XCTAssertEqual(try h.call(UsersGet.self, .init(employer: F, userId: carl), session: bea).user, before)
        XCTAssertEqual(h.identity.account(carl)?.state, .pendingPhone)
        XCTAssertEqual(try h.audit(F, session: bea).count, auditBefore)
        XCTAssertTrue(try h.audit(E, session: gilbert).allSatisfy { $0.target != "carl@fiducia.ch" })
    }
}
