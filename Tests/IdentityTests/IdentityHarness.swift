import Client
import Contracts
import Foundation
import IdentityCore
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// The identity service on temp dirs, with fake notifier and admin peers on
/// sockets and a clock the test moves by hand. By default the service runs in this
/// process (`InProcessService`: its responder called directly, its relay and sweeper on
/// threads, a ManualClock); `inProcess: false` starts the real executable with a
/// clock file (IDENTITY_TEST_CLOCK_FILE), for what only a process shows (start-up,
/// its memory). Codes are read from what the fake notifier received. Every secret a
/// test uses is remembered so that `assertNoSecretInLog` can look for it.
final class IdentityHarness: Sendable {
    let dir: TempDirectory
    let notifier: FakePeer
    let admin: FakePeer
    /// The real executable (`inProcess: false`), else nil.
    let process: ServiceProcess?
    /// The executable's socket client (`inProcess: false`), else nil.
    private let processClient: ServiceClient?
    let clock = ManualClock(Date(rfc3339: "2026-11-27T09:00:00Z")!)
    let clockFile: String
    private struct State {
        var now: Date
        var secrets: [String] = []
        var consumed: [String: Int] = [:]
        /// Replaced by `restart` (in process).
        var service: InProcessService?
        var environment: [String: String] = [:]
    }
    private let state: Mutex<State>
    var now: Date { state.withLock { $0.now } }
    var secrets: [String] { state.withLock { $0.secrets } }
    var service: InProcessService? { state.withLock { $0.service } }
    var environment: [String: String] { state.withLock { $0.environment } }

    var runDir: String { dir.file("run") }
    var dataDir: String { dir.file("data") }

    init(environment extra: [String: String] = [:], inProcess: Bool = true) throws {
        dir = TempDirectory("idt")
        let run = dir.file("run")
        let data = dir.file("data")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        clockFile = dir.file("clock")
        state = Mutex(State(now: clock.now()))
        notifier = FakePeer(socketPath: "\(run)/notifier.sock")
        notifier.on(NotifierSend.self) { body in .init(messageId: "m-" + body.idempotencyKey, status: "queued") }
        admin = FakePeer(socketPath: "\(run)/admin.sock")
        admin.on(AccountRegistered.self) { _ in Empty() }
        admin.on(AccountChanged.self) { _ in Empty() }
        notifier.start()
        admin.start()
        var env = ["IDENTITY_ARGON2_MEMORY_KIB": "256", "IDENTITY_ARGON2_OPS": "1"]
        for (k, v) in extra { env[k] = v }
        state.withLock { [env] in $0.environment = env }
        if inProcess {
            process = nil
            processClient = nil
            try startInProcess()
        } else {
            env["IDENTITY_TEST_CLOCK_FILE"] = clockFile
            let process = ServiceProcess("identity", runDir: run, dataDir: data, environment: env)
            self.process = process
            processClient = process.client()
            writeClock()
            try process.start()
        }
    }

    private func startInProcess() throws {
        let next = try InProcessService(
            "identity", runDir: runDir, dataDir: dataDir, environment: environment,
            messages: IdentityService.messages, clock: clock
        ) { try IdentityService.build($0) }
        state.withLock { $0.service = next }
    }

    func close() {
        stop()
        notifier.stop()
        admin.stop()
        dir.remove()
    }

    /// Stops the service (SIGTERM for the executable); true when it stopped cleanly.
    @discardableResult
    func stop() -> Bool {
        if let process { return process.stop() == 0 }
        return service?.stop() ?? true
    }

    /// The service again on the same files, with `environment` changes.
    func restart(environment changes: [String: String] = [:]) throws {
        state.withLock { for (k, v) in changes { $0.environment[k] = v } }
        XCTAssertTrue(stop())
        if let process {
            for (k, v) in changes { process.environment[k] = v }
            try process.start()
        } else {
            try startInProcess()
        }
    }

