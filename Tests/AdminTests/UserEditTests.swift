import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Editing users (seed steps 16–20): rights, last admin, deactivation, phone, lockout, and the audit trail.
final class UserEditTests: XCTestCase {
    var h: AdminHarness!
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"
    var admin = ""
    var adminId = ""

    override func setUpWithError() throws {
        h = try AdminHarness()
        try h.createEmployer(E)
        let (a, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        admin = s
        adminId = a.accountId
    }
    override func tearDown() { h.stop() }

    func update(_ b: UsersUpdate.Body) throws -> UserDetail { try h.call(UsersUpdate.self, b, session: admin).user }

    func testRightsAndThemesAreEditedAndAudited() throws {
        let (lea, _) = try h.addedUser(E, by: admin, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
        let u = try update(
            UsersUpdate.Body(employer: E, userId: lea, admin: true, themes: ["documents", "accounting"]))
        XCTAssertTrue(u.admin)
        XCTAssertEqual(u.themes, ["accounting", "documents"])
        XCTAssertEqual(u.remarks, "Administrateur connect, Comptabilité, Documents et correspondance")
        let entry = try XCTUnwrap(h.audit(E, session: admin).first)
        XCTAssertEqual(entry.action, .userUpdate)
        XCTAssertEqual(entry.actor, "gilbert@modelesa.ch")
        XCTAssertEqual(entry.target, "lea@modelesa.ch")
        XCTAssertEqual(entry.before?["membership"]?["admin"], .bool(false))
        XCTAssertEqual(entry.after?["membership"]?["admin"], .bool(true))
        XCTAssertEqual(entry.after?["membership"]?["themes"], .array(["accounting", "documents"]))
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: lea, themes: ["x"]), session: admin),
            "bad_request")
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: "acc_nobody"), session: admin),
            "not_found")
    }

    func testLastAdminCannotLoseTheRightOrBeDeactivated() throws {
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: adminId, admin: false), session: admin),
            "last_admin")
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: adminId, disabled: true), session: admin),
            "last_admin")
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).count, 0, "identity is not touched when refused")
        // With a second active admin, the first may step down.
        let (lea, leaSession) = try h.addedUser(
            E, by: admin, email: "lea@modelesa.ch", first: "Lea", last: "Modele", admin: true)
        XCTAssertFalse(try update(UsersUpdate.Body(employer: E, userId: adminId, admin: false)).admin)
        // Now Lea is the last one.
        XCTAssertEqual(
            h.outcome(
                UsersUpdate.self, UsersUpdate.Body(employer: E, userId: lea, disabled: true), session: leaSession),
            "last_admin")
        // A deactivated admin does not count as an active one.
        let (bob, _) = try h.addedUser(
            E, by: leaSession, email: "bob@modelesa.ch", first: "Bob", last: "B", admin: true)
        _ = try h.call(
            UsersUpdate.self, UsersUpdate.Body(employer: E, userId: bob, disabled: true), session: leaSession)
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: lea, admin: false), session: leaSession),
            "last_admin")
        XCTAssertEqual(try h.audit(E, session: leaSession).filter { $0.action == .userUpdate }.count, 2)
    }

    func testDeactivationDisablesTheAccountAndReactivation() throws {
        let (lea, leaSession) = try h.addedUser(E, by: admin, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
        let u = try update(UsersUpdate.Body(employer: E, userId: lea, disabled: true))
        XCTAssertTrue(u.disabled)
        XCTAssertEqual(u.state, .disabled)
        let call = try XCTUnwrap(h.identity.peer.requests(AccountUpdate.type).last)
        XCTAssertEqual(call["disabled"], .bool(true))
        XCTAssertEqual(call["accountId"]?.stringValue, lea)
        XCTAssertTrue(h.identity.account(lea)?.disabled == true)
        // Her next request is refused (identity says so on the session check).
        XCTAssertEqual(h.outcome(AdminMe.self, Empty(), session: leaSession), "account_disabled")
        // Hidden from the list unless "incl. deactivated".
        XCTAssertEqual(try h.call(UsersSearch.self, UsersSearch.Body(employer: E), session: admin).total, 1)
        let all = try h.call(UsersSearch.self, UsersSearch.Body(employer: E, includeDisabled: true), session: admin)
        XCTAssertEqual(all.total, 2)
        XCTAssertEqual(all.users.first { $0.userId == lea }?.disabled, true)
        // Re-enabled: identity enables the account again.
        XCTAssertFalse(try update(UsersUpdate.Body(employer: E, userId: lea, disabled: false)).disabled)
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).last?["disabled"], .bool(false))
        XCTAssertEqual(h.outcome(AdminMe.self, Empty(), session: leaSession), "ok")
    }

    func testAddingSomeoneDeactivatedElsewhereLeavesTheAccountDisabled() throws {
        try h.createEmployer("555.001", "Fiducia AG")
        let (_, other) = try h.registeredAdmin("555.001", email: "boss@fiducia.ch", first: "Bea", last: "Boss")
        let (lea, _) = try h.addedUser(E, by: admin, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
        _ = try update(UsersUpdate.Body(employer: E, userId: lea, disabled: true))
        XCTAssertEqual(h.identity.account(lea)?.disabled, true)
        let updates = h.identity.peer.requests(AccountUpdate.type).count
        let r = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: "555.001", email: "lea@modelesa.ch", firstName: "Lea",
                lastName: "Modele", language: .fr), session: other)
        XCTAssertEqual(r.userId, lea)
        XCTAssertEqual(r.state, .invited, "no more than docs/contract.md's states about someone else's account")
        // Another employer's admin does not bring an account back to life.
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).count, updates)
        XCTAssertEqual(h.identity.account(lea)?.disabled, true)
        XCTAssertEqual(h.outcome(AdminMe.self, Empty(), session: h.identity.login(lea)), "account_disabled")
        // Until she consents, the new membership shows only what its admin typed (issue 18, item 5).
        let shown = try h.call(UsersGet.self, UsersGet.Body(employer: "555.001", userId: lea), session: other).user
        XCTAssertEqual(shown.state, .invited)
    }

    func testDeactivatingAFiduciaryInOneEmployerKeepsTheAccountAndItsSessions() throws {
        try h.createEmployer("555.001", "Fiducia AG")
        let (_, other) = try h.registeredAdmin("555.001", email: "boss@fiducia.ch", first: "Bea", last: "Boss")
        let (fid, fidSession) = try h.addedUser(
            E, by: admin, email: "fid@fiducia.ch", first: "Fritz", last: "Fid",
            admin: true)
        _ = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: "555.001", email: "fid@fiducia.ch", firstName: "Fritz",
                lastName: "Fid", language: .fr, admin: true), session: other)
        try h.consent("555.001", accountId: fid)
        XCTAssertEqual(h.outcome(UsersSearch.self, UsersSearch.Body(employer: E), session: fidSession), "ok")
        _ = try update(UsersUpdate.Body(employer: E, userId: fid, disabled: true))
        XCTAssertNil(h.identity.peer.requests(AccountUpdate.type).last?["disabled"] ?? nil)
        XCTAssertEqual(h.identity.account(fid)?.disabled, false)
        // One employer does not end the person's work at the others: no session ended, no account-wide notice.
        XCTAssertEqual(h.identity.peer.requests(AccountSessionsEnd.type).count, 0)
        XCTAssertEqual(h.outcome(UsersSearch.self, UsersSearch.Body(employer: "555.001"), session: fidSession), "ok")
        // This employer refuses them at once: every request checks the membership.
        XCTAssertEqual(h.outcome(UsersSearch.self, UsersSearch.Body(employer: E), session: fidSession), "forbidden")
        let me = try h.call(AdminMe.self, Empty(), session: fidSession)
        XCTAssertEqual(me.mandants.map(\.number), ["555.001"])
        // No account-wide notice: that is identity's, sent only for `disabled: true`, never asked above.
        XCTAssertFalse(h.identity.peer.requests(AccountUpdate.type).contains { $0["disabled"] != nil })
        XCTAssertEqual(try h.audit(E, session: admin).first?.after?["membership"]?["disabled"], .bool(true))
    }

    func testNamesLanguagePhoneAndLockout() throws {
        let (lea, _) = try h.addedUser(E, by: admin, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
        h.identity.setLocked(lea, until: "2026-11-27T10:15:00Z")
        XCTAssertEqual(
            try h.call(UsersGet.self, UsersGet.Body(employer: E, userId: lea), session: admin).user.lockedUntil,
            "2026-11-27T10:15:00Z")
        // lockedUntil: null clears the lockout.
        let cleared = try h.raw(
            UsersUpdate.type, .object(["employer": .string(E), "userId": .string(lea), "lockedUntil": .null]),
            session: admin)
        XCTAssertTrue(cleared.ok, "\(String(describing: cleared.error))")
        XCTAssertEqual(h.identity.peer.requests(AccountUpdate.type).last?["clearLockout"], .bool(true))
        XCTAssertNil(h.identity.account(lea)?.lockedUntil)
        let u = try update(
            UsersUpdate.Body(
                employer: E, userId: lea, firstName: "Léa", lastName: "Modèle", language: .it,
                phone: "079 111 22 44"))
        XCTAssertEqual(u.displayName, "Modèle, Léa")
        XCTAssertEqual(u.language, .it)
        // The new phone is not in force until its code is typed (issue 18, item 6).
        XCTAssertNil(u.phone)
        let sent = try XCTUnwrap(h.identity.peer.requests(AccountUpdate.type).last)
        XCTAssertNil(sent["phone"] ?? nil, "admin never sets a phone without its code")
        XCTAssertEqual(sent["firstName"]?.stringValue, "Léa")
        XCTAssertEqual(h.identity.peer.requests(AccountSmsSend.type).last?["phone"]?.stringValue, "079 111 22 44")
        _ = try h.call(
            UsersConfirmPhone.self, .init(employer: E, userId: lea, smsCode: FakeIdentity.smsCode), session: admin)
        XCTAssertEqual(
            try h.call(UsersGet.self, .init(employer: E, userId: lea), session: admin).user.phone,
            "+41 79 *** ** 44")
        XCTAssertEqual(
            try h.call(UsersSearch.self, UsersSearch.Body(employer: E, text: "lea modele"), session: admin)
                .users.map(\.displayName), ["Modèle, Léa"])
        XCTAssertEqual(
            h.outcome(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: lea, phone: "12"), session: admin),
            "invalid_phone")
        let entries = try h.audit(E, session: admin)
        XCTAssertEqual(entries.first?.action, .userPhoneConfirmed)
        XCTAssertEqual(entries[1].after?["phoneCodeSentTo"]?.stringValue, "+41 79 *** ** 33")
        XCTAssertEqual(entries[1].before?["user"]?["firstName"]?.stringValue, "Lea")
        XCTAssertEqual(entries[2].after?["lockout"]?.stringValue, "cleared")
        // Nothing in the trail is a secret: no phone in clear, no code, no token.
        let text = try JSONCoding.encodeString(entries)
        XCTAssertFalse(text.contains("079 111 22 44"))
        XCTAssertFalse(text.contains("tok_"))
    }

    func testAuditSearchIsNewestFirstAndPaged() throws {
        for i in 0..<4 {
            _ = try h.addedUser(E, by: admin, email: "u\(i)@modelesa.ch", first: "U\(i)", last: "X")
        }
        let all = try h.call(AuditSearch.self, AuditSearch.Body(employer: E), session: admin)
        XCTAssertEqual(all.total, 6) // employer, registration, 4 creations
        XCTAssertEqual(
            all.entries.map(\.action),
            [
                .userCreate, .userCreate, .userCreate, .userCreate,
                .userRegistered, .employerCreate,
            ])
        XCTAssertEqual(all.entries.last?.actor, "staff (uid \(getuid()))")
        XCTAssertEqual(all.entries.first?.target, "u3@modelesa.ch")
        let page = try h.call(AuditSearch.self, AuditSearch.Body(employer: E, offset: 1, limit: 2), session: admin)
        XCTAssertEqual(page.total, 6)
        XCTAssertEqual(page.entries.map(\.target), ["u2@modelesa.ch", "u1@modelesa.ch"])
        XCTAssertNotNil(Date(rfc3339: page.entries[0].at))
    }
}
