import Contracts
import Foundation
import Synchronization
import Wire

/// The mixed operations of the crash test, each driven to a definitive answer
/// across crashes (see `Persistent`), and what each completed one must have left:
/// the facts the checks compare with the databases and the file outbox.
final class CrashWorkload: Sendable {
    struct Admin {
        let employer: String
        let accountId: String
        let email: String
        let phone: String
        var session: String?
    }
    struct User {
        let employer: String
        let userId: String
        let email: String
        var withPhone = false
        var confirmed = false
    }

    let flows: Flows
    let outbox: FileOutboxReader
    let password = "Velo-Rouge-1848"
    /// What the operations left, shared by the client threads.
    private struct Facts {
        var admins: [Admin] = []
        var users: [User] = []
        var deactivated: [User] = []
        var sendKeys: [String: String] = [:] // idempotency key → message id
        var completed: [String: Int] = [:]
        var abandoned: [String] = []
        var serial = 0
    }
    private let facts = Mutex(Facts())
    var admins: [Admin] { facts.withLock { $0.admins } }
    var users: [User] { facts.withLock { $0.users } }
    var deactivated: [User] { facts.withLock { $0.deactivated } }
    var sendKeys: [String: String] { facts.withLock { $0.sendKeys } }
    var completed: [String: Int] { facts.withLock { $0.completed } }
    var abandoned: [String] { facts.withLock { $0.abandoned } }

    init(_ trio: Trio) {
        outbox = FileOutboxReader(trio.outbox)
        flows = Flows(trio, outbox: outbox, timeout: 10)
    }

    private func next() -> Int {
        facts.withLock { f in
            f.serial += 1
            return f.serial
        }
    }
    private func done(_ kind: String) { facts.withLock { $0.completed[kind, default: 0] += 1 } }

    /// One operation of the mix; failures that are not transient abandon it (counted).
    func run(_ kind: String, rng: inout SplitMix64) {
        do {
            switch kind {
            case "registration": try registration()
            case "login": try login(rng: &rng)
            case "user": try createUser(rng: &rng)
            case "deactivation": try deactivate(rng: &rng)
            default: try send()
            }
            done(kind)
        } catch {
            facts.withLock { $0.abandoned.append("\(kind): \(error)") }
        }
    }

    func registration() throws {
        let n = next()
        let number = String(format: "%04d.%03d", 3000 + n / 1000, n % 1000)
        let email = "crash.admin\(n)@example.ch"
        let phone = String(format: "+417980%05d", n)
        do {
            try Persistent.call("employer.create") { try flows.createEmployer(number, name: "Crash \(n) AG") }
        } catch let e as ServiceError where e.code == .conflict {} // an earlier try did it
        try Persistent.call("employer.invite") {
            _ = try flows.admin.call(EmployerInvite.self, .init(number: number, delivery: .email, email: email))
        }
        let registration = try Persistent.withCodes(outbox, "email", to: email) { code in
            try flows.identity.call(RegistrationStart.self, .init(accessCode: code)).registrationId
        }
        try Persistent.call("registration.email") {
            _ = try flows.identity.call(RegistrationEmail.self, .init(registrationId: registration, email: email))
        }
        _ = try Persistent.withCodes(outbox, "email", to: email) { code in
            try flows.identity.call(
                RegistrationVerifyEmail.self, .init(registrationId: registration, activationCode: code))
        }
        try Persistent.call("registration.account") {
            _ = try flows.identity.call(
                RegistrationAccount.self,
                .init(
                    registrationId: registration, firstName: "Zoé", lastName: "Crash\(n)", language: .fr,
                    password: password, acceptTerms: true))
        }
        try Persistent.call("registration.smsSend") {
            _ = try flows.identity.call(RegistrationSmsSend.self, .init(registrationId: registration, phone: phone))
        }
        let accountId = try Persistent.withCodes(outbox, "sms", to: phone) { code in
            try flows.identity.call(RegistrationSmsConfirm.self, .init(registrationId: registration, smsCode: code))
                .accountId
        }
        facts.withLock { $0.admins.append(Admin(employer: number, accountId: accountId, email: email, phone: phone)) }
    }

