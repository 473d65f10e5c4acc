import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, item 1: SMS pumping (codes sent to premium numbers at the fund's
/// cost) through first-login enrolment, admin's variant 1, and foreign numbers.
final class SmsPumpingAttackTests: IdentityTestCase {
    func smsCount() -> Int {
        h.notifier.requests(NotifierSend.type).compactMap { try? $0.decode(NotifierSend.Body.self) }
            .filter { $0.channel == .sms }.count
    }

    /// An account with a password and no phone loops `login.start` → `smsEnroll`
    /// to ever new numbers: at most 5 SMS an hour for the account, whatever the challenges.
    func testFirstLoginEnrolmentCannotSpraySmsOverNewNumbers() throws {
        h = try IdentityHarness()
        let email = "lea@modele.ch"
        let password = "Zebra-Crossing-42"
        _ = try h.invitedWithPassword(email: email, password: password)
        var sent = 0
        var limited = 0
        for round in 0..<4 {
            let challenge = try h.call(LoginStart.self, .init(email: email, password: password))
            XCTAssertEqual(challenge.next, .enrollSms)
            for n in 0..<5 {
                do {
                    try h.call(
                        LoginSmsEnroll.self,
                        .init(
                            challengeId: challenge.challengeId,
                            phone: "+41 79 5\(round)\(n) 00 00"))
                    sent += 1
                } catch let e as ServiceError {
                    XCTAssertEqual(e.code, .rateLimited)
                    limited += 1
                }
            }
        }
        XCTAssertEqual(sent, 5, "5 SMS an hour per account across every challenge")
        XCTAssertEqual(limited, 15)
        XCTAssertEqual(smsCount(), 5)
        XCTAssertGreaterThan(h.logCount("security.sms_limited"), 0)
        // An hour later the account may enrol again (the cap is a rate, not a ban).
        h.advance(3601)
        let challenge = try h.call(LoginStart.self, .init(email: email, password: password))
        try h.call(LoginSmsEnroll.self, .init(challengeId: challenge.challengeId, phone: "+41 79 600 00 00"))
    }

    /// `admin.users.create {phone}` with a fresh e-mail each time: the employer's
    /// hourly budget of SMS to numbers never confirmed runs out.
    func testAdminVariantOneWithFreshEmailsRunsOutOfTheEmployersBudget() throws {
        h = try IdentityHarness(environment: ["IDENTITY_SMS_NEW_NUMBERS_PER_EMPLOYER": "3"])
        var answers: [String] = []
        for i in 0..<6 {
            let account = try h.call(
                AccountCreate.self,
                .init(
                    email: "new\(i)@modele.ch", firstName: "N", lastName: "N\(i)", language: .fr,
                    phone: "+41 79 700 00 0\(i)", employerName: "Modèle SA", employerNumber: "1283.220")
            ).account
            do {
                try h.call(
                    AccountSmsSend.self,
                    .init(
                        accountId: account.accountId, phone: "+41 79 700 00 0\(i)",
                        employerNumber: "1283.220"))
                answers.append("sent")
            } catch let e as ServiceError { answers.append(e.code.rawValue) }
        }
        XCTAssertEqual(answers, ["sent", "sent", "sent", "rate_limited", "rate_limited", "rate_limited"])
        // Another employer has its own budget.
        let other = try h.call(
            AccountCreate.self,
            .init(
                email: "x@autre.ch", firstName: "X", lastName: "Y", language: .fr,
                phone: "+41 79 800 00 00", employerNumber: "9999.001")
        ).account
        try h.call(
            AccountSmsSend.self,
            .init(
                accountId: other.accountId, phone: "+41 79 800 00 00",
                employerNumber: "9999.001"))
    }

    /// Once the fund-wide budget of new numbers is spent: new enrolments are
    /// refused, logged as an error and shown in `health`; logins to a confirmed number go on.
    func testSpentFundBudgetRefusesEnrolmentsNotLogins() throws {
        h = try IdentityHarness(environment: ["IDENTITY_SMS_NEW_NUMBERS_PER_HOUR": "3"])
        try h.register(email: "gilbert@modele.ch", password: "Zebra-Crossing-42", phone: "079 111 22 33") // 1 new
        /// An account admin creates with a phone of its own (a new number).
        func created(_ i: Int) throws -> String {
            try h.call(
                AccountCreate.self,
                .init(
                    email: "n\(i)@modele.ch", firstName: "N", lastName: "N",
                    language: .fr, phone: "+41 79 900 00 0\(i)")
            ).account.accountId
        }
        for i in 0..<2 {
            try h.call(AccountSmsSend.self, .init(accountId: try created(i), phone: "+41 79 900 00 0\(i)"))
        }
        XCTAssertEqual(try h.call(Health.self, Empty()).smsBudget?.spent, false)
        let refused = h.error(AccountSmsSend.self, .init(accountId: try created(9), phone: "+41 79 900 00 09"))
        XCTAssertEqual(refused.code, .rateLimited)
        XCTAssertNotNil(refused.extras["retryAfterS"])
        let loud = h.log().components(separatedBy: "\n").filter { $0.contains("sms.new_number_budget_spent") }
        XCTAssertEqual(loud.count, 1)
        XCTAssertTrue(loud.allSatisfy { $0.contains("\"level\":\"error\"") }, "\(loud)")
        let health = try XCTUnwrap(try h.call(Health.self, Empty()).smsBudget)
        XCTAssertTrue(health.spent)
        XCTAssertEqual(health.newNumbersPerHour, 3)
        XCTAssertEqual(health.newNumbersLastHour, 3)
        XCTAssertNotNil(health.spentUntil)
        // The confirmed number still gets its login code.
        _ = try h.login(email: "gilbert@modele.ch", password: "Zebra-Crossing-42", phone: "079 111 22 33")
    }

    /// Only the fund's countries: the mobiles of CH, LI, DE, FR, IT, AT by default.
    func testOnlyTheAllowedCountriesMobilesReceiveCodes() throws {
        h = try IdentityHarness()
        let email = "lea@modele.ch"
        let password = "Zebra-Crossing-42"
        _ = try h.invitedWithPassword(email: email, password: password)
        let challenge = try h.call(LoginStart.self, .init(email: email, password: password)).challengeId
        for premium in [
            "+44 7911 123456", "+1 900 555 0100", "+882 1234 5678", "+41 90 123 45 67", "+33 8 99 12 34 56",
        ] {
            let e = h.error(LoginSmsEnroll.self, .init(challengeId: challenge, phone: premium))
            XCTAssertEqual(e.code, .invalidPhone, premium)
        }
        let landline = try h.raw(LoginSmsEnroll.self, .init(challengeId: challenge, phone: "+41 44 123 45 67")).error
        XCTAssertEqual(landline?.code, "invalid_phone")
        XCTAssertTrue(landline?.message.contains("073") ?? false, "a Swiss landline is told as such")
        let foreign = try h.raw(LoginSmsEnroll.self, .init(challengeId: challenge, phone: "+44 7911 123456")).error
        XCTAssertTrue(foreign?.message.contains("+33 6") ?? false, "\(String(describing: foreign))")
        XCTAssertEqual(smsCount(), 0)
        for allowed in [
            "+33 6 12 34 56 78", "+49 151 1234 5678", "+39 347 123 4567", "+43 664 123 4567",
            "+423 791 23 45",
        ] {
            h.advance(31)
            XCTAssertNoThrow(try h.call(LoginSmsEnroll.self, .init(challengeId: challenge, phone: allowed)), allowed)
        }
    }

    func testMoreCountriesComeByConfiguration() throws {
        h = try IdentityHarness(environment: ["IDENTITY_SMS_ALLOWED_PREFIXES": "+4179, +447"])
        let email = "lea@modele.ch"
        let password = "Zebra-Crossing-42"
        _ = try h.invitedWithPassword(email: email, password: password)
        let challenge = try h.call(LoginStart.self, .init(email: email, password: password)).challengeId
        try h.call(LoginSmsEnroll.self, .init(challengeId: challenge, phone: "+44 7911 123456"))
        XCTAssertEqual(
            h.error(LoginSmsEnroll.self, .init(challengeId: challenge, phone: "+33 6 12 34 56 78")).code,
            .invalidPhone)
    }
}
