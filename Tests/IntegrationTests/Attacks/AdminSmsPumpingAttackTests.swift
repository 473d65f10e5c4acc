import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, item 1 through admin: `admin.users.create {phone}` with a fresh
/// e-mail each time, against the three real services. Identity counts the SMS
/// to never-confirmed numbers per employer (admin names it) and fund-wide.
final class AdminSmsPumpingAttackTests: XCTestCase {
    var trio: Trio!

    override func tearDown() { trio?.remove() }

    func testUsersCreateWithFreshEmailsRunsOutOfTheEmployersSmsBudget() throws {
        trio = Trio(
            prefix: "sp",
            extra: [
                "IDENTITY_SMS_NEW_NUMBERS_PER_EMPLOYER": "3",
                "IDENTITY_SMS_NEW_NUMBERS_PER_HOUR": "5",
            ])
        try trio.start()
        let flows = Flows(trio)
        let admin = try flows.employerWithAdmin(
            number: "1283.220", name: "Modèle SA", email: "chef@modele.ch",
            phone: "+41791112233", password: "Zebra-Crossing-42") // 1 new number
        var answers: [String] = []
        for i in 0..<4 {
            do {
                _ = try flows.admin.call(
                    UsersCreate.self,
                    .init(
                        employer: "1283.220", email: "pump\(i)@example.ch", firstName: "P", lastName: "P\(i)",
                        language: .de,
                        admin: false, themes: [], phone: "+41 79 700 00 0\(i)"), session: admin.session)
                answers.append("ok")
            } catch let e as ServiceError { answers.append(e.code.rawValue) }
        }
        XCTAssertEqual(answers, ["ok", "ok", "rate_limited", "rate_limited"], "the employer's 3 new numbers an hour")
        XCTAssertTrue(flows.outbox.files("sms", to: "+41797000002").isEmpty)
        // Another employer has its own budget, until the fund's (5) is spent.
        let other = try flows.employerWithAdmin(
            number: "4711.001", name: "Autre SA", email: "boss@autre.ch",
            phone: "+41782223344", password: "Zebra-Crossing-42") // 4th
        _ = try flows.admin.call(
            UsersCreate.self,
            .init(
                employer: "4711.001", email: "a@autre.ch", firstName: "A",
                lastName: "A", language: .fr, admin: false, themes: [],
                phone: "+41 79 800 00 01"), session: other.session) // 5th
        let refused = try flows.admin.send(
            type: UsersCreate.type,
            body: UsersCreate.Body(
                employer: "4711.001", email: "b@autre.ch", firstName: "B", lastName: "B", language: .fr, admin: false,
                themes: [], phone: "+41 79 800 00 02"), session: other.session)
        XCTAssertEqual(refused.error?.code, "rate_limited")
        let health = try trio[ServiceName.identity].client().call(Health.self, Empty())
        XCTAssertEqual(health.smsBudget?.spent, true)
        XCTAssertTrue(trio[ServiceName.identity].log().contains("sms.new_number_budget_spent"))
        // Logins to confirmed numbers go on.
        _ = try flows.login(email: "chef@modele.ch", password: "Zebra-Crossing-42", phone: "+41791112233")
    }
}