    /// The service's log so far.
    func log() -> String { process?.log() ?? service?.log() ?? "" }

    // MARK: time

    func advance(_ seconds: TimeInterval) {
        let now = state.withLock {
            $0.now += seconds
            return $0.now
        }
        clock.set(now)
        if process != nil { writeClock() }
    }

    private func writeClock() {
        try? now.rfc3339.write(toFile: clockFile, atomically: true, encoding: .utf8)
    }

    // MARK: calls

    /// The service's responder in process (the current one after a restart), or the executable's socket.
    var client: any ServiceCalls { processClient ?? service!.client }

    /// A client of its own (a connection of its own, for the executable).
    func newClient(timeout: TimeInterval = 60) -> any ServiceCalls {
        process?.client(timeout: timeout) ?? service!.client
    }

    @discardableResult
    func call<M: Message>(
        _ message: M.Type, _ body: M.Body, session: String? = nil,
        lang: Language? = nil
    ) throws -> M.Reply {
        try client.call(message, body, session: session, lang: lang)
    }

    /// The error a call answers (fails the test if it succeeds).
    func error<M: Message>(
        _ message: M.Type, _ body: M.Body, session: String? = nil, lang: Language? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) -> ServiceError {
        do {
            _ = try client.call(message, body, session: session, lang: lang)
            XCTFail("\(M.type) succeeded", file: file, line: line)
        } catch let e as ServiceError {
            return e
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return ServiceError(.internal)
    }

    /// The raw reply envelope (to compare answers byte for byte).
    func raw<M: Message>(_ message: M.Type, _ body: M.Body) throws -> ReplyEnvelope {
        try client.send(type: M.type, body: body, id: "same")
    }

    func remember(_ secret: String) { state.withLock { $0.secrets.append(secret) } }

    // MARK: what the notifier and admin received

    /// The params of the next not-yet-read `notifier.send` with this template to `to`.
    func nextSend(_ template: String, to: String, file: StaticString = #filePath, line: UInt = #line) -> [String:
        String]
    {
        let key = "\(template)|\(to)"
        let want = state.withLock { ($0.consumed[key] ?? 0) + 1 }
        let matching = sends(template, to: to, atLeast: want)
        if matching.count >= want {
            state.withLock { $0.consumed[key] = want }
            let params = matching[want - 1].params
            if let code = params["code"] {
                remember(code)
                remember(code.replacingOccurrences(of: " ", with: ""))
            }
            return params
        }
        XCTFail("no \(template) to \(to) arrived", file: file, line: line)
        return [:]
    }

    func sends(_ template: String, to: String? = nil) -> [NotifierSend.Body] {
        Self.matching(notifier.requests(NotifierSend.type), template, to)
    }

    /// The sends of `template` to `to` once at least `count` arrived (the relay is
    /// asynchronous), or those there are after 10 s. Woken by each arrival.
    func sends(_ template: String, to: String?, atLeast count: Int) -> [NotifierSend.Body] {
        let all = notifier.wait(for: NotifierSend.type) { Self.matching($0, template, to).count >= count }
        return Self.matching(all, template, to)
    }

    /// Waits until the relay has handed every queued message to its peer (and deleted
    /// it): then what the fake notifier holds is all there will be. The relay signals
    /// nothing a test can wait on, so this is a bounded poll of the outbox table.
    @discardableResult
    func waitUntilOutboxDrained(timeout: TimeInterval = 10) -> Bool {
        Poll.until(timeout: timeout) {
            let run = try? ProgramRun.run(
                "/usr/bin/sqlite3",
                [
                    "-readonly", "\(dataDir)/identity.sqlite",
                    "SELECT count(*) FROM service_outbox;",
                ])
            return run?.status == 0 && run?.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0"
        }
    }

    private static func matching(_ requests: [JSONValue], _ template: String, _ to: String?) -> [NotifierSend.Body] {
        requests.compactMap { try? $0.decode(NotifierSend.Body.self) }
            .filter { $0.template == template && (to == nil || $0.to == to) }
    }

    func code(_ template: String, to: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        nextSend(template, to: to, file: file, line: line)["code"] ?? ""
    }

    func registered(count: Int) -> [AccountRegistered.Body] {
        admin.wait(for: AccountRegistered.type, count: count).compactMap { try? $0.decode(AccountRegistered.Body.self) }
    }

    // MARK: flows

    func invite(_ number: String = "1283.220", name: String = "Modèle SA") throws -> String {
        let code = try call(InvitationIssue.self, .init(employerNumber: number, employerName: name)).accessCode
        remember(code)
        remember(code.replacingOccurrences(of: " ", with: ""))
        return code
    }

    /// Access code → e-mail → activation code; returns the registration id and `next`.
    func startRegistration(email: String, accessCode: String) throws -> (String, RegistrationNext) {
        let reg = try call(RegistrationStart.self, .init(accessCode: accessCode)).registrationId
        try call(RegistrationEmail.self, .init(registrationId: reg, email: email))
        let activation = code(TemplateName.emailActivation, to: email)
        let next = try call(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: activation)).next
        return (reg, next)
    }