    func login(rng: inout SplitMix64) throws {
        let pool = facts.withLock { $0.admins }
        guard !pool.isEmpty else { return try registration() }
        let index = rng.int(0...(pool.count - 1))
        let a = pool[index]
        let seen = outbox.files("sms", to: a.phone)
        let challenge = try Persistent.call("login.start") {
            try flows.identity.call(LoginStart.self, .init(email: a.email, password: password)).challengeId
        }
        let session = try Persistent.withCodes(outbox, "sms", to: a.phone, seen: seen) { code in
            try flows.identity.call(LoginFinish.self, .init(challengeId: challenge, smsCode: code)).session
        }
        // The registration reaches admin through identity's outbox, later after a crash:
        // the portal would show the employer once admin lists the account as its admin.
        try Persistent.call("admin.me") {
            try flows.waitUntilAdmin(session: session, employer: a.employer, timeout: 60)
        }
        facts.withLock { $0.admins[index].session = session }
    }

    /// An admin with a session, logging in first if needed.
    private func adminWithSession(rng: inout SplitMix64) throws -> Admin {
        let ready = facts.withLock { $0.admins.filter { $0.session != nil } }
        if let a = ready.isEmpty ? nil : ready[rng.int(0...(ready.count - 1))] { return a }
        try login(rng: &rng)
        guard let a = facts.withLock({ $0.admins.first(where: { $0.session != nil }) }) else {
            throw FlowFailure("no admin session")
        }
        return a
    }

    func createUser(rng: inout SplitMix64) throws {
        let a = try adminWithSession(rng: &rng)
        let n = next()
        let email = "crash.user\(n)@example.ch"
        let phone: String? = rng.chance(0.5) ? String(format: "+417970%05d", n) : nil
        var reply: UsersCreate.Reply?
        do {
            reply = try Persistent.call("users.create") {
                try flows.admin.call(
                    UsersCreate.self,
                    .init(
                        employer: a.employer, email: email, firstName: "Léa",
                        lastName: "User\(n)", language: .it, admin: false,
                        themes: ["salaries"], phone: phone), session: a.session)
            }
        } catch let e as ServiceError where e.code == .conflict {} // an earlier try did it
        let userId =
            try reply?.userId
            ?? Persistent.call("users.search") {
                let found = try flows.admin.call(
                    UsersSearch.self, .init(employer: a.employer, text: email, includeDisabled: true),
                    session: a.session
                ).users
                guard let u = found.first(where: { $0.email == email }) else {
                    throw FlowFailure("\(email) not listed after conflict")
                }
                return u.userId
            }
        var confirmed = false
        if let phone, reply == nil || reply?.state == .pendingPhone {
            let state = try Persistent.call("users.get") {
                try flows.admin.call(UsersGet.self, .init(employer: a.employer, userId: userId), session: a.session)
                    .user.state
            }
            if state == .pendingPhone {
                _ = try Persistent.withCodes(outbox, "sms", to: phone) { code in
                    try flows.admin.call(
                        UsersConfirmPhone.self, .init(employer: a.employer, userId: userId, smsCode: code),
                        session: a.session)
                }
            }
            confirmed = true
        }
        facts.withLock {
            $0.users.append(
                User(
                    employer: a.employer, userId: userId, email: email, withPhone: phone != nil,
                    confirmed: confirmed))
        }
    }

    func deactivate(rng: inout SplitMix64) throws {
        let (candidates, sessions) = facts.withLock { f in
            (
                f.users.filter { u in !f.deactivated.contains { $0.userId == u.userId } },
                Dictionary(f.admins.compactMap { a in a.session.map { (a.employer, $0) } }) { a, _ in a }
            )
        }
        guard let u = candidates.isEmpty ? nil : candidates[rng.int(0...(candidates.count - 1))],
            let session = sessions[u.employer]
        else { return try createUser(rng: &rng) }
        _ = try Persistent.call("users.update") {
            try flows.admin.call(
                UsersUpdate.self, .init(employer: u.employer, userId: u.userId, disabled: true), session: session)
        }
        facts.withLock { $0.deactivated.append(u) }
    }

    func send() throws {
        let n = next()
        let key = "crash-send-\(n)"
        let sms = n % 2 == 0
        let body = NotifierSend.Body(
            idempotencyKey: key, channel: sms ? .sms : .email,
            to: sms ? String(format: "+417960%05d", n) : "crash.reader\(n)@example.ch",
            language: .de, template: sms ? TemplateName.smsLogin : TemplateName.passwordChanged,
            params: sms ? ["code": "123456"] : ["firstName": "Jürg"])
        let reply = try Persistent.call("notifier.send") { try flows.notifier.call(NotifierSend.self, body) }
        facts.withLock { $0.sendKeys[key] = reply.messageId }
    }
}
