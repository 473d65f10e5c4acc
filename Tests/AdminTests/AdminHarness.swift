import AdminCore
import Client
import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// The admin service in this process (its responder called directly, its relay and
/// reconciler on threads) on temp dirs, with identity and notifier replaced by fakes
/// listening on the sockets admin expects in its run dir. Its clock is the system's
/// unless a test passes its own.
final class AdminHarness: Sendable {
    let dir = TempDirectory("adm")
    let identity: FakeIdentity
    let notifier: FakePeer
    let clock: any Clock
    /// Replaced by `restart`.
    private let service: Mutex<InProcessService>
    var admin: InProcessService { service.withLock { $0 } }
    private let eventCounter = Atomic<Int>(0)

    var runDir: String { dir.file("run") }
    var dataDir: String { dir.file("data") }

    init(environment: [String: String] = [:], clock: any Clock = SystemClock()) throws {
        self.clock = clock
        try FileManager.default.createDirectory(atPath: dir.file("run"), withIntermediateDirectories: true)
        identity = FakeIdentity(socketPath: dir.file("run/identity.sock"))
        notifier = FakePeer(socketPath: dir.file("run/notifier.sock"))
        notifier.on(NotifierSend.self) { b in NotifierSend.Reply(messageId: "m-\(b.idempotencyKey)", status: "queued") }
        identity.start()
        notifier.start()
        service = Mutex(try Self.start(dir.file("run"), dir.file("data"), environment, clock))
    }

    private static func start(
        _ run: String, _ data: String, _ environment: [String: String],
        _ clock: any Clock
    ) throws -> InProcessService {
        try InProcessService(
            "admin", runDir: run, dataDir: data, environment: environment,
            messages: AdminService.messages, clock: clock
        ) {
            try AdminService.build($0)
        }
    }

    /// Restarts admin on the same files with another environment.
    func restart(environment: [String: String]) throws {
        admin.stop()
        let next = try Self.start(runDir, dataDir, environment, clock)
        service.withLock { $0 = next }
    }

    func stop() {
        admin.stop()
        identity.stop()
        notifier.stop()
        dir.remove()
    }

    /// The current admin's in-process client (a new one after a restart).
    var client: any ServiceCalls { admin.client }

    func call<M: Message>(_ m: M.Type, _ body: M.Body, session: String? = nil, lang: Language = .fr) throws -> M.Reply {
        try client.call(m, body, session: session, lang: lang)
    }

    /// The error code a call ends with ("ok" when it succeeds).
    func outcome<M: Message>(_ m: M.Type, _ body: M.Body, session: String? = nil) -> String {
        do {
            _ = try call(m, body, session: session)
            return "ok"
        } catch let e as ServiceError { return e.code.rawValue } catch { return "\(error)" }
    }

    func raw(_ type: String, _ body: JSONValue, session: String? = nil, id: String? = nil) throws -> ReplyEnvelope {
        try client.send(type: type, body: body, session: session, lang: .fr, id: id)
    }

    // MARK: Scenarios

    @discardableResult
    func createEmployer(_ number: String, _ name: String = "Modèle SA") throws -> EmployerSummary {
        try call(
            EmployerCreate.self,
            EmployerCreate.Body(
                number: number, name: name, street: "Rue d'Exemple 1",
                postcode: "3000", city: "Bern", language: .fr)
        ).employer
    }

    /// What identity sends when a registration finishes.
    func sendRegistered(_ a: AccountInfo, employer: String, id: String? = nil) throws -> ReplyEnvelope {
        let n = eventCounter.add(1, ordering: .relaxed).newValue
        let body = AccountRegistered.Body(
            accountId: a.accountId, employerNumber: employer, email: a.email,
            firstName: a.firstName, lastName: a.lastName, language: a.language, mfa: .sms)
        return try client.send(type: AccountRegistered.type, body: body, id: id ?? "evt-\(n)")
    }

    /// A registered first administrator of `employer`, logged in: (account, session).
    func registeredAdmin(
        _ employer: String, email: String, first: String = "Gilbert",
        last: String = "Modele"
    ) throws -> (AccountInfo, String) {
        let a = identity.addAccount(email: email, first: first, last: last)
        let r = try sendRegistered(a, employer: employer)
        XCTAssertTrue(r.ok, "registration event refused: \(String(describing: r.error))")
        return (a, identity.login(a.accountId))
    }

    /// A harness with `employer` created and Gilbert registered as its first administrator:
    /// (the harness, his session).
    static func withGilbertAdminOf(_ employer: String) throws -> (AdminHarness, String) {
        let h = try AdminHarness()
        do {
            try h.createEmployer(employer)
            return (h, try h.registeredAdmin(employer, email: "gilbert@modelesa.ch").1)
        } catch {
            h.stop()
            throw error
        }
    }

    /// A user an admin added (variant 2), then logged in once they set a password.
    func addedUser(
        _ employer: String, by session: String, email: String, first: String, last: String,
        admin: Bool = false, themes: [String] = ["accounting"], language: Language = .fr
    ) throws -> (String, String) {
        let r = try call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: employer, email: email, firstName: first,
                lastName: last, language: language, admin: admin,
                themes: themes), session: session)
        return (r.userId, identity.login(r.userId))
    }

    /// The owner of an existing account, added by `employer`'s admin, accepts (their consent).
    func consent(_ employer: String, accountId: String) throws {
        _ = try call(
            InvitationsAnswer.self, .init(employer: employer, answer: .accept), session: identity.login(accountId))
    }

    /// Audit entries of an employer, newest first.
    func audit(_ employer: String, session: String) throws -> [AuditEntry] {
        try call(AuditSearch.self, AuditSearch.Body(employer: employer, limit: 500), session: session).entries
    }
}
