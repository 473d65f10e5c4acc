import Contracts
import Foundation
import Runtime
import TestSupport
import Wire

/// The real identity beside the real admin on a temp directory, with a fake
/// notifier whose recorded requests carry the codes: the rig of the tests that
/// need both services' behaviour, not a stand-in for identity. Both read one clock
/// file (IDENTITY_TEST_CLOCK_FILE, ADMIN_TEST_CLOCK_FILE) that `advance` moves, so a
/// resend interval or a step-up window passes without waiting.
final class IdentityAdminRig {
    let dir: TempDirectory
    let notifier: FakePeer
    let identity: ServiceProcess
    let admin: ServiceProcess
    private let clockFile: String
    private var now = Date()

    init(_ prefix: String, adminEnvironment: [String: String] = [:]) throws {
        dir = TempDirectory(prefix)
        let run = dir.file("run")
        let data = dir.file("data")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        notifier = FakePeer(socketPath: "\(run)/notifier.sock")
        notifier.on(NotifierSend.self) { b in NotifierSend.Reply(messageId: "m-\(b.idempotencyKey)", status: "queued") }
        notifier.start()
        clockFile = dir.file("clock")
        var adminEnvironment = adminEnvironment
        adminEnvironment["ADMIN_TEST_CLOCK_FILE"] = clockFile
        // Small argon2 and a short resend spacing: the flows, not the hash, are under test.
        identity = ServiceProcess(
            "identity", runDir: run, dataDir: data,
            environment: [
                "IDENTITY_ARGON2_MEMORY_KIB": "8192", "IDENTITY_ARGON2_OPS": "1",
                "IDENTITY_SMS_RESEND_INTERVAL": "0.05",
                "IDENTITY_TEST_CLOCK_FILE": clockFile,
            ])
        admin = ServiceProcess("admin", runDir: run, dataDir: data, environment: adminEnvironment)
        writeClock()
        try identity.start()
        try admin.start()
    }

    func stop() {
        admin.stop()
        identity.stop()
        notifier.stop()
        dir.remove()
    }

    struct NotSent: Error { let what: String }

    /// Moves both services' clock on by `seconds`.
    func advance(_ seconds: TimeInterval) {
        now += seconds
        writeClock()
    }

    private func writeClock() {
        // Epoch seconds with their fraction: an RFC 3339 time would round to the second.
        try? String(now.timeIntervalSince1970).write(toFile: clockFile, atomically: true, encoding: .utf8)
    }

    /// Every message sent so far with `template` (to `to`, if given).
    func all(_ template: String, to: String? = nil) throws -> [NotifierSend.Body] {
        try notifier.requests(NotifierSend.type).map { try $0.decode(NotifierSend.Body.self) }
            .filter { $0.template == template && (to == nil || $0.to == to) }
    }

    /// The n-th message sent with `template` (to `to`, if given), waiting up to 10 s for it
    /// (woken by each message the fake notifier receives).
    func sent(_ template: String, to: String? = nil, _ n: Int = 1) throws -> NotifierSend.Body {
        let matching = { (sent: [JSONValue]) in
            try sent.map { try $0.decode(NotifierSend.Body.self) }
                .filter { $0.template == template && (to == nil || $0.to == to) }
        }
        let all = try matching(notifier.wait(for: NotifierSend.type) { try matching($0).count >= n })
        if all.count >= n { return all[n - 1] }
        throw NotSent(what: "no \(template) #\(n)" + (to.map { " to \($0)" } ?? ""))
    }
}
