import Client
import Foundation
import Wire
import Contracts
import Runtime
import Synchronization
import TestSupport
import XCTest

/// The real `identity` executable on temp dirs, with fake notifier and admin
/// peers and a clock file (IDENTITY_TEST_CLOCK_FILE) the test moves by hand.
/// Codes are read from what the fake notifier received. Every secret a test
/// uses is remembered so that `assertNoSecretInLog` can look for it.
final class IdentityHarness: Sendable {
    let dir: TempDirectory
    let notifier: FakePeer
    let admin: FakePeer
    let process: ServiceProcess
    let clockFile: String
    private struct State {
        var now: Date
        var secrets: [String] = []
        var consumed: [String: Int] = [:]
    }
    private let state: Mutex<State>
    var now: Date { state.withLock { $0.now } }
    var secrets: [String] { state.withLock { $0.secrets } }
    let client: ServiceClient

    init(environment extra: [String: String] = [:]) throws {
        dir = TempDirectory("idt")
        let run = dir.file("run"), data = dir.file("data")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        clockFile = dir.file("clock")
        state = Mutex(State(now: Date(rfc3339: "2026-11-27T09:00:00Z")!))
        notifier = FakePeer(socketPath: "\(run)/notifier.sock")
        notifier.on(NotifierSend.self) { body in .init(messageId: "m-" + body.idempotencyKey, status: "queued") }
        admin = FakePeer(socketPath: "\(run)/admin.sock")
        admin.on(AccountRegistered.self) { _ in Empty() }
        admin.on(AccountChanged.self) { _ in Empty() }
        notifier.start()
        admin.start()
        var env = ["IDENTITY_TEST_CLOCK_FILE": clockFile, "IDENTITY_ARGON2_MEMORY_KIB": "256",
                   "IDENTITY_ARGON2_OPS": "1"]
        for (k, v) in extra { env[k] = v }
        process = ServiceProcess("identity", runDir: run, dataDir: data, environment: env)
        client = process.client()
        writeClock()
        try process.start()
    }

    func close() {
        process.stop()
        notifier.stop()
        admin.stop()
        dir.remove()
    }

    func restart() throws {
        XCTAssertEqual(process.stop(), 0)
        try process.start()
    }

    // MARK: time

    func advance(_ seconds: TimeInterval) {
        state.withLock { $0.now += seconds }
        writeClock()
    }

    private func writeClock() {
        try? now.rfc3339.write(toFile: clockFile, atomically: true, encoding: .utf8)
    }

    // MARK: calls

    @discardableResult
    func call<M: Message>(_ message: M.Type, _ body: M.Body, session: String? = nil,
                          lang: Language? = nil) throws -> M.Reply {
        try client.call(message, body, session: session, lang: lang)
    }

    /// The error a call answers (fails the test if it succeeds).
    func error<M: Message>(_ message: M.Type, _ body: M.Body, session: String? = nil, lang: Language? = nil,
                           file: StaticString = #filePath, line: UInt = #line) -> ServiceError {
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
    func nextSend(_ template: String, to: String, file: StaticString = #filePath, line: UInt = #line) -> [String: String] {
        let key = "\(template)|\(to)"
        let want = state.withLock { ($0.consumed[key] ?? 0) + 1 }
        let deadline = Date() + 10
        while Date() < deadline {
            let matching = sends(template, to: to)
            if matching.count >= want {
                state.withLock { $0.consumed[key] = want }
                let params = matching[want - 1].params
                if let code = params["code"] {
                    remember(code)
                    remember(code.replacingOccurrences(of: " ", with: ""))
                }
                return params
            }
            usleep(20_000)
        }
        XCTFail("no \(template) to \(to) arrived", file: file, line: line)
        return [:]
    }

    func sends(_ template: String, to: String? = nil) -> [NotifierSend.Body] {
        notifier.requests(NotifierSend.type).compactMap { try? $0.decode(NotifierSend.Body.self) }
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

    /// A whole registration of a new person; returns the account id.
    @discardableResult
    func register(email: String, password: String, phone: String, number: String = "1283.220") throws -> String {
        let access = try invite(number, name: "Employer \(number)")
        let (reg, next) = try startRegistration(email: email, accessCode: access)
        XCTAssertEqual(next, .account)
        remember(password)
        try call(RegistrationAccount.self, .init(registrationId: reg, firstName: "Gilbert", lastName: "Modele",
                                                 language: .fr, password: password, acceptTerms: true))
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
        let log = process.log()
        XCTAssertFalse(log.isEmpty, file: file, line: line)
        var labelled: [String: String] = [:]
        for (i, secret) in Set(secrets).enumerated() { labelled["secret #\(i) (\(secret.count) characters)"] = secret }
        XCTAssertEqual(SecretScan.found(in: ["identity": log], labelled), [], "a secret is in the log",
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
