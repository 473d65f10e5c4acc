import Client
import Contracts
import Foundation
import NotifierCore
import Runtime
import SQLite
import TestSupport
import Wire
import XCTest

/// The notifier's messages in process (its responder called directly, its dispatcher on
/// threads) on a temp dir with the file outbox: what an executable would add is its
/// start-up, tested in NotifierProcessTests.
final class NotifierHandlerTests: XCTestCase {
    var notifier: NotifierUnderTest!

    override func setUpWithError() throws {
        notifier = NotifierUnderTest("np", inProcess: true)
        try notifier.start()
    }

    override func tearDown() { notifier.remove() }

    func testSendDeliversExactlyOneFileWithTheCode() throws {
        let reply = try notifier.send("evt-1")
        XCTAssertEqual(reply.status, "queued")
        let done = try notifier.waitFor(reply.messageId, "sent")
        XCTAssertEqual(done.attempts, 1)
        XCTAssertNil(done.lastError)
        XCTAssertEqual(notifier.files(.email), ["\(reply.messageId).eml"])
        let parsed = try PythonEmail.parse("\(notifier.outbox)/email/\(reply.messageId).eml")
        XCTAssertEqual(parsed.subject, "Votre code d'activation connect")
        XCTAssertEqual(parsed.to, "lea@modelesa.ch")
        XCTAssertTrue(try XCTUnwrap(parsed.part("text/plain")).contains("ABCD EFGH JKMN"))
        XCTAssertTrue(try XCTUnwrap(parsed.part("text/plain")).contains("Caisse de compensation des Patrons"))
    }

    func testSameKeyTwiceIsOneMessageAlsoAfterRestart() throws {
        let a = try notifier.send("evt-same")
        let b = try notifier.send("evt-same")
        XCTAssertEqual(a.messageId, b.messageId)
        try notifier.waitFor(a.messageId, "sent")
        XCTAssertEqual(notifier.stop(), 0)
        try notifier.start()
        let c = try notifier.send("evt-same")
        XCTAssertEqual(c, NotifierSend.Reply(messageId: a.messageId, status: "sent"))
        // A later message delivered proves the dispatcher passed the repeat: still one file for the key.
        let later = try notifier.send("evt-later")
        try notifier.waitFor(later.messageId, "sent")
        XCTAssertEqual(notifier.files(.email), ["\(a.messageId).eml", "\(later.messageId).eml"].sorted())
        XCTAssertEqual(try notifier.status(a.messageId).attempts, 1)
    }

    func testSmsAndStatus() throws {
        let reply = try notifier.send(
            "sms-1", channel: .sms, to: "+41791112233", language: .de,
            template: TemplateName.smsLogin, params: ["code": "483920"])
        try notifier.waitFor(reply.messageId, "sent")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(notifier.outbox)/sms/\(reply.messageId).json"))
        let sms = try JSONDecoder().decode([String: String].self, from: data)
        XCTAssertEqual(sms["to"], "+41791112233")
        XCTAssertEqual(
            sms["text"], "Ihr connect-Anmeldecode: 483920. Gültig 10 Minuten. Geben Sie ihn niemandem weiter.")
        XCTAssertThrowsError(try notifier.status("msg_nope")) { error in
            XCTAssertEqual((error as? ServiceError)?.code, .notFound)
        }
    }

    func testValidationNamesTheField() throws {
        func code(_ body: NotifierSend.Body) -> (String?, String?) {
            do {
                _ = try notifier.client().call(NotifierSend.self, body)
                return (nil, nil)
            } catch let e as ServiceError { return (e.code.rawValue, e.field) } catch { return ("?", nil) }
        }
        let ok = NotifierSend.Body(
            idempotencyKey: "v", channel: .email, to: "a@b.ch", language: .en,
            template: TemplateName.passwordReset, params: ["code": "ABCD EFGH JKMN"])
        /// The field the refusal of `ok` changed by `change` names (nil: accepted).
        func refusedField(_ change: (inout NotifierSend.Body) -> Void) -> String? {
            var b = ok
            change(&b)
            return code(b).1
        }
        XCTAssertEqual(refusedField { $0.params = [:] }, "params.code")
        XCTAssertEqual(refusedField { $0.params = ["code": " "] }, "params.code")
        var b = ok
        b.template = TemplateName.welcomeInvited
        b.params = ["firstName": "Léa", "lastName": "Modele"]
        XCTAssertEqual(code(b).1, "params.employerName")
        b.params["employerName"] = ""
        b.idempotencyKey = "v-empty-employer"
        XCTAssertNil(code(b).0, "present but empty: accepted")
        XCTAssertEqual(refusedField { $0.template = "nope" }, "template")
        XCTAssertEqual(refusedField { $0.channel = .sms }, "channel")
        XCTAssertEqual(refusedField { $0.to = "not-an-address" }, "to")
        let letterToANameOnly = { (b: inout NotifierSend.Body) in
            b.channel = .letter
            b.template = TemplateName.invitation
            b.to = "Modèle SA"
            b.params = ["code": "X", "employerName": "Modèle SA", "employerNumber": "1283.220"]
        }
        XCTAssertEqual(refusedField(letterToANameOnly), "to")
        XCTAssertEqual(refusedField { $0.idempotencyKey = "" }, "idempotencyKey")
        // A wrong language is refused by decoding, also naming the field.
        let raw = try notifier.client().send(
            type: NotifierSend.type,
            body: [
                "idempotencyKey": "x", "channel": "email", "to": "a@b.ch", "language": "xx",
                "template": "password_reset", "params": .object(["code": "1"]),
            ] as [String: JSONValue])
        XCTAssertEqual(raw.error?.code, "bad_request")
        XCTAssertEqual(raw.error?.field, "language")
        XCTAssertEqual(code(ok).0, nil)
        // The same key again: the same message; with another message: a conflict, in words.
        XCTAssertEqual(code(ok).0, nil)
        b = ok
        b.to = "c@d.ch"
        XCTAssertEqual(code(b).0, "conflict")
        XCTAssertEqual(code(b).1, "idempotencyKey")
        let fr = try notifier.client().send(type: NotifierSend.type, body: b, lang: .fr)
        XCTAssertEqual(fr.error?.message, "Cette clé d'idempotence a déjà servi pour un autre message.")
    }

