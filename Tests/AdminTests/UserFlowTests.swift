import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The seed's flows through the real admin process, identity and notifier faked.
final class UserFlowTests: XCTestCase {
    var h: AdminHarness!
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"

    override func setUpWithError() throws { h = try AdminHarness() }
    override func tearDown() { h.stop() }

    func testEmployerCreateValidatesAndConflicts() throws {
        let e = try h.createEmployer("1283220", "Modèle SA")
        XCTAssertEqual(e.number, "1283.220")
        XCTAssertEqual(e.status, .notInvited)
        func create(_ number: String, name: String) -> String {
            h.outcome(
                EmployerCreate.self,
                EmployerCreate.Body(number: number, name: name, street: "s", postcode: "1", city: "c", language: .de))
        }
        XCTAssertEqual(create("1283.220", name: "Other"), "conflict")
        XCTAssertEqual(create("12.3", name: "X"), "bad_request")
        XCTAssertEqual(create("999.111", name: " "), "bad_request")
        let list = try h.call(EmployerList.self, EmployerList.Body(text: "modele"))
        XCTAssertEqual(list.total, 1)
        XCTAssertEqual(list.employers.first?.name, "Modèle SA")
    }

    func testInvitationByLetterAndEmail() throws {
        try h.createEmployer(E)
        let r = try h.call(EmployerInvite.self, EmployerInvite.Body(number: E, delivery: .letter))
        XCTAssertEqual(r.expiresAt, "2027-02-25T10:00:00Z")
        let sent = h.notifier.wait(for: NotifierSend.type)
        XCTAssertEqual(sent.count, 1)
        let letter = try sent[0].decode(NotifierSend.Body.self)
        XCTAssertEqual(letter.channel, .letter)
        XCTAssertEqual(letter.template, TemplateName.invitation)
        XCTAssertEqual(letter.to, "Modèle SA\nRue d'Exemple 1\n3000 Bern")
        XCTAssertEqual(letter.params, ["code": "VEFA NUSU 2YTE", "employerName": "Modèle SA", "employerNumber": E])
        XCTAssertEqual(letter.idempotencyKey, r.notification)
        XCTAssertEqual(h.notifier.requestIds(NotifierSend.type).first ?? nil, r.notification)

        _ = try h.call(EmployerInvite.self, EmployerInvite.Body(number: E, delivery: .email, email: "Boss@Modele.ch"))
        let mail = try h.notifier.wait(for: NotifierSend.type, count: 2)[1].decode(NotifierSend.Body.self)
        XCTAssertEqual(mail.channel, .email)
        XCTAssertEqual(mail.to, "boss@modele.ch")
        XCTAssertEqual(h.outcome(EmployerInvite.self, EmployerInvite.Body(number: E, delivery: .email)), "bad_request")
        // A delivery the contract does not name is refused by field, as before it was a type.
        let fax = try h.raw(EmployerInvite.type, .object(["number": .string(E), "delivery": "fax"]))
        XCTAssertEqual(fax.error?.code, "bad_request")
        XCTAssertEqual(fax.error?.field, "delivery")
        XCTAssertEqual(
            h.outcome(EmployerInvite.self, EmployerInvite.Body(number: "999.999", delivery: .letter)), "not_found")
        XCTAssertEqual(h.identity.peer.requests(InvitationIssue.type).count, 2)
        XCTAssertEqual(try h.call(EmployerList.self, EmployerList.Body()).employers.first?.status, .invited)
        // Both invitations are in the employer's trail (never the code).
        let a = h.identity.addAccount(email: "boss@modele.ch", first: "B", last: "M")
        XCTAssertTrue(try h.sendRegistered(a, employer: E).ok)
        let trail = try h.audit(E, session: h.identity.login(a.accountId))
        let invites = trail.filter { $0.action == .employerInvite }
        XCTAssertEqual(invites.map { $0.after?["delivery"]?.stringValue }, ["email", "letter"])
        XCTAssertEqual(invites.first?.after?["email"]?.stringValue, "boss@modele.ch")
        XCTAssertFalse(try JSONCoding.encodeString(trail).contains("VEFA"))
        XCTAssertEqual(try h.call(EmployerList.self, EmployerList.Body()).employers.first?.status, .registered)
        // The code is never written to admin's database outside the outbox (which deletes delivered rows).
        h.admin.stop()
        let db = try Data(contentsOf: URL(fileURLWithPath: h.dataDir + "/admin.sqlite"))
        XCTAssertNil(db.range(of: Data("VEFA NUSU 2YTE".utf8)))
    }

