import Foundation
import Wire
import Contracts

/// The mixed operations of the crash test, each driven to a definitive answer
/// across crashes (see `Persistent`), and what each completed one must have left:
/// the facts the checks compare with the databases and the file outbox.
final class CrashWorkload: @unchecked Sendable {
    struct Admin { let employer: String; let accountId: String; let email: String; let phone: String; var session: String? }
    struct User {
        let employer: String; let userId: String; let email: String
        var withPhone = false
        var confirmed = false
    }

    let flows: Flows
    let outbox: FileOutboxReader
    let password = "Velo-Rouge-1848"
    private let lock = NSLock()
    private(set) var admins: [Admin] = []
    private(set) var users: [User] = []
    private(set) var deactivated: [User] = []
    private(set) var sendKeys: [String: String] = [:] // idempotency key → message id
    private(set) var completed: [String: Int] = [:]
    private(set) var abandoned: [String] = []
    private var serial = 0

    init(_ trio: Trio) {
        outbox = FileOutboxReader(trio.outbox)
        flows = Flows(trio, outbox: outbox, timeout: 10)
    }

    private func next() -> Int { lock.lock(); defer { lock.unlock() }; serial += 1; return serial }
    private func done(_ kind: String) { lock.lock(); completed[kind, default: 0] += 1; lock.unlock() }

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
            lock.lock(); abandoned.append("\(kind): \(error)"); lock.unlock()
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
            _ = try flows.admin.call(EmployerInvite.self, .init(number: number, delivery: "email", email: email))
        }
        let registration = try Persistent.withCodes(outbox, "email", to: email) { code in
            try flows.identity.call(RegistrationStart.self, .init(accessCode: code)).registrationId
        }
        try Persistent.call("registration.email") {
            _ = try flows.identity.call(RegistrationEmail.self, .init(registrationId: registration, email: email))
        }
        _ = try Persistent.withCodes(outbox, "email", to: email) { code in
            try flows.identity.call(RegistrationVerifyEmail.self, .init(registrationId: registration, activationCode: code))
        }
        try Persistent.call("registration.account") {
            _ = try flows.identity.call(RegistrationAccount.self, .init(
                registrationId: registration, firstName: "Zoé", lastName: "Crash\(n)", language: .fr,
                password: password, acceptTerms: true))
        }
        try Persistent.call("registration.smsSend") {
            _ = try flows.identity.call(RegistrationSmsSend.self, .init(registrationId: registration, phone: phone))
        }
        let accountId = try Persistent.withCodes(outbox, "sms", to: phone) { code in
            try flows.identity.call(RegistrationSmsConfirm.self, .init(registrationId: registration, smsCode: code)).accountId
        }
        lock.lock(); admins.append(Admin(employer: number, accountId: accountId, email: email, phone: phone)); lock.unlock()
    }

    func login(rng: inout SplitMix64) throws {
        lock.lock(); let pool = admins; lock.unlock()
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
        try Persistent.call("admin.me") { try flows.waitUntilAdmin(session: session, employer: a.employer, timeout: 60) }
        lock.lock(); admins[index].session = session; lock.unlock()
    }

    /// An admin with a session, logging in first if needed.
    private func adminWithSession(rng: inout SplitMix64) throws -> Admin {
        lock.lock(); let ready = admins.filter { $0.session != nil }; lock.unlock()
        if let a = ready.isEmpty ? nil : ready[rng.int(0...(ready.count - 1))] { return a }
        try login(rng: &rng)
        lock.lock(); defer { lock.unlock() }
        guard let a = admins.first(where: { $0.session != nil }) else { throw FlowFailure("no admin session") }
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
                try flows.admin.call(UsersCreate.self, .init(employer: a.employer, email: email, firstName: "Léa",
                                                             lastName: "User\(n)", language: .it, admin: false,
                                                             themes: ["salaries"], phone: phone), session: a.session)
            }
        } catch let e as ServiceError where e.code == .conflict {} // an earlier try did it
        let userId = try reply?.userId ?? Persistent.call("users.search") {
            let found = try flows.admin.call(UsersSearch.self, .init(employer: a.employer, text: email, includeDisabled: true),
                                             session: a.session).users
            guard let u = found.first(where: { $0.email == email }) else { throw FlowFailure("\(email) not listed after conflict") }
            return u.userId
        }
        var confirmed = false
        if let phone, reply == nil || reply?.state == "pendingPhone" {
            let state = try Persistent.call("users.get") {
                try flows.admin.call(UsersGet.self, .init(employer: a.employer, userId: userId), session: a.session).user.state
            }
            if state == "pendingPhone" {
                _ = try Persistent.withCodes(outbox, "sms", to: phone) { code in
                    try flows.admin.call(UsersConfirmPhone.self, .init(employer: a.employer, userId: userId, smsCode: code),
                                         session: a.session)
                }
            }
            confirmed = true
        }
        lock.lock()
        users.append(User(employer: a.employer, userId: userId, email: email, withPhone: phone != nil, confirmed: confirmed))
        lock.unlock()
    }

    func deactivate(rng: inout SplitMix64) throws {
        lock.lock()
        let candidates = users.filter { u in !deactivated.contains { $0.userId == u.userId } }
        let sessions = Dictionary(admins.compactMap { a in a.session.map { (a.employer, $0) } }) { a, _ in a }
        lock.unlock()
        guard let u = candidates.isEmpty ? nil : candidates[rng.int(0...(candidates.count - 1))],
              let session = sessions[u.employer] else { return try createUser(rng: &rng) }
        _ = try Persistent.call("users.update") {
            try flows.admin.call(UsersUpdate.self, .init(employer: u.employer, userId: u.userId, disabled: true), session: session)
        }
        lock.lock(); deactivated.append(u); lock.unlock()
    }

    func send() throws {
        let n = next()
        let key = "crash-send-\(n)"
        let sms = n % 2 == 0
        let body = NotifierSend.Body(idempotencyKey: key, channel: sms ? .sms : .email,
                                     to: sms ? String(format: "+417960%05d", n) : "crash.reader\(n)@example.ch",
                                     language: .de, template: sms ? TemplateName.smsLogin : TemplateName.passwordChanged,
                                     params: sms ? ["code": "123456"] : ["firstName": "Jürg"])
        let reply = try Persistent.call("notifier.send") { try flows.notifier.call(NotifierSend.self, body) }
        lock.lock(); sendKeys[key] = reply.messageId; lock.unlock()
    }
}
