import Foundation
import Contracts
import TestSupport

/// The real identity beside the real admin on a temp directory, with a fake
/// notifier whose recorded requests carry the codes: the rig of the tests that
/// need both services' behaviour, not a stand-in for identity.
final class IdentityAdminRig {
    let dir: TempDirectory
    let notifier: FakePeer
    let identity: ServiceProcess
    let admin: ServiceProcess

    init(_ prefix: String, adminEnvironment: [String: String] = [:]) throws {
        dir = TempDirectory(prefix)
        let run = dir.file("run"), data = dir.file("data")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        notifier = FakePeer(socketPath: "\(run)/notifier.sock")
        notifier.on(NotifierSend.self) { b in NotifierSend.Reply(messageId: "m-\(b.idempotencyKey)", status: "queued") }
        notifier.start()
        // Small argon2 and a short resend spacing: the flows, not the hash, are under test.
        identity = ServiceProcess("identity", runDir: run, dataDir: data,
                                  environment: ["IDENTITY_ARGON2_MEMORY_KIB": "8192", "IDENTITY_ARGON2_OPS": "1",
                                                "IDENTITY_SMS_RESEND_INTERVAL": "0.05"])
        admin = ServiceProcess("admin", runDir: run, dataDir: data, environment: adminEnvironment)
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

    /// Every message sent so far with `template` (to `to`, if given).
    func all(_ template: String, to: String? = nil) throws -> [NotifierSend.Body] {
        try notifier.requests(NotifierSend.type).map { try $0.decode(NotifierSend.Body.self) }
            .filter { $0.template == template && (to == nil || $0.to == to) }
    }

    /// The n-th message sent with `template` (to `to`, if given), waiting up to 10 s for it.
    func sent(_ template: String, to: String? = nil, _ n: Int = 1) throws -> NotifierSend.Body {
        let deadline = Date() + 10
        while Date() < deadline {
            let all = try all(template, to: to)
            if all.count >= n { return all[n - 1] }
            usleep(20_000)
        }
        throw NotSent(what: "no \(template) #\(n)" + (to.map { " to \($0)" } ?? ""))
    }
}
