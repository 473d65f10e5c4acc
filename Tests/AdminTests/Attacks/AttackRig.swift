import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The attack tests' moves on the real identity and admin (IdentityAdminRig):
/// employers whose first admin registered and logged in, codes read from the
/// fake notifier, and the outcome of a call as its error code.
extension IdentityAdminRig {
    static let password = "Sonnenblume-42"

    /// The code of the n-th message with `template` sent to `to` (waits for it).
    func code(_ template: String, to: String, _ n: Int = 1) throws -> String {
        let m = try sent(template, to: to, n)
        guard let c = m.params["code"] else { throw NotSent(what: "\(template) without a code") }
        return c
    }

    /// Gilbert, Modèle SA's (1283.220) first admin, his phone 079 999 88 77, logged in.
    func gilbertAdminOfModeleSA() throws -> (accountId: String, session: String) {
        try registeredAdmin(
            "1283.220", "Modèle SA", email: "gilbert@modelesa.ch", first: "Gilbert",
            phone: "079 999 88 77", e164: "+41799998877")
    }

    /// An employer whose first admin registered with the access code (by e-mail) and logged in.
    func registeredAdmin(
        _ number: String, _ name: String, email: String, first: String,
        phone: String, e164: String
    ) throws -> (accountId: String, session: String) {
        let id = identity.client()
        let ad = admin.client()
        _ = try ad.call(
            EmployerCreate.self,
            EmployerCreate.Body(
                number: number, name: name, street: "Rue 1",
                postcode: "3000", city: "Bern", language: .fr))
        _ = try ad.call(EmployerInvite.self, EmployerInvite.Body(number: number, delivery: .email, email: email))
        let reg = try id.call(RegistrationStart.self, .init(accessCode: try code(TemplateName.invitation, to: email)))
        _ = try id.call(RegistrationEmail.self, .init(registrationId: reg.registrationId, email: email))
        _ = try id.call(
            RegistrationVerifyEmail.self,
            .init(
                registrationId: reg.registrationId,
                activationCode: try code(TemplateName.emailActivation, to: email)))
        _ = try id.call(
            RegistrationAccount.self,
            .init(
                registrationId: reg.registrationId, firstName: first,
                lastName: "Modele", language: .fr, password: Self.password,
                acceptTerms: true))
        _ = try id.call(RegistrationSmsSend.self, .init(registrationId: reg.registrationId, phone: phone))
        let accountId = try id.call(
            RegistrationSmsConfirm.self,
            .init(
                registrationId: reg.registrationId, smsCode: try code(TemplateName.smsEnrolment, to: e164))
        ).accountId
        let session = try login(email, e164: e164)
        // identity's event reaches admin through its outbox.
        try Poll.until(timeout: 10) { try !ad.call(AdminMe.self, Empty(), session: session).mandants.isEmpty }
        return (accountId, session)
    }

    /// A login with the password and the SMS code that goes to `e164`.
    func login(_ email: String, e164: String, password: String = IdentityAdminRig.password) throws -> String {
        let id = identity.client()
        let before = try all(TemplateName.smsLogin, to: e164).count
        advance(1) // past the shortened resend interval for the same phone
        let challenge = try id.call(LoginStart.self, .init(email: email, password: password))
        return try id.call(
            LoginFinish.self,
            .init(
                challengeId: challenge.challengeId,
                smsCode: try code(TemplateName.smsLogin, to: e164, before + 1))
        ).session
    }
}

extension ServiceClient {
    /// The error code a call ends with ("ok" when it succeeds).
    func outcome<M: Message>(_ m: M.Type, _ body: M.Body, session: String? = nil) -> String {
        do {
            _ = try call(m, body, session: session)
            return "ok"
        } catch let e as ServiceError { return e.code.rawValue } catch { return "\(error)" }
    }
}
