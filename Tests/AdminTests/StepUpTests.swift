import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Sensitive admin actions need the admin's password proved within the last
/// 10 minutes (identity's `reauthenticatedAt`), else `reauth_required`.
final class StepUpTests: XCTestCase {
    var h: AdminHarness!
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"
    var admin = ""
    var lea = ""

    override func setUpWithError() throws {
        (h, admin) = try AdminHarness.withGilbertAdminOf(E)
        (lea, _) = try h.addedUser(E, by: admin, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
    }
    override func tearDown() { h?.stop() }

    func create(_ email: String) -> String {
        h.outcome(
            UsersCreate.self, .init(employer: E, email: email, firstName: "A", lastName: "B", language: .fr),
            session: admin)
    }

    func testSensitiveActionsNeedARecentProof() throws {
        h.identity.reauth(admin, at: Date() - 601)
        XCTAssertEqual(create("new@modelesa.ch"), "reauth_required")
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, .init(employer: E, userId: lea, admin: true), session: admin),
            "reauth_required")
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, .init(employer: E, userId: lea, phone: "079 333 44 55"), session: admin),
            "reauth_required")
        XCTAssertEqual(h.identity.peer.requests(AccountCreate.type).count, 1, "identity untouched when refused")
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).count, 0)
        // What is not sensitive goes on without a proof.
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, .init(employer: E, userId: lea, themes: ["documents"]), session: admin), "ok")
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, .init(employer: E, userId: lea, admin: false), session: admin), "ok",
            "taking the right away is not granting it")
        // Never proved at all (a session identity reports without a proof).
        h.identity.reauth(admin, at: nil)
        XCTAssertEqual(create("new@modelesa.ch"), "reauth_required")
        // The message tells what to do.
        do {
            _ = try h.call(
                UsersCreate.self,
                .init(
                    employer: E, email: "x@modelesa.ch", firstName: "A", lastName: "B",
                    language: .fr), session: admin, lang: .de)
            XCTFail("a create without a password proof went through")
        } catch let e as ServiceError {
            XCTAssertEqual(e.code, .reauthRequired)
            XCTAssertTrue("\(e)".contains("Bitte bestätigen Sie für diese Aktion zuerst Ihr Passwort."), "\(e)")
            XCTAssertEqual(e.extras["withinS"], .number(600))
        }
        // A fresh proof (identity.session.reauth) lets them through.
        h.identity.reauth(admin, at: Date() - 5)
        XCTAssertEqual(create("new@modelesa.ch"), "ok")
        XCTAssertEqual(h.outcome(UsersUpdate.self, .init(employer: E, userId: lea, admin: true), session: admin), "ok")
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, .init(employer: E, userId: lea, phone: "079 333 44 55"), session: admin), "ok")
    }

    func testTheWindowIsConfigurable() throws {
        try h.restart(environment: ["ADMIN_STEP_UP_SECONDS": "30"])
        h.identity.reauth(admin, at: Date() - 60)
        XCTAssertEqual(create("new@modelesa.ch"), "reauth_required")
        h.identity.reauth(admin, at: Date() - 10)
        XCTAssertEqual(create("new@modelesa.ch"), "ok")
    }
}
