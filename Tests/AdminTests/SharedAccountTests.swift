import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// One account, several employers: an employer's admin manages the person's
/// membership here, never the account the other employers rely on (the phone
/// that receives the login codes, the lockout, names, language, the sessions).
final class SharedAccountTests: XCTestCase {
    var h: AdminHarness!
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220", F = "555.001"

    override func setUpWithError() throws { h = try AdminHarness() }
    override func tearDown() { h.stop() }

    /// The reviewer's scenario: Gilbert (admin of 1283.220 only) adds Bea (admin of 555.001).
    func testAnotherEmployersAdminCannotTakeOverTheAccount() throws {
        try h.createEmployer(E)
        try h.createEmployer(F, "Fiducia AG")
        let (_, gilbert) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let (bea, beaSession) = try h.registeredAdmin(F, email: "bea@fiducia.ch", first: "Bea", last: "Boss")
        let phoneBefore = bea.maskedPhone
        func create(phone: String?) -> (String, String?) {
            do {
                let r = try h.call(
                    UsersCreate.self,
                    UsersCreate.Body(
                        employer: E, email: "bea@fiducia.ch", firstName: "B",
                        lastName: "X", language: .it, admin: true, phone: phone),
                    session: gilbert)
                return (r.state.rawValue, nil)
            } catch let e as ServiceError { return (e.code.rawValue, e.field) } catch { return ("\(error)", nil) }
        }

        // Variant 1 with her e-mail: answered as for a new person, but no SMS to anyone,
        // no phone change, and nothing in force before she consents (issue 18, item 5).
        XCTAssertEqual(create(phone: "079 999 88 77").0, "pendingPhone")
        XCTAssertEqual(h.identity.peer.requests(AccountSmsSend.type).count, 0)
        XCTAssertEqual(create(phone: nil).0, "conflict", "listed here already")
        XCTAssertEqual(h.outcome(UsersSearch.self, UsersSearch.Body(employer: E), session: beaSession), "forbidden")
        XCTAssertEqual(
            h.outcome(
                UsersConfirmPhone.self,
                .init(
                    employer: E, userId: bea.accountId,
                    smsCode: FakeIdentity.smsCode), session: gilbert),
            "invalid_code")
        try h.consent(E, accountId: bea.accountId)
        XCTAssertEqual(h.identity.peer.requests(AccountSmsSend.type).count, 0)
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).count, 0)

        // The account-wide details are hers: each is refused, identity is never asked.
        func edit(_ b: UsersUpdate.Body) -> (String, String?) {
            do {
                _ = try h.call(UsersUpdate.self, b, session: gilbert)
                return ("ok", nil)
            } catch let e as ServiceError { return (e.code.rawValue, e.field) } catch { return ("\(error)", nil) }
        }
        XCTAssertEqual(
            edit(UsersUpdate.Body(employer: E, userId: bea.accountId, phone: "079 999 88 77")).0, "forbidden")
        XCTAssertEqual(edit(UsersUpdate.Body(employer: E, userId: bea.accountId, phone: "079 999 88 77")).1, "phone")
        XCTAssertEqual(
            edit(UsersUpdate.Body(employer: E, userId: bea.accountId, lockedUntil: "2030-01-01T00:00:00Z")).0,
            "forbidden")
        XCTAssertEqual(edit(UsersUpdate.Body(employer: E, userId: bea.accountId, clearLockout: true)).0, "forbidden")
        let unblock = try h.raw(
            UsersUpdate.type,
            .object([
                "employer": .string(E), "userId": .string(bea.accountId),
                "lockedUntil": .null,
            ]), session: gilbert)
        XCTAssertEqual(unblock.error?.code, "forbidden")
        XCTAssertEqual(
            unblock.error?.message,
            "Cette personne agit aussi pour d'autres entreprises : elle seule peut "
                + "modifier ces données dans son profil.")
        XCTAssertEqual(edit(UsersUpdate.Body(employer: E, userId: bea.accountId, firstName: "Beatrix")).0, "forbidden")
        XCTAssertEqual(edit(UsersUpdate.Body(employer: E, userId: bea.accountId, lastName: "Gilbert")).0, "forbidden")
        XCTAssertEqual(edit(UsersUpdate.Body(employer: E, userId: bea.accountId, language: .de)).0, "forbidden")
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).count, 0)
        let account = try XCTUnwrap(h.identity.account(bea.accountId))
        XCTAssertEqual(account.maskedPhone, phoneBefore)
        XCTAssertEqual([account.firstName, account.lastName], ["Bea", "Boss"])
        XCTAssertNil(account.lockedUntil)
        // Unchanged names (a form sent back whole) and this employer's own rights are fine.
        XCTAssertEqual(
            edit(
                UsersUpdate.Body(
                    employer: E, userId: bea.accountId, firstName: "Bea", lastName: "Boss",
                    themes: ["documents"])
            ).0, "ok")

        // While her membership here is active she may act here; deactivating it
        // refuses this employer at once and leaves her work at Fiducia untouched.
        XCTAssertEqual(h.outcome(UsersSearch.self, UsersSearch.Body(employer: E), session: beaSession), "ok")
        XCTAssertEqual(edit(UsersUpdate.Body(employer: E, userId: bea.accountId, disabled: true)).0, "ok")
        XCTAssertEqual(h.identity.peer.requests(AccountSessionsEnd.type).count, 0)
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).count, 0)
        XCTAssertEqual(h.outcome(UsersSearch.self, UsersSearch.Body(employer: E), session: beaSession), "forbidden")
        XCTAssertEqual(h.outcome(UsersSearch.self, UsersSearch.Body(employer: F), session: beaSession), "ok")
        XCTAssertEqual(try h.call(AdminMe.self, Empty(), session: beaSession).mandants.map(\.number), [F])
        // No account-wide notice: that is identity's, sent only for `disabled: true`, never asked above.
        XCTAssertFalse(h.identity.peer.requests(AccountUpdate.type).contains { $0["disabled"] != nil })
        // Locking her is still refused while she is deactivated here: she is active at Fiducia.
        XCTAssertEqual(
            edit(UsersUpdate.Body(employer: E, userId: bea.accountId, lockedUntil: "2030-01-01T00:00:00Z")).0,
            "forbidden")
    }

    /// An account identity knows but no employer here lists (admin has no copy):
    /// still someone's, so a phone given for it gets no SMS and changes nothing;
    /// the owner is asked for consent.
    func testAPhoneForAnAccountOnlyIdentityKnowsSendsNothing() throws {
        try h.createEmployer(E)
        let (_, gilbert) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let elsewhere = h.identity.addAccount(email: "max@example.ch", first: "Max", last: "Muster")
        XCTAssertEqual(
            h.outcome(
                UsersCreate.self,
                UsersCreate.Body(
                    employer: E, email: "max@example.ch", firstName: "Max",
                    lastName: "Muster", language: .fr, phone: "079 123 45 67"),
                session: gilbert), "ok")
        XCTAssertEqual(h.identity.peer.requests(AccountSmsSend.type).count, 0)
        XCTAssertEqual(h.identity.account(elsewhere.accountId)?.maskedPhone, elsewhere.maskedPhone)
        let asked = try h.notifier.wait(for: NotifierSend.type) { sent in
            try sent.contains { try $0.decode(NotifierSend.Body.self).template == TemplateName.membershipConsent }
        }.map { try $0.decode(NotifierSend.Body.self) }
            .filter { $0.template == TemplateName.membershipConsent }
        XCTAssertEqual(asked.map(\.to), ["max@example.ch"])
    }

    /// Someone only this employer has: its admin still edits the whole profile.
    func testAPersonOnlyHereIsStillFullyEditable() throws {
        try h.createEmployer(E)
        try h.createEmployer(F, "Fiducia AG")
        let (_, gilbert) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let (_, bea) = try h.registeredAdmin(F, email: "bea@fiducia.ch", first: "Bea", last: "Boss")
        let (lea, _) = try h.addedUser(E, by: gilbert, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
        // Lea deactivated at Fiducia: only 1283.220 has her actively.
        _ = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: F, email: "lea@modelesa.ch", firstName: "Lea",
                lastName: "Modele", language: .fr), session: bea)
        try h.consent(F, accountId: lea)
        _ = try h.call(UsersUpdate.self, UsersUpdate.Body(employer: F, userId: lea, disabled: true), session: bea)
        let u = try h.call(
            UsersUpdate.self,
            UsersUpdate.Body(
                employer: E, userId: lea, firstName: "Léa", phone: "079 111 22 44",
                clearLockout: true), session: gilbert)
        XCTAssertEqual(u.user.displayName, "Modele, Léa")
        XCTAssertEqual(u.next, .confirmPhone)
        _ = try h.call(
            UsersConfirmPhone.self, .init(employer: E, userId: lea, smsCode: FakeIdentity.smsCode), session: gilbert)
        XCTAssertEqual(
            try h.call(UsersGet.self, .init(employer: E, userId: lea), session: gilbert).user.phone,
            "+41 79 *** ** 44")
    }
}
