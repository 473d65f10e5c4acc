import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Registration of an employer's first administrator against the real executable.
final class RegistrationFlowTests: IdentityTestCase {
    override func setUpWithError() throws { h = try IdentityHarness() }

    func testFullRegistrationThenLogin() throws {
        let access = try h.invite("1283.220", name: "Modèle SA")
        XCTAssertTrue(access.range(of: "^[A-Z2-9*]{4} [A-Z2-9*]{4} [A-Z2-9*]{4}$", options: .regularExpression) != nil)
        // Case, spaces and dashes are ignored.
        let typed = access.lowercased().replacingOccurrences(of: " ", with: "-")
        let start = try h.call(RegistrationStart.self, .init(accessCode: typed), lang: .fr)
        XCTAssertEqual(start.employer, EmployerRef(number: "1283.220", name: "Modèle SA"))
        let reg = start.registrationId

        XCTAssertEqual(
            h.error(RegistrationEmail.self, .init(registrationId: reg, email: "not an address")).field, "email")
        try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "Gilbert@Modele.ch"), lang: .fr)
        let activation = h.code(TemplateName.emailActivation, to: "gilbert@modele.ch")
        let mail = h.sends(TemplateName.emailActivation, to: "gilbert@modele.ch")
        XCTAssertEqual(mail.first?.language, .fr)
        XCTAssertEqual(mail.first?.channel, .email)
        XCTAssertTrue(activation.range(of: "^.{4} .{4} .{4}$", options: .regularExpression) != nil, "grouped")
        XCTAssertEqual(
            mail.first.map { h.notifier.requestIds(NotifierSend.type).contains($0.idempotencyKey) }, true,
            "the idempotency key is the outbox message id")

        // Steps out of order are refused.
        XCTAssertEqual(
            h.error(RegistrationSmsSend.self, .init(registrationId: reg, phone: "079 111 22 33")).code, .conflict)
        XCTAssertEqual(
            h.error(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: "AAAA BBBB CCCC")).code,
            .invalidCode)
        XCTAssertEqual(
            try h.call(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: activation)).next,
            .account)

        func account(_ password: String, terms: Bool = true) -> ServiceError {
            h.remember(password)
            return h.error(
                RegistrationAccount.self,
                .init(
                    registrationId: reg, firstName: "Gilbert", lastName: "Modele",
                    language: .fr, password: password, acceptTerms: terms))
        }
        let terms = account("Very-good-pass-1", terms: false)
        XCTAssertEqual(terms.code, .badRequest)
        XCTAssertEqual(terms.field, "acceptTerms")
        for (password, rule) in [
            ("short1", "too_short"), (String(repeating: "ab", count: 65), "too_long"),
            ("qwertyuiop", "common"), ("gilbert@modele.ch", "contains_email"),
        ] {
            let e = account(password)
            XCTAssertEqual(e.code, .weakPassword, rule)
            XCTAssertEqual(e.extras["rule"], .string(rule))
            XCTAssertEqual(e.field, "password")
        }
        let tooShort = try h.client.send(
            type: RegistrationAccount.type,
            body: RegistrationAccount.Body(
                registrationId: reg, firstName: "G", lastName: "M", language: .de, password: "kurz", acceptTerms: true),
            lang: .de)
        XCTAssertEqual(tooShort.error?.message, "Das Passwort muss mindestens 8 Zeichen lang sein.")

        let password = "Zebra-Crossing-42"
        h.remember(password)
        try h.call(
            RegistrationAccount.self,
            .init(
                registrationId: reg, firstName: "Gilbert", lastName: "Modele",
                language: .fr, password: password, acceptTerms: true))
        XCTAssertEqual(
            h.error(RegistrationSmsSend.self, .init(registrationId: reg, phone: "044 111 22 33")).code,
            .invalidPhone, "Swiss landline")
        let masked = try h.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: "+41(79) 111 22 33"))
        XCTAssertEqual(masked.maskedPhone, "+41 79 *** ** 33")
        let sms = h.code(TemplateName.smsEnrolment, to: "+41791112233")
        XCTAssertTrue(sms.range(of: "^[0-9]{6}$", options: .regularExpression) != nil)
        let wrong = sms == "000000" ? "000001" : "000000"
        let e = h.error(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: wrong))
        XCTAssertEqual(e.code, .invalidCode)
        XCTAssertEqual(e.extras["attemptsLeft"], .number(4))
        let accountId = try h.call(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: sms)).accountId

        let events = h.registered(count: 1)
        XCTAssertEqual(
            events.first,
            AccountRegistered.Body(
                accountId: accountId, employerNumber: "1283.220",
                email: "gilbert@modele.ch", firstName: "Gilbert",
                lastName: "Modele", language: .fr, mfa: .sms))
        // The access code is single use; the registration is finished.
        XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: access)).code, .invalidCode)
        XCTAssertEqual(h.error(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: sms)).code, .notFound)

        let info = try h.call(AccountGet.self, .init(accountId: accountId)).account
        XCTAssertEqual(info.state, .active)
        XCTAssertEqual(info.mfa, .sms)
        XCTAssertEqual(info.maskedPhone, "+41 79 *** ** 33")

        let session = try h.login(email: "GILBERT@modele.ch", password: password, phone: "+41791112233")
        XCTAssertEqual(session.accountId, accountId)
        let verified = try h.call(SessionVerify.self, .init(session: session.session))
        XCTAssertEqual(verified.accountId, accountId)
        XCTAssertEqual(verified.email, "gilbert@modele.ch")
    }

    func testWrongExpiredAndRevokedAccessCodes() throws {
        XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: "AAAA BBBB CCCC")).code, .invalidCode)
        XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: "not a code")).code, .invalidCode)
        let old = try h.invite("100.1")
        let newer = try h.invite("100.1")
        XCTAssertEqual(
            h.error(RegistrationStart.self, .init(accessCode: old)).code, .invalidCode,
            "a new code revokes the employer's older one")
        XCTAssertNoThrow(try h.call(RegistrationStart.self, .init(accessCode: newer)))
        h.advance(90 * 86400 + 1)
        XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: newer)).code, .codeExpired)
        XCTAssertTrue(h.log().contains("security.invalid_code"))
    }

    func testActivationCodeDiesAfterFiveWrongTries() throws {
        let access = try h.invite()
        let reg = try h.call(RegistrationStart.self, .init(accessCode: access)).registrationId
        try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "lea@modele.ch"))
        let activation = h.code(TemplateName.emailActivation, to: "lea@modele.ch")
        for i in 1...5 {
            let e = h.error(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: "AAAA AAAA AAAA"))
            XCTAssertEqual(e.code, i < 5 ? .invalidCode : .tooManyAttempts)
        }
        XCTAssertEqual(
            h.error(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: activation)).code,
            .tooManyAttempts)
        // A new activation e-mail gives a fresh code.
        try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "lea@modele.ch"))
        let fresh = h.code(TemplateName.emailActivation, to: "lea@modele.ch")
        XCTAssertEqual(
            try h.call(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: fresh)).next,
            .account)
    }

    func testActivationEmailsPerRegistrationAreLimited() throws {
        let access = try h.invite()
        let reg = try h.call(RegistrationStart.self, .init(accessCode: access)).registrationId
        for _ in 1...5 { try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "lea@modele.ch")) }
        XCTAssertEqual(
            h.error(RegistrationEmail.self, .init(registrationId: reg, email: "lea@modele.ch")).code,
            .rateLimited)
        // Only the last code works.
        let codes = (1...5).map { _ in h.code(TemplateName.emailActivation, to: "lea@modele.ch") }
        XCTAssertEqual(
            try h.call(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: codes[4])).next,
            .account)
    }

    func testActivationCodeAndRegistrationExpire() throws {
        let access = try h.invite()
        let reg = try h.call(RegistrationStart.self, .init(accessCode: access)).registrationId
        try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "lea@modele.ch"))
        let activation = h.code(TemplateName.emailActivation, to: "lea@modele.ch")
        h.advance(24 * 3600)
        XCTAssertEqual(
            h.error(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: activation)).code,
            .notFound, "the whole registration lasts 24 h")
        // The access code was not consumed: a new registration can start.
        XCTAssertNoThrow(try h.call(RegistrationStart.self, .init(accessCode: access)))
    }

    func testWrongGuessesAreRateLimitedServiceWide() throws {
        h.close()
        h = try IdentityHarness(environment: ["IDENTITY_CODE_FAILURES_PER_MINUTE": "3"])
        let access = try h.invite()
        for _ in 0..<3 {
            XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: "AAAA BBBB CCCC")).code, .invalidCode)
        }
        let limited = h.error(RegistrationStart.self, .init(accessCode: access))
        XCTAssertEqual(limited.code, .rateLimited, "even the right code waits")
        XCTAssertEqual(limited.extras["retryAfterS"], .number(60))
        h.advance(61)
        XCTAssertNoThrow(try h.call(RegistrationStart.self, .init(accessCode: access)))
        XCTAssertEqual(h.log().components(separatedBy: "security.invalid_code").count - 1, 3)
    }

    /// Lea's registration (in German) with an SMS code sent to her mobile; returns it and the code.
    private func leaWithSmsCode() throws -> (registrationId: String, sms: String) {
        let access = try h.invite()
        let reg = try h.registrationAtSms(
            email: "lea@modele.ch", accessCode: access, firstName: "Lea", language: .de,
            password: "Zebra-Crossing-42")
        try h.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: "078 222 33 44"))
        return (reg, h.code(TemplateName.smsEnrolment, to: "+41782223344"))
    }

    func testSixthSmsTryIsRefused() throws {
        let (reg, sms) = try leaWithSmsCode()
        XCTAssertEqual(h.sends(TemplateName.smsEnrolment).first?.language, .de)
        let wrong = sms == "111111" ? "222222" : "111111"
        var codes: [ErrorCode] = []
        for _ in 1...5 {
            codes.append(h.error(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: wrong)).code)
        }
        XCTAssertEqual(codes, [.invalidCode, .invalidCode, .invalidCode, .invalidCode, .tooManyAttempts])
        XCTAssertEqual(
            h.error(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: sms)).code,
            .tooManyAttempts, "the sixth try is refused, even with the right code")
        // A resend (after 30 s) gives a new code that works.
        h.advance(30)
        try h.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: "078 222 33 44"))
        let fresh = h.code(TemplateName.smsEnrolment, to: "+41782223344")
        XCTAssertNoThrow(try h.call(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: fresh)))
    }

    func testSmsCodeExpiresAfterTenMinutes() throws {
        let (reg, sms) = try leaWithSmsCode()
        h.advance(600)
        XCTAssertEqual(
            h.error(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: sms)).code, .codeExpired)
    }

    func testSmsResendLimits() throws {
        let access = try h.invite()
        let reg = try h.registrationAtSms(
            email: "lea@modele.ch", accessCode: access, firstName: "Lea", language: .it,
            password: "Zebra-Crossing-42")
        let send = RegistrationSmsSend.Body(registrationId: reg, phone: "0041 76 555 66 77")
        try h.call(RegistrationSmsSend.self, send)
        h.advance(10)
        let soon = h.error(RegistrationSmsSend.self, send)
        XCTAssertEqual(soon.code, .rateLimited)
        XCTAssertEqual(soon.extras["retryAfterS"], .number(20))
        for _ in 2...5 {
            h.advance(30)
            try h.call(RegistrationSmsSend.self, send)
        }
        h.advance(30)
        let hourly = h.error(RegistrationSmsSend.self, send)
        XCTAssertEqual(hourly.code, .rateLimited, "at most 5 per number per hour")
        XCTAssertEqual(hourly.extras["retryAfterS"], .number(3600 - 160), "the first send (t = 0) must leave the hour")
        h.advance(3600 - 160)
        try h.call(RegistrationSmsSend.self, send)
        // Only the last code counts.
        let all = (0..<6).map { _ in h.code(TemplateName.smsEnrolment, to: "+41765556677") }
        if all[4] != all[5] {
            XCTAssertEqual(
                h.error(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: all[4])).code,
                .invalidCode)
        }
        XCTAssertNoThrow(try h.call(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: all[5])))
    }

    func testOneRegistrationCannotSprayCodesOverManyNumbers() throws {
        let access = try h.invite()
        let reg = try h.registrationAtSms(
            email: "lea@modele.ch", accessCode: access, firstName: "Lea", language: .fr,
            password: "Zebra-Crossing-42")
        for n in 1...5 {
            try h.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: "079 100 00 0\(n)"))
            _ = h.code(TemplateName.smsEnrolment, to: "+4179100000\(n)")
        }
        let sixth = h.error(RegistrationSmsSend.self, .init(registrationId: reg, phone: "079 100 00 06"))
        XCTAssertEqual(sixth.code, .rateLimited)
        XCTAssertEqual(sixth.extras["retryAfterS"], .number(3600))
        h.advance(3600)
        try h.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: "079 100 00 06"))
        _ = h.code(TemplateName.smsEnrolment, to: "+41791000006")
    }

    func testExistingEmailLogsInAndAttaches() throws {
        let password = "Zebra-Crossing-42"
        let first = try h.register(email: "fidu@treuhand.ch", password: password, phone: "079 333 44 55", number: "1.1")
        let access = try h.invite("2.2", name: "Second SA")
        let (reg, next) = try h.startRegistration(email: "fidu@treuhand.ch", accessCode: access)
        XCTAssertEqual(next, .login)
        XCTAssertEqual(
            h.error(
                RegistrationAccount.self,
                .init(
                    registrationId: reg, firstName: "X", lastName: "Y",
                    language: .fr, password: password, acceptTerms: true)
            ).code,
            .conflict, "no second account for the e-mail")
        // Another account's login does not attach.
        try h.register(email: "other@modele.ch", password: password, phone: "079 444 55 66", number: "3.3")
        h.advance(31)
        let other = try h.call(LoginStart.self, .init(email: "other@modele.ch", password: password))
        let otherSms = h.code(TemplateName.smsLogin, to: "+41794445566")
        try h.call(LoginFinish.self, .init(challengeId: other.challengeId, smsCode: otherSms))
        XCTAssertEqual(
            h.error(RegistrationAttach.self, .init(registrationId: reg, challengeId: other.challengeId)).code,
            .forbidden)
        // An unfinished login does not attach either.
        h.advance(31)
        let start = try h.call(LoginStart.self, .init(email: "fidu@treuhand.ch", password: password))
        XCTAssertEqual(
            h.error(RegistrationAttach.self, .init(registrationId: reg, challengeId: start.challengeId)).code,
            .forbidden)
        let sms = h.code(TemplateName.smsLogin, to: "+41793334455")
        let done = try h.call(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: sms))
        h.remember(done.session)
        let attached = try h.call(RegistrationAttach.self, .init(registrationId: reg, challengeId: start.challengeId))
        XCTAssertEqual(attached.accountId, first)
        let events = h.registered(count: 3)
        XCTAssertEqual(events.last?.accountId, first)
        XCTAssertEqual(events.last?.employerNumber, "2.2")
        XCTAssertEqual(events.last?.mfa, .sms)
        XCTAssertEqual(
            h.error(RegistrationAttach.self, .init(registrationId: reg, challengeId: start.challengeId)).code,
            .notFound, "finished")
        XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: access)).code, .invalidCode, "consumed")

        // With a session instead of the challenge.
        let access3 = try h.invite("4.4", name: "Fourth SA")
        let (reg3, next3) = try h.startRegistration(email: "fidu@treuhand.ch", accessCode: access3)
        XCTAssertEqual(next3, .login)
        XCTAssertEqual(
            try h.call(RegistrationAttach.self, .init(registrationId: reg3, session: done.session)).accountId,
            first)
    }

    func testStateSurvivesRestart() throws {
        let access = try h.invite()
        let reg = try h.registrationAtSms(
            email: "lea@modele.ch", accessCode: access, firstName: "Lea", language: .fr,
            password: "Zebra-Crossing-42")
        try h.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: "079 111 22 33"))
        let sms = h.code(TemplateName.smsEnrolment, to: "+41791112233")
        try h.restart()
        let accountId = try h.call(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: sms)).accountId
        h.advance(31)
        let session = try h.login(email: "lea@modele.ch", password: "Zebra-Crossing-42", phone: "+41791112233")
        try h.restart()
        XCTAssertEqual(
            try h.call(SessionVerify.self, .init(session: session.session)).accountId, accountId,
            "the same key file is used again")
        XCTAssertEqual(h.registered(count: 1).first?.accountId, accountId)
    }
}