    func testInvitationWritesNothingWhenIdentityFails() throws {
        try h.createEmployer(E)
        h.identity.peer.stop()
        XCTAssertEqual(h.outcome(EmployerInvite.self, EmployerInvite.Body(number: E, delivery: .letter)), "unavailable")
        XCTAssertEqual(try h.call(EmployerList.self, EmployerList.Body()).employers.first?.status, .notInvited)
    }

    func testRegistrationEventIsIdempotent() throws {
        try h.createEmployer(E)
        let a = h.identity.addAccount(email: "gilbert@modelesa.ch", first: "Gilbert", last: "Modele")
        XCTAssertTrue(try h.sendRegistered(a, employer: E, id: "evt-reg-1").ok)
        XCTAssertTrue(try h.sendRegistered(a, employer: E, id: "evt-reg-1").ok)
        let session = h.identity.login(a.accountId)
        let me = try h.call(AdminMe.self, Empty(), session: session)
        XCTAssertEqual(me.user.displayName, "Modele, Gilbert")
        XCTAssertEqual(me.mandants.count, 1)
        XCTAssertEqual(me.mandants[0].number, E)
        XCTAssertTrue(me.mandants[0].admin)
        XCTAssertEqual(me.mandants[0].themes.count, 6)
        let list = try h.call(UsersSearch.self, UsersSearch.Body(employer: E), session: session)
        XCTAssertEqual(list.total, 1)
        XCTAssertEqual(list.users[0].reference, "1'283'220")
        XCTAssertEqual(list.users[0].mfa, .sms)
        XCTAssertEqual(list.users[0].language, "F")
        XCTAssertTrue(list.users[0].remarks.hasPrefix("Administrateur connect, Comptabilité"), list.users[0].remarks)
        let audit = try h.audit(E, session: session).filter { $0.action == .userRegistered }
        XCTAssertEqual(audit.count, 1)
        // An unknown employer is refused for good (the relay then drops the event).
        let stray = try h.sendRegistered(a, employer: "999.999")
        XCTAssertEqual(stray.error?.code, "not_found")
    }

