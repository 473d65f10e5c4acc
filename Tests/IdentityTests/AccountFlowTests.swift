import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Admin's new users (variants 1 and 2) and account edits, against the real executable.
final class AccountFlowTests: IdentityTestCase {
    override func setUpWithError() throws { h = try IdentityHarness() }

    func testVariant1AdminConfirmsThePhone() throws {
        let created = try h.call(
            AccountCreate.self,
            .init(
                email: "Lea@Modele.ch", firstName: "Lea", lastName: "Modele",
                language: .de, phone: "079 555 66 77", employerName: "Modèle SA"))
        XCTAssertTrue(created.created)
        XCTAssertEqual(created.account.state, .pendingPhone)
        XCTAssertNil(created.account.mfa)
        let id = created.account.accountId
        XCTAssertEqual(
            try h.call(AccountSmsSend.self, .init(accountId: id, phone: "079 555 66 77")).maskedPhone,
            "+41 79 *** ** 77")
        let sms = h.code(TemplateName.smsEnrolment, to: "+41795556677")
        let confirmed = try h.call(
            AccountSmsConfirm.self, .init(accountId: id, smsCode: sms, employerName: "Modèle SA"))
        XCTAssertEqual(confirmed.account.state, .active)
        XCTAssertEqual(confirmed.account.mfa, .sms)
        XCTAssertEqual(
            h.nextSend(TemplateName.welcomeActive, to: "lea@modele.ch"),
            ["firstName": "Lea", "lastName": "Modele", "employerName": "Modèle SA"])
        XCTAssertEqual(h.sends(TemplateName.welcomeActive).first?.language, .de)

        // Same e-mail again: the existing account, not a new one.
        let again = try h.call(
            AccountCreate.self, .init(email: "lea@modele.ch", firstName: "L", lastName: "M", language: .fr))
        XCTAssertFalse(again.created)
        XCTAssertEqual(again.account.accountId, id)

        // No password yet: login refused like any wrong password; forgot sets it.
        h.remember("Lea-Strong-Pass-1")
        XCTAssertEqual(
            h.error(LoginStart.self, .init(email: "lea@modele.ch", password: "Lea-Strong-Pass-1")).code,
            .invalidCredentials)
        try h.call(PasswordForgot.self, .init(email: "lea@modele.ch"))
        let reset = h.code(TemplateName.passwordReset, to: "lea@modele.ch")
        try h.call(
            PasswordReset.self, .init(email: "lea@modele.ch", resetCode: reset, newPassword: "Lea-Strong-Pass-1"))
        h.advance(31)
        _ = try h.login(email: "lea@modele.ch", password: "Lea-Strong-Pass-1", phone: "+41795556677")
    }

