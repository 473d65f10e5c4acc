import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// "Gestion des mandants" and "Paramètres de délégation" against admin in process
/// (identity and notifier fakes), with a clock the test moves so a delegation's end
/// date can pass.
final class MandantDelegationTests: XCTestCase {
    var h: AdminHarness!
    var now = Date(rfc3339: "2026-11-27T09:00:00Z")!
    lazy var clock = ManualClock(now)
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220", F = "2001.100"
    var admin = "" // Gilbert, admin of Modèle SA (E)
    var fiduciary: AccountInfo!
    var fiduciarySession = "" // Fritz, admin of his own Treuhand AG (F)

    override func setUpWithError() throws {
        h = try AdminHarness(clock: clock)
        try h.createEmployer(E, "Modèle SA")
        try h.createEmployer(F, "Treuhand AG")
        let (g, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        admin = s
        h.identity.reauth(s, at: now)
        _ = g
        (fiduciary, fiduciarySession) = try h.registeredAdmin(
            F, email: "fritz@treuhand.ch", first: "Fritz", last: "Treu")
    }

    override func tearDown() {
        h?.stop()
    }

    func advance(_ s: TimeInterval) {
        now += s
        clock.set(now)
    }

    func grant(
        _ email: String = "fritz@treuhand.ch", themes: [String] = ["accounting"], endsAt: String? = nil,
        first: String? = nil, last: String? = nil
    ) throws -> DelegationInfo {
        try h.call(
            DelegationsGrant.self,
            .init(
                employer: E, email: email, themes: themes, endsAt: endsAt,
                firstName: first, lastName: last, language: first == nil ? nil : .de),
            session: admin
        ).delegation
    }

    func mandants(_ session: String) throws -> [String] {
        try h.call(AdminMe.self, Empty(), session: session).mandants.map(\.number)
    }

    func sent(_ template: String) -> [NotifierSend.Body] {
        h.notifier.wait(for: NotifierSend.type).compactMap { try? $0.decode(NotifierSend.Body.self) }
            .filter { $0.template == template }
    }

    // MARK: mandants

    func testAliasDefaultAndSearchArePerPerson() throws {
        // Fritz also serves Modèle SA as a delegate: two mandants.
        _ = try grant()
        var list = try h.call(MandantsSearch.self, .init(), session: fiduciarySession).mandants
        XCTAssertEqual(list.map(\.number), [E, F])
        XCTAssertEqual(list.map(\.delegated), [true, false])
        list = try h.call(
            MandantsUpdate.self, .init(employer: E, alias: " Modèle (Kunde 17) ", isDefault: true),
            session: fiduciarySession
        ).mandants
        XCTAssertEqual(list.map(\.number), [E, F], "the default first")
        XCTAssertEqual(list.first?.alias, "Modèle (Kunde 17)")
        XCTAssertEqual(list.map(\.isDefault), [true, false])
        list = try h.call(MandantsUpdate.self, .init(employer: F, isDefault: true), session: fiduciarySession).mandants
        XCTAssertEqual(list.map(\.number), [F, E], "only one default")
        XCTAssertEqual(list.map(\.alias), ["", "Modèle (Kunde 17)"], "the alias stays")

        func search(_ text: String) throws -> [String] {
            try h.call(MandantsSearch.self, .init(text: text), session: fiduciarySession).mandants.map(\.number)
        }
        XCTAssertEqual(try search("kunde 17"), [E], "by alias")
        XCTAssertEqual(try search("treuhand"), [F], "by name")
        XCTAssertEqual(try search("modele"), [E], "accents ignored")
        XCTAssertEqual(try search("2001.1"), [F], "by number")
        XCTAssertEqual(try search("1283220"), [E], "by number without the dot")
        XCTAssertEqual(try search("nothing"), [])
        // Kept per person: Gilbert sees no alias for his own employer.
        XCTAssertEqual(try h.call(MandantsSearch.self, .init(), session: admin).mandants.first?.alias, "")
        // admin.me carries the same facts.
        let me = try h.call(AdminMe.self, Empty(), session: fiduciarySession).mandants
        XCTAssertEqual(me.first { $0.number == E }?.alias, "Modèle (Kunde 17)")
        XCTAssertEqual(me.first { $0.number == F }?.isDefault, true)
        XCTAssertEqual(me.first { $0.number == E }?.delegated, true)
        // Not one's own mandant: not found.
        XCTAssertEqual(
            h.outcome(MandantsUpdate.self, .init(employer: "3000.300", alias: "x"), session: admin), "not_found")
        XCTAssertEqual(h.outcome(MandantsUpdate.self, .init(employer: F, alias: "x"), session: admin), "not_found")
        XCTAssertEqual(h.outcome(MandantsSearch.self, .init()), "unauthenticated")
    }

    // MARK: delegation

    func testGrantShowsTheEmployerToTheDelegateAndMarksThemInTheUserList() throws {
        let d = try grant(themes: ["salaries", "accounting"], endsAt: "2026-12-31")
        XCTAssertEqual(d.state, "active")
        XCTAssertEqual(d.endsAt, "2026-12-31T23:00:00Z", "to the end of that day in Zurich")
        XCTAssertEqual(d.email, "fritz@treuhand.ch")
        XCTAssertEqual(d.grantedBy, "gilbert@modelesa.ch")
        let mail = try XCTUnwrap(sent(TemplateName.delegationGranted).first)
        XCTAssertEqual(mail.to, "fritz@treuhand.ch")
        XCTAssertEqual(mail.params, ["firstName": "Fritz", "employerName": "Modèle SA", "employerNumber": E])
        let mine = try h.call(AdminMe.self, Empty(), session: fiduciarySession).mandants.first { $0.number == E }
        XCTAssertEqual(mine?.admin, false)
        XCTAssertEqual(mine?.themes, ["accounting", "salaries"])
        XCTAssertEqual(mine?.delegationEndsAt, "2026-12-31T23:00:00Z")
        let row = try XCTUnwrap(h.call(UsersSearch.self, .init(employer: E, text: "fritz"), session: admin).users.first)
        XCTAssertTrue(row.remarks.hasPrefix("Délégation jusqu'au 31.12.2026"), row.remarks)
        XCTAssertTrue(row.remarks.contains("Comptabilité"), row.remarks)
        let audit = try XCTUnwrap(h.audit(E, session: admin).first)
        XCTAssertEqual(audit.action, .delegationGrant)
        XCTAssertEqual(audit.target, "fritz@treuhand.ch")
        XCTAssertEqual(
            try h.call(DelegationsList.self, .init(employer: E), session: admin).delegations.map(\.delegationId),
            [d.delegationId])
        // Only an admin of the employer grants or lists.
        XCTAssertEqual(h.outcome(DelegationsList.self, .init(employer: E), session: fiduciarySession), "forbidden")
        XCTAssertEqual(
            h.outcome(
                DelegationsGrant.self, .init(employer: E, email: "x@y.ch", themes: []),
                session: fiduciarySession), "forbidden")
        // A user of the employer is no outsider; an end date in the past makes no sense.
        XCTAssertEqual(
            h.outcome(
                DelegationsGrant.self, .init(employer: E, email: "gilbert@modelesa.ch", themes: []),
                session: admin), "conflict")
        XCTAssertEqual(
            h.outcome(
                DelegationsGrant.self,
                .init(
                    employer: E, email: "a@b.ch", themes: [],
                    endsAt: "2020-01-01"), session: admin), "bad_request")
    }

    func testADelegateCanNeverHoldTheAdminRight() throws {
        _ = try grant()
        let e = try XCTUnwrap(
            { () -> ServiceError? in
                do {
                    _ = try h.call(
                        UsersUpdate.self, .init(employer: E, userId: fiduciary.accountId, admin: true), session: admin)
                } catch let e as ServiceError { return e } catch {}
                return nil
            }())
        XCTAssertEqual(e.code, .forbidden)
        XCTAssertEqual(e.field, "admin")
        XCTAssertTrue((e.remoteMessage ?? "").contains("délégu"), e.remoteMessage ?? "")
        XCTAssertFalse(
            try h.call(UsersGet.self, .init(employer: E, userId: fiduciary.accountId), session: admin).user.admin)
        // Other edits of the delegate's rights work.
        XCTAssertEqual(
            try h.call(
                UsersUpdate.self, .init(employer: E, userId: fiduciary.accountId, themes: ["documents"]),
                session: admin
            ).user.themes, ["documents"])
    }

    func testADelegationPastItsEndDateNoLongerWorks() throws {
        let d = try grant(endsAt: (now + 86400).rfc3339)
        XCTAssertEqual(try mandants(fiduciarySession), [E, F])
        advance(86400 - 1)
        XCTAssertEqual(try mandants(fiduciarySession), [E, F], "still on its last second")
        advance(1)
        XCTAssertEqual(try mandants(fiduciarySession), [F], "gone at the end date, same session")
        XCTAssertEqual(try h.call(MandantsSearch.self, .init(), session: fiduciarySession).mandants.map(\.number), [F])
        XCTAssertEqual(
            h.outcome(MandantsUpdate.self, .init(employer: E, alias: "x"), session: fiduciarySession), "not_found")
        XCTAssertEqual(
            try h.call(DelegationsList.self, .init(employer: E), session: admin).delegations.first?.state, "ended")
        XCTAssertEqual(d.state, "active")
        // The user list shows the ended delegate as deactivated only with "incl. deactivated".
        h.identity.reauth(admin, at: now)
        XCTAssertTrue(try h.call(UsersSearch.self, .init(employer: E, text: "fritz"), session: admin).users.isEmpty)
        let row = try XCTUnwrap(
            h.call(
                UsersSearch.self, .init(employer: E, text: "fritz", includeDisabled: true),
                session: admin
            ).users.first)
        XCTAssertTrue(row.disabled)
        // A new grant opens it again.
        _ = try grant()
        XCTAssertEqual(try mandants(fiduciarySession), [E, F])
    }

    func testARevokedDelegatesOpenSessionLosesTheEmployerAtOnce() throws {
        let d = try grant()
        XCTAssertEqual(try mandants(fiduciarySession), [E, F])
        let r = try h.call(DelegationsRevoke.self, .init(employer: E, delegationId: d.delegationId), session: admin)
            .delegation
        XCTAssertEqual(r.state, "revoked")
        XCTAssertEqual(try mandants(fiduciarySession), [F], "the same session, the very next request")
        XCTAssertTrue(
            try h.call(
                UsersSearch.self, .init(employer: E, text: "fritz", includeDisabled: true),
                session: admin
            ).users.isEmpty)
        XCTAssertEqual(
            try h.call(DelegationsList.self, .init(employer: E), session: admin).delegations.map(\.state), ["revoked"])
        let audit = try h.audit(E, session: admin)
        XCTAssertEqual(audit.first?.action, .delegationRevoke)
        XCTAssertEqual(
            h.outcome(DelegationsRevoke.self, .init(employer: E, delegationId: "dlg_nope"), session: admin),
            "not_found")
        XCTAssertEqual(
            h.identity.peer.requests(AccountSessionsEnd.type).count, 0, "the delegate keeps their other mandants")
    }

    func testGrantToSomeoneWithoutAccountCreatesOne() throws {
        XCTAssertEqual(
            h.outcome(
                DelegationsGrant.self, .init(employer: E, email: "new@fidu.ch", themes: ["accounting"]),
                session: admin), "bad_request", "names needed for a new account")
        let d = try grant("new@fidu.ch", first: "Nina", last: "Neu")
        XCTAssertEqual(d.displayName, "Neu, Nina")
        let created = try XCTUnwrap(h.identity.peer.requests(AccountCreate.type).last?.decode(AccountCreate.Body.self))
        XCTAssertEqual(created.email, "new@fidu.ch")
        XCTAssertEqual(created.language, .de)
        XCTAssertEqual(created.employerName, "Modèle SA")
        XCTAssertEqual(sent(TemplateName.delegationGranted).last?.to, "new@fidu.ch")
    }

    func testGrantNeedsARecentPasswordProof() throws {
        h.identity.reauth(admin, at: now - 601)
        XCTAssertEqual(
            h.outcome(
                DelegationsGrant.self, .init(employer: E, email: "fritz@treuhand.ch", themes: []),
                session: admin), "reauth_required")
        h.identity.reauth(admin, at: now - 599)
        XCTAssertEqual(
            h.outcome(
                DelegationsGrant.self, .init(employer: E, email: "fritz@treuhand.ch", themes: []),
                session: admin), "ok")
    }
}