    func testAccountChangedUpdatesTheCopy() throws {
        try h.createEmployer(E)
        let (_, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let (lea, _) = try h.addedUser(E, by: s, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
        var row = try h.call(UsersSearch.self, UsersSearch.Body(employer: E, text: "lea"), session: s).users[0]
        XCTAssertEqual(row.mfa, .notEnrolled)
        let body = AccountChanged.Body(accountId: lea, mfa: .sms, state: .active, language: .it)
        XCTAssertTrue(try h.client.send(type: AccountChanged.type, body: body, id: "chg-1").ok)
        row = try h.call(UsersSearch.self, UsersSearch.Body(employer: E, text: "lea"), session: s).users[0]
        XCTAssertEqual(row.mfa, .sms)
        XCTAssertEqual(row.language, "I")
    }

    func testVariant1WithPhoneThenConfirm() throws {
        try h.createEmployer(E)
        let (_, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let r = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: E, email: "lea@modelesa.ch", firstName: "Lea",
                lastName: "Modele", language: .de, themes: ["salaries"],
                phone: "+41(79) 111 22 33"), session: s)
        XCTAssertEqual(r.state, .pendingPhone)
        let sms = h.identity.peer.requests(AccountSmsSend.type)
        XCTAssertEqual(sms.count, 1)
        XCTAssertEqual(sms[0]["phone"]?.stringValue, "+41(79) 111 22 33")
        XCTAssertEqual(
            h.outcome(
                UsersConfirmPhone.self, UsersConfirmPhone.Body(employer: E, userId: r.userId, smsCode: "000000"),
                session: s), "invalid_code")
        let ok = try h.call(
            UsersConfirmPhone.self, UsersConfirmPhone.Body(employer: E, userId: r.userId, smsCode: "123 456"),
            session: s)
        XCTAssertEqual(ok.state, .active)
        let confirm = h.identity.peer.requests(AccountSmsConfirm.type).last
        XCTAssertEqual(confirm?["employerName"]?.stringValue, "Modèle SA")
        let row = try h.call(UsersSearch.self, UsersSearch.Body(employer: E, text: "lea"), session: s).users[0]
        XCTAssertEqual(row.mfa, .sms)
        XCTAssertEqual(row.language, "D")
        XCTAssertEqual(row.remarks, "Déclarations de salaires")
        let actions = try h.audit(E, session: s).map(\.action)
        XCTAssertEqual(Array(actions.prefix(2)), [.userPhoneConfirmed, .userCreate])
    }

    func testVariant2WithoutPhoneAndFiduciaryAndConflict() throws {
        try h.createEmployer(E)
        try h.createEmployer("555.001", "Fiducia AG")
        let (_, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let r = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: E, email: "Claudine@ModeleSA.ch", firstName: "Claudine",
                lastName: "Modèle", language: .fr), session: s)
        XCTAssertEqual(r.state, .invited)
        XCTAssertEqual(h.identity.peer.requests(AccountCreate.type).last?["employerName"]?.stringValue, "Modèle SA")
        XCTAssertNil(h.identity.peer.requests(AccountCreate.type).last?["phone"])
        XCTAssertEqual(h.identity.peer.requests(AccountSmsSend.type).count, 0)
        // Same person again: conflict, and identity is not even asked.
        func create(_ email: String, _ first: String, _ last: String, themes: [String]? = nil) -> String {
            h.outcome(
                UsersCreate.self,
                UsersCreate.Body(
                    employer: E, email: email, firstName: first, lastName: last, language: .fr, themes: themes),
                session: s)
        }
        let creates = h.identity.peer.requests(AccountCreate.type).count
        XCTAssertEqual(create("claudine@modelesa.ch", "C", "M"), "conflict")
        XCTAssertEqual(h.identity.peer.requests(AccountCreate.type).count, creates)
        // Unknown theme, bad e-mail.
        XCTAssertEqual(create("x@modelesa.ch", "X", "Y", themes: ["nope"]), "bad_request")
        XCTAssertEqual(create("not-an-email", "X", "Y"), "bad_request")
        // A fiduciary: the same account gets a second employer with its own rights.
        let (_, s2) = try h.registeredAdmin("555.001", email: "boss@fiducia.ch", first: "Bea", last: "Boss")
        let again = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: "555.001", email: "claudine@modelesa.ch",
                firstName: "Claudine", lastName: "Modèle", language: .fr,
                admin: true, themes: ["documents"]), session: s2)
        XCTAssertEqual(again.userId, r.userId)
        try h.consent("555.001", accountId: r.userId)
        let claudine = h.identity.login(r.userId)
        let me = try h.call(AdminMe.self, Empty(), session: claudine)
        XCTAssertEqual(me.mandants.map(\.number), ["1283.220", "555.001"])
        XCTAssertEqual(me.mandants.map(\.admin), [false, true])
        XCTAssertEqual(me.mandants.map(\.themes), [[], ["documents"]])
    }

    func testVariant1RetryAfterARefusedPhone() throws {
        try h.createEmployer(E)
        let (_, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let body = { (phone: String) in
            UsersCreate.Body(
                employer: self.E, email: "lea@modelesa.ch", firstName: "Lea", lastName: "Modele", language: .fr,
                phone: phone)
        }
        // Identity made the account but refused the phone: nothing is written here.
        XCTAssertEqual(h.outcome(UsersCreate.self, body("12"), session: s), "invalid_phone")
        XCTAssertEqual(try h.call(UsersSearch.self, UsersSearch.Body(employer: E, text: "lea"), session: s).total, 0)
        // The retry finds the not-yet-active account and sends the SMS again.
        let r = try h.call(UsersCreate.self, body("079 111 22 33"), session: s)
        XCTAssertEqual(r.state, .pendingPhone)
        XCTAssertEqual(h.identity.peer.requests(AccountSmsSend.type).count, 2)
        let detail = try h.call(UsersGet.self, UsersGet.Body(employer: E, userId: r.userId), session: s).user
        XCTAssertEqual(detail.state, .pendingPhone)
        XCTAssertEqual(detail.phone, "+41 79 *** ** 33")
        XCTAssertEqual(detail.displayName, "Modele, Lea")
        XCTAssertFalse(detail.admin)
        XCTAssertEqual(detail.themes, [])
        XCTAssertEqual(detail.mfa, .notEnrolled)
        XCTAssertNil(detail.lockedUntil)
        XCTAssertEqual(
            h.outcome(UsersGet.self, UsersGet.Body(employer: E, userId: "acc_unknown"), session: s), "not_found")
    }

    func testIdentityRefusalWritesNothing() throws {
        try h.createEmployer(E)
        let (_, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        h.identity.failNext = .unavailable
        XCTAssertEqual(
            h.outcome(
                UsersCreate.self,
                UsersCreate.Body(
                    employer: E, email: "lea@modelesa.ch", firstName: "Lea",
                    lastName: "Modele", language: .fr), session: s), "unavailable")
        XCTAssertEqual(try h.call(UsersSearch.self, UsersSearch.Body(employer: E), session: s).total, 1)
        XCTAssertEqual(try h.audit(E, session: s).filter { $0.action == .userCreate }.count, 0)
    }
}