    func testVariant2ResetSetsTheFirstPasswordThenSmsEnrolment() throws {
        let created = try h.call(
            AccountCreate.self,
            .init(
                email: "marc@modele.ch", firstName: "Marc", lastName: "Muster",
                language: .it, employerName: "Modèle SA"))
        XCTAssertEqual(created.account.state, .invited)
        let id = created.account.accountId
        XCTAssertEqual(
            h.nextSend(TemplateName.welcomeInvited, to: "marc@modele.ch"),
            ["firstName": "Marc", "lastName": "Muster", "employerName": "Modèle SA"])
        let password = "Zebra-Strong-Pass-2"
        h.remember(password)
        XCTAssertEqual(
            h.error(LoginStart.self, .init(email: "marc@modele.ch", password: password)).code,
            .invalidCredentials)

        try h.call(PasswordForgot.self, .init(email: "marc@modele.ch"))
        let reset = h.code(TemplateName.passwordReset, to: "marc@modele.ch")
        let weak = h.error(
            PasswordReset.self, .init(email: "marc@modele.ch", resetCode: reset, newPassword: "marc@modele.ch"))
        XCTAssertEqual(weak.code, .weakPassword)
        XCTAssertEqual(weak.extras["rule"], .string("contains_email"))
        try h.call(PasswordReset.self, .init(email: "marc@modele.ch", resetCode: reset, newPassword: password))
        XCTAssertEqual(try h.call(AccountGet.self, .init(accountId: id)).account.state, .active)

        let start = try h.call(LoginStart.self, .init(email: "marc@modele.ch", password: password))
        XCTAssertEqual(start.next, .enrollSms)
        XCTAssertNil(start.maskedPhone)
        XCTAssertEqual(
            h.error(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: "123456")).code,
            .invalidCode, "no code sent yet")
        XCTAssertEqual(
            h.error(LoginSmsEnroll.self, .init(challengeId: start.challengeId, phone: "031 111 22 33")).code,
            .invalidPhone)
        let enrolled = try h.call(LoginSmsEnroll.self, .init(challengeId: start.challengeId, phone: "+41 77 888 99 00"))
        XCTAssertEqual(enrolled.maskedPhone, "+41 77 *** ** 00")
        let sms = h.code(TemplateName.smsEnrolment, to: "+41778889900")
        XCTAssertEqual(h.sends(TemplateName.smsEnrolment).first?.language, .it)
        let done = try h.call(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: sms))
        h.remember(done.session)
        XCTAssertEqual(done.accountId, id)
        let changed = h.admin.wait(for: AccountChanged.type, count: 2).compactMap {
            try? $0.decode(AccountChanged.Body.self)
        }
        XCTAssertTrue(changed.contains(AccountChanged.Body(accountId: id, mfa: .sms, state: .active)))
        let info = try h.call(AccountGet.self, .init(accountId: id)).account
        XCTAssertEqual(info.mfa, .sms)
        XCTAssertNotNil(info.lastLoginAt)
        // From now on, login asks for the SMS code.
        h.advance(31)
        XCTAssertEqual(try h.call(LoginStart.self, .init(email: "marc@modele.ch", password: password)).next, .sms)
        XCTAssertEqual(
            h.error(LoginSmsEnroll.self, .init(challengeId: start.challengeId, phone: "+41 77 888 99 00")).code,
            .notFound, "a finished challenge is closed")
    }

    func testUpdatesAndErrors() throws {
        let id = try h.call(
            AccountCreate.self, .init(email: "x@modele.ch", firstName: "X", lastName: "Y", language: .fr)
        )
        .account.accountId
        let updated = try h.call(
            AccountUpdate.self,
            .init(
                accountId: id, firstName: "Xavier", lastName: "Yoda",
                language: .en, phone: "0041 75 123 45 67")
        ).account
        XCTAssertEqual(updated.firstName, "Xavier")
        XCTAssertEqual(updated.language, .en)
        XCTAssertEqual(updated.mfa, .sms)
        XCTAssertEqual(updated.maskedPhone, "+41 75 *** ** 67")
        XCTAssertEqual(h.error(AccountUpdate.self, .init(accountId: id, phone: "021 123 45 67")).code, .invalidPhone)
        XCTAssertEqual(h.error(AccountUpdate.self, .init(accountId: id, lockedUntil: "tomorrow")).field, "lockedUntil")
        XCTAssertEqual(h.error(AccountGet.self, .init(accountId: "acc_nope")).code, .notFound)
        XCTAssertEqual(
            h.error(AccountCreate.self, .init(email: "bad", firstName: "X", lastName: "Y", language: .fr)).field,
            "email")
        XCTAssertEqual(
            h.error(AccountCreate.self, .init(email: "z@modele.ch", firstName: " ", lastName: "Y", language: .fr))
                .field,
            "firstName")
        // Deactivation without an employer name still sends the notice.
        try h.call(AccountUpdate.self, .init(accountId: id, disabled: true))
        XCTAssertEqual(
            h.nextSend(TemplateName.accountDeactivated, to: "x@modele.ch"),
            ["firstName": "Xavier", "employerName": ""])
    }
}
