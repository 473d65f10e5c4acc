import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, item 10: one `CONNECT_SERVICE_UIDS` let the notifier send
/// `admin.account.registered`, `identity.invitation.issue` or `identity.account.update`.
/// Each service-to-service message now names who may send it, one uid setting per
/// service. The test process plays identity (its uid is `CONNECT_IDENTITY_UIDS`);
/// admin and the notifier are uids nobody has here; `CONNECT_SERVICE_UIDS` still
/// lists the test's uid, as the old single list did.
final class PeerAccessAttackTests: XCTestCase {
    func testEachServiceMessageOnlyFromTheServiceNamedInTheContract() throws {
        let dir = TempDirectory("pa")
        defer { dir.remove() }
        let me = String(getuid())
        let env = [
            "CONNECT_SERVICE_UIDS": me, "CONNECT_IDENTITY_UIDS": me,
            "CONNECT_ADMIN_UIDS": "4242001", "CONNECT_NOTIFIER_UIDS": "4242002",
            "NOTIFIER_OUTBOX": "file:\(dir.file("outbox"))",
            "IDENTITY_ARGON2_MEMORY_KIB": "8", "IDENTITY_ARGON2_OPS": "1",
        ]
        var services: [String: ServiceProcess] = [:]
        for name in [ServiceName.notifier, ServiceName.identity, ServiceName.admin] {
            let s = ServiceProcess(name, runDir: dir.file("run"), dataDir: dir.file("data"), environment: env)
            try s.start()
            services[name] = s
        }
        defer { for s in services.values { s.stop() } }
        func code(_ service: String, _ type: String, _ body: [String: JSONValue]) throws -> String? {
            try services[service]!.client().send(type: type, body: body).error?.code
        }
        // Only admin may ask identity to issue codes, change accounts, verify sessions.
        XCTAssertEqual(
            try code("identity", InvitationIssue.type, ["employerNumber": "100.001", "employerName": "X"]), "forbidden")
        XCTAssertEqual(try code("identity", AccountUpdate.type, ["accountId": "acc_x", "disabled": true]), "forbidden")
        XCTAssertEqual(try code("identity", SessionVerify.type, ["session": "s"]), "forbidden")
        // identity may tell admin about accounts (an unknown employer is not a refusal of the sender).
        XCTAssertNotEqual(
            try code(
                "admin", AccountRegistered.type,
                [
                    "accountId": "acc_x", "employerNumber": "100.001", "email": "a@b.ch", "firstName": "A",
                    "lastName": "B",
                    "language": "fr",
                ]), "forbidden")
        // identity may send notices through the notifier.
        XCTAssertNil(
            try code(
                "notifier", NotifierSend.type,
                [
                    "idempotencyKey": "pa-1", "channel": "email", "to": "lea@modelesa.ch", "language": "fr",
                    "template": .string(TemplateName.passwordChanged), "params": .object(["firstName": "Léa"]),
                ]))
        // Every uid setting was given: no warning about the shared list.
        XCTAssertFalse(services["admin"]!.log().contains("access.sharedServiceUids"))
    }

    /// The old single list still works where only it is set, with a warning that names
    /// the settings to use.
    func testTheSharedListAloneStillWorksAndIsWarnedAbout() throws {
        let dir = TempDirectory("pb")
        defer { dir.remove() }
        let admin = ServiceProcess(
            ServiceName.admin, runDir: dir.file("run"), dataDir: dir.file("data"),
            environment: ["CONNECT_SERVICE_UIDS": String(getuid())])
        try admin.start()
        defer { admin.stop() }
        let reply = try admin.client().send(
            type: AccountChanged.type, body: ["accountId": "acc_none"] as [String: JSONValue])
        XCTAssertNotEqual(reply.error?.code, "forbidden")
        XCTAssertTrue(admin.log().contains("access.sharedServiceUids"))
        XCTAssertTrue(admin.log().contains("CONNECT_IDENTITY_UIDS"))
    }
}