    /// A new person's registration up to its SMS step (access code, e-mail,
    /// activation code, names and password); returns the registration id.
    func registrationAtSms(
        email: String, accessCode: String, firstName: String = "Gilbert", language: Language = .fr,
        password: String
    ) throws -> String {
        let (reg, next) = try startRegistration(email: email, accessCode: accessCode)
        XCTAssertEqual(next, .account)
        remember(password)
        try call(
            RegistrationAccount.self,
            .init(
                registrationId: reg, firstName: firstName, lastName: "Modele",
                language: language, password: password, acceptTerms: true))
        return reg
    }

    /// A whole registration of a new person; returns the account id.
    @discardableResult
    func register(email: String, password: String, phone: String, number: String = "1283.220") throws -> String {
        let access = try invite(number, name: "Employer \(number)")
        let reg = try registrationAtSms(email: email, accessCode: access, password: password)
        try call(RegistrationSmsSend.self, .init(registrationId: reg, phone: phone))
        let sms = code(TemplateName.smsEnrolment, to: e164(phone))
        advance(31)
        return try call(RegistrationSmsConfirm.self, .init(registrationId: reg, smsCode: sms)).accountId
    }

    /// Password then SMS; returns the session token.
    func login(email: String, password: String, phone: String) throws -> LoginFinish.Reply {
        remember(password)
        advance(31) // the last SMS to this phone may be less than 30 s old
        let start = try call(LoginStart.self, .init(email: email, password: password))
        XCTAssertEqual(start.next, .sms)
        let sms = code(TemplateName.smsLogin, to: e164(phone))
        advance(31)
        let done = try call(LoginFinish.self, .init(challengeId: start.challengeId, smsCode: sms))
        remember(done.session)
        return done
    }

    func e164(_ phone: String) -> String { (try? PhoneNumberForTests.e164(phone)) ?? phone }

    // MARK: secrets in the log

    func assertNoSecretInLog(file: StaticString = #filePath, line: UInt = #line) {
        let text = log()
        XCTAssertFalse(text.isEmpty, file: file, line: line)
        var labelled: [String: String] = [:]
        for (i, secret) in Set(secrets).enumerated() { labelled["secret #\(i) (\(secret.count) characters)"] = secret }
        XCTAssertEqual(
            SecretScan.found(in: ["identity": text], labelled), [], "a secret is in the log",
            file: file, line: line)
    }
}

/// The E.164 form the fake notifier sees, for the phone formats tests use.
enum PhoneNumberForTests {
    static func e164(_ s: String) throws -> String {
        let digits = s.filter { $0.isNumber }
        if s.hasPrefix("+") { return "+" + digits }
        if digits.hasPrefix("00") { return "+" + digits.dropFirst(2) }
        return "+41" + digits.dropFirst()
    }
}
