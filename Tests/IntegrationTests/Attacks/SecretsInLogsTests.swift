import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Every secret a flow through the three real services saw — the access,
/// activation and reset codes, the SMS codes, the passwords, the session tokens —
/// is looked for in every service's log (identity, admin, notifier), not only
/// in identity's. (The HTTP gateway's token: HTTPOutboxTests.)
final class SecretsInLogsTests: XCTestCase {
    func testNoServiceLogsASecretItHandled() throws {
        let trio = Trio(prefix: "sil")
        defer { trio.remove() }
        try trio.start()
        try trio.requireCompleteServices()
        let flows = Flows(trio)
        var secrets: [String: String] = [:]

        let admin = try flows.employerWithAdmin(
            number: "1283.220", name: "Modèle SA", email: "anna@modelesa.ch",
            phone: "+41791112233", password: "Sonnenblume-42")
        secrets["the admin's password"] = "Sonnenblume-42"
        secrets["the admin's session"] = admin.session
        _ = try flows.identity.call(SessionReauth.self, .init(password: "Sonnenblume-42"), session: admin.session)
        // Variant 1 (the SMS code the admin types), then the new user's own reset and login.
        _ = try flows.createUser(
            session: admin.session, employer: "1283.220", email: "beat@modelesa.ch",
            firstName: "Beat", lastName: "Muster", phone: "+41792223344")
        let seen = flows.outbox.files("email", to: "beat@modelesa.ch")
        _ = try flows.identity.call(PasswordForgot.self, .init(email: "beat@modelesa.ch"))
        let reset = try flows.outbox.waitForCode("email", to: "beat@modelesa.ch", excluding: seen)
        _ = try flows.identity.call(
            PasswordReset.self,
            .init(
                email: "beat@modelesa.ch", resetCode: reset,
                newPassword: "Eigene-Blume-7"))
        secrets["the user's password"] = "Eigene-Blume-7"
        secrets["the user's session"] = try flows.login(
            email: "beat@modelesa.ch", password: "Eigene-Blume-7",
            phone: "+41792223344")

        // Every code any message carried.
        for channel in ["email", "sms"] {
            for (i, m) in flows.outbox.all(channel).enumerated() {
                let code = channel == "sms" ? FileOutboxReader.smsCode(m.text) : FileOutboxReader.longCode(m.text)
                if let code { secrets["the code in \(channel) #\(i)"] = code }
            }
        }
        XCTAssertGreaterThanOrEqual(secrets.count, 4 + 6, "the flow's codes were read: \(secrets.keys.sorted())")
        trio.stop() // every line written and flushed
        var logs: [String: String] = [:]
        for name in ServiceName.all {
            logs[name] = trio[name].log()
            XCTAssertFalse(logs[name]!.isEmpty, "\(name) logged nothing")
        }
        XCTAssertEqual(SecretScan.found(in: logs, secrets), [])
    }
}
