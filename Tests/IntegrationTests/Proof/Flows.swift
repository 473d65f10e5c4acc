import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire

/// The product's flows driven over the real sockets, as a front end would, with the
/// codes read from what the notifier delivered to the file outbox.
final class Flows: Sendable {
    let identity: ServiceClient
    let admin: ServiceClient
    let notifier: ServiceClient
    let outbox: FileOutboxReader

    init(_ trio: Trio, outbox: FileOutboxReader? = nil, timeout: TimeInterval = 20) {
        identity = trio[ServiceName.identity].client(timeout: timeout)
        admin = trio[ServiceName.admin].client(timeout: timeout)
        notifier = trio[ServiceName.notifier].client(timeout: timeout)
        self.outbox = outbox ?? FileOutboxReader(trio.outbox)
    }

    /// The page tests' set-up: the trio started on a temp directory named after `prefix`, its
    /// file outbox, and the flows over its sockets reading that outbox.
    static func onStartedTrio(prefix: String) throws -> (Trio, FileOutboxReader, Flows) {
        let trio = Trio(prefix: prefix)
        do {
            try trio.start()
        } catch {
            trio.remove()
            throw error
        }
        let outbox = FileOutboxReader(trio.outbox)
        return (trio, outbox, Flows(trio, outbox: outbox))
    }

    func createEmployer(_ number: String, name: String) throws {
        _ = try admin.call(
            EmployerCreate.self,
            .init(
                number: number, name: name, street: "Rue du Test 1",
                postcode: "1000", city: "Lausanne", language: .fr))
    }

    /// Invites by e-mail and returns the access code the e-mail carries.
    func invite(_ number: String, email: String) throws -> String {
        let seen = outbox.files("email", to: email)
        _ = try admin.call(EmployerInvite.self, .init(number: number, delivery: .email, email: email))
        return try outbox.waitForCode("email", to: email, excluding: seen)
    }

    /// The first administrator's registration, every step; returns the account id.
    func register(
        accessCode: String, email: String, phone: String, password: String,
        firstName: String = "Anna", lastName: String = "Muster"
    ) throws -> String {
        let reg = try identity.call(RegistrationStart.self, .init(accessCode: accessCode)).registrationId
        let seenMail = outbox.files("email", to: email)
        _ = try identity.call(RegistrationEmail.self, .init(registrationId: reg, email: email))
        let activation = try outbox.waitForCode("email", to: email, excluding: seenMail)
        let next = try identity.call(
            RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: activation)
        ).next
        guard next == .account else { throw FlowFailure("verifyEmail answered next=\(next)") }
        _ = try identity.call(
            RegistrationAccount.self,
            .init(
                registrationId: reg, firstName: firstName, lastName: lastName,
                language: .fr, password: password, acceptTerms: true))
        let seenSms = outbox.files("sms", to: phone)
        _ = try identity.call(RegistrationSmsSend.self, .init(registrationId: reg, phone: phone))
        let code = try outbox.waitForCode("sms", to: phone, excluding: seenSms)
        return try identity.call(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: code)).accountId
    }

    /// Password, then the SMS code sent to `phone`; returns the session.
    func login(email: String, password: String, phone: String, timing: ((String, Double) -> Void)? = nil) throws
        -> String
    {
        let seen = outbox.files("sms", to: phone)
        var t0 = monotonicSeconds()
        let start = try identity.call(LoginStart.self, .init(email: email, password: password))
        timing?(LoginStart.type, monotonicSeconds() - t0)
        guard start.next == .sms else { throw FlowFailure("login.start answered next=\(start.next)") }
        let code = try outbox.waitForCode("sms", to: phone, excluding: seen)
        t0 = monotonicSeconds()
        let finish = try identity.call(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: code))
        timing?(LoginFinish.type, monotonicSeconds() - t0)
        return finish.session
    }

    /// Waits until admin knows the account as a connect admin of `employer` (the
    /// registration reaches admin through identity's outbox, a moment later).
    func waitUntilAdmin(session: String, employer: String, timeout: TimeInterval = 15) throws {
        var last: Error?
        let known = Poll.until(timeout: timeout) {
            do {
                let me = try admin.call(AdminMe.self, Empty(), session: session)
                return me.mandants.contains(where: { $0.number == employer && $0.admin })
            } catch { last = error }
            return false
        }
        if known { return }
        throw FlowFailure("admin never listed the account as admin of \(employer): \(String(describing: last))")
    }

    /// New user; with a phone (variant 1) the SMS code is read and confirmed.
    func createUser(
        session: String, employer: String, email: String, firstName: String, lastName: String,
        phone: String?
    ) throws -> String {
        let seen = phone.map { outbox.files("sms", to: $0) } ?? []
        let created = try admin.call(
            UsersCreate.self,
            .init(
                employer: employer, email: email, firstName: firstName,
                lastName: lastName, language: .de, admin: false,
                themes: ["salaries"], phone: phone), session: session)
        if let phone, created.state == .pendingPhone {
            let code = try outbox.waitForCode("sms", to: phone, excluding: seen)
            _ = try admin.call(
                UsersConfirmPhone.self, .init(employer: employer, userId: created.userId, smsCode: code),
                session: session)
        }
        return created.userId
    }

    /// A fresh employer with a registered administrator, logged in.
    func employerWithAdmin(
        number: String, name: String, email: String, phone: String,
        password: String
    ) throws -> (accountId: String, session: String) {
        try createEmployer(number, name: name)
        let code = try invite(number, email: email)
        let accountId = try register(accessCode: code, email: email, phone: phone, password: password)
        let session = try login(email: email, password: password, phone: phone)
        try waitUntilAdmin(session: session, employer: number)
        return (accountId, session)
    }
}
