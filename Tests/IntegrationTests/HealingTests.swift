import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 14 (3) and issue 18 (13): copies that heal. `admin.users.update` is two
/// steps — identity's `account.update`, then admin's own transaction. Admin is
/// killed between them (the first step is made directly, as admin would have made
/// it, while admin is dead): identity's `admin.account.changed`, announced through
/// its outbox whoever asked, brings admin's list up to date when admin is back; and
/// the last-admin compensation goes through admin's outbox, so it is not lost.
final class HealingTests: XCTestCase {
    var trio: Trio!
    override func setUpWithError() throws {
        trio = Trio(prefix: "hl")
        try trio.start()
    }
    override func tearDown() { trio?.remove() }

    func waitFor(_ what: String, timeout: TimeInterval = 30, _ check: () throws -> Bool) throws {
        if Poll.until(timeout: timeout, every: 0.05, { (try? check()) == true }) { return }
        XCTFail("never happened: \(what)")
    }

    func testAdminKilledBetweenIdentitysChangeAndItsOwnWriteCatchesUp() throws {
        let flows = Flows(trio)
        let (_, session) = try flows.employerWithAdmin(
            number: "4803.100", name: "Heal SA", email: "heal.admin@example.ch",
            phone: "+41799990201", password: "Velo-Rouge-1848")
        let lea = try flows.createUser(
            session: session, employer: "4803.100", email: "lea.heal@example.ch",
            firstName: "Lea", lastName: "Heal", phone: nil)
        // Step one done, then admin dies before step two.
        trio[ServiceName.admin].kill()
        let identity = trio[ServiceName.identity].client()
        _ = try identity.call(AccountUpdate.self, .init(accountId: lea, firstName: "Léa-Marie", language: .it))
        _ = try identity.call(AccountUpdate.self, .init(accountId: lea, disabled: true))
        try trio[ServiceName.admin].start()
        let session2 = try flows.login(
            email: "heal.admin@example.ch", password: "Velo-Rouge-1848", phone: "+41799990201")
        try waitFor("admin lists Léa-Marie, disabled, in Italian") {
            let rows = try flows.admin.call(
                UsersSearch.self, .init(employer: "4803.100", includeDisabled: true),
                session: session2
            ).users
            guard let row = rows.first(where: { $0.userId == lea }) else { return false }
            return row.displayName.contains("Léa-Marie") && row.disabled && row.language == "I"
        }
        let audit = try flows.admin.call(AuditSearch.self, .init(employer: "4803.100"), session: session2).entries
        XCTAssertTrue(
            audit.contains { $0.actor.hasPrefix("identity") && $0.target == "lea.heal@example.ch" },
            "the healed deactivation is in the audit trail")
    }

    func testLastAdminDisabledWhileAdminWasDownIsGivenBackThroughTheOutbox() throws {
        let flows = Flows(trio)
        let (account, _) = try flows.employerWithAdmin(
            number: "4803.200", name: "Heal Two SA", email: "only.admin@example.ch",
            phone: "+41799990202", password: "Velo-Rouge-1848")
        trio[ServiceName.admin].kill()
        let identity = trio[ServiceName.identity].client()
        _ = try identity.call(AccountUpdate.self, .init(accountId: account, disabled: true))
        try trio[ServiceName.admin].start()
        try waitFor("identity has the last admin's account enabled again") {
            try !identity.call(AccountGet.self, .init(accountId: account)).account.disabled
        }
        let session = try flows.login(
            email: "only.admin@example.ch", password: "Velo-Rouge-1848", phone: "+41799990202")
        let me = try flows.admin.call(AdminMe.self, Empty(), session: session)
        XCTAssertTrue(me.mandants.contains { $0.number == "4803.200" && $0.admin }, "still the employer's admin")
    }
}