    func testCodesAreErasedFromTheStoreOnceSent() throws {
        let secret = "QWER TZUP ASDF"
        let reply = try notifier.send("evt-secret", template: TemplateName.passwordReset, params: ["code": secret])
        try notifier.waitFor(reply.messageId, "sent")
        let other = try notifier.send(
            "evt-secret-2", channel: .sms, to: "+41791112233",
            template: TemplateName.smsEnrolment, params: ["code": "771234"])
        try notifier.waitFor(other.messageId, "sent")
        // While running: nothing in the tables (read-only, through the sqlite3 CLI).
        let dump = try runProgram("/usr/bin/sqlite3", ["-readonly", notifier.databasePath, ".dump"]).output
        XCTAssertTrue(dump.contains(reply.messageId), "the dump is real")
        XCTAssertFalse(dump.contains(secret))
        XCTAssertFalse(dump.contains("771234"))
        XCTAssertEqual(try notifier.status(reply.messageId).status, .sent, "status still answers")
        // Still running, once idle: not in the file nor in the WAL's older page versions.
        // The idle tick that checkpoints signals nothing: a bounded poll of the files.
        let gone = Poll.until(timeout: 5, every: 0.1) {
            !["", "-wal"].contains { suffix in
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: notifier.databasePath + suffix))) ?? Data()
                return bytes.range(of: Data(secret.utf8)) != nil || bytes.range(of: Data("771234".utf8)) != nil
            }
        }
        XCTAssertTrue(gone, "a code lingers in notifier.sqlite or its WAL")
        // After a clean stop: not even in the file's free space (secure_delete, WAL checkpointed).
        notifier.stop()
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: notifier.databasePath + suffix))) ?? Data()
            XCTAssertNil(bytes.range(of: Data(secret.utf8)), "code found in notifier.sqlite\(suffix)")
            XCTAssertNil(bytes.range(of: Data("771234".utf8)), "SMS code found in notifier.sqlite\(suffix)")
        }
    }

    func testSmsPumpingGuard() throws {
        notifier.remove()
        notifier = NotifierUnderTest("np", environment: ["NOTIFIER_SMS_PER_NUMBER_PER_HOUR": "3"], inProcess: true)
        try notifier.start()
        var ids: [String] = []
        for i in 0..<3 {
            ids.append(
                try notifier.send(
                    "p\(i)", channel: .sms, to: "+41791112233", template: TemplateName.smsLogin,
                    params: ["code": "12345\(i)"]
                ).messageId)
        }
        XCTAssertThrowsError(
            try notifier.send(
                "p3", channel: .sms, to: "+41791112233", template: TemplateName.smsLogin,
                params: ["code": "123453"])
        ) { error in
            let e = error as? ServiceError
            XCTAssertEqual(e?.code, .rateLimited)
            let retry = e?.extras["retryAfterS"]?.intValue ?? 0
            XCTAssertTrue((3500...3600).contains(retry), "retryAfterS \(retry)")
        }
        XCTAssertEqual(
            try notifier.send(
                "p1", channel: .sms, to: "+41791112233", template: TemplateName.smsLogin,
                params: ["code": "123451"]
            ).messageId, ids[1], "an accepted key is not limited")
        XCTAssertNoThrow(
            try notifier.send(
                "p4", channel: .sms, to: "+41791112299", template: TemplateName.smsLogin,
                params: ["code": "123454"]))
    }

    func testTemplatesList() throws {
        let reply = try notifier.client().call(NotifierTemplates.self, Empty())
        XCTAssertEqual(reply.templates.count, TemplateCatalog.specs.count)
        XCTAssertEqual(reply.templates.first { $0.name == "sms_login" }?.channels, ["sms"])
        XCTAssertEqual(reply.templates.first { $0.name == "phone_changed" }?.channels, ["sms", "email"])
        XCTAssertEqual(
            reply.templates.first { $0.name == "membership_consent" }?.params,
            ["firstName", "employerName", "employerNumber"])
    }
}
