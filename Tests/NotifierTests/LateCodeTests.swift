import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 14 (9): a message carrying a code with a validity (`validUntil`) retries
/// on a short schedule and is never delivered after the validity; it is then
/// `expired` in `notifier.status`, with the reason. Default back-off (30 s) here.
final class LateCodeTests: XCTestCase {
    func sms(_ notifier: NotifierUnderTest, _ key: String, validFor seconds: TimeInterval) throws -> NotifierSend.Reply
    {
        try notifier.client().call(
            NotifierSend.self,
            NotifierSend.Body(
                idempotencyKey: key, channel: .sms, to: "+41791234567", language: .fr, template: TemplateName.smsLogin,
                params: ["code": "123456"], validUntil: Date().addingTimeInterval(seconds).rfc3339))
    }

    func testAnAwaitedCodeRetriesWithinSecondsNotAfterTheDefaultBackOff() throws {
        let temp = TempDirectory("lcg")
        defer { temp.remove() }
        let gateway = try HTTPGateway(directory: temp.path, behaviour: "500") // the first try fails
        defer { gateway.stop() }
        let notifier = NotifierUnderTest(
            "lc",
            environment: [
                "NOTIFIER_SMS_OUTBOX": gateway.url,
                "NOTIFIER_RETRY_BASE": "30",
            ])
        defer { notifier.remove() }
        try notifier.start()
        let started = Date()
        let reply = try sms(notifier, "late-1", validFor: 600)
        try notifier.waitFor(reply.messageId, "sent", timeout: 10)
        let took = Date().timeIntervalSince(started)
        XCTAssertLessThan(took, 8, "the second try came on the short schedule (the default would wait 30 s)")
        XCTAssertEqual(gateway.requests.count, 2)
    }

    func testAnUndeliverableCodeExpiresAtItsValidityAndIsNeverSentLate() throws {
        let port = freePort() // nobody listens: every try fails and is retried
        let notifier = NotifierUnderTest(
            "lc",
            environment: [
                "NOTIFIER_SMS_OUTBOX": "http:http://127.0.0.1:\(port)/sms", "NOTIFIER_RETRY_BASE": "30",
            ])
        defer { notifier.remove() }
        try notifier.start()
        // 4 s: the wire's validUntil has whole seconds (up to 1 s lost), and a try must fit
        // before it with the outbox's 2 s (a 1 s timeout + 1), so the first try is always made.
        let reply = try sms(notifier, "late-2", validFor: 4)
        let expired = try notifier.waitFor(reply.messageId, "expired", timeout: 8)
        XCTAssertTrue(
            expired.lastError?.hasPrefix("expired: the code it carries was valid until") ?? false,
            String(describing: expired.lastError))
        XCTAssertGreaterThan(expired.attempts, 1, "it was retried while valid")
        // A code whose time is already over is never handed to the outbox at all.
        let file = NotifierUnderTest("lc")
        defer { file.remove() }
        try file.start()
        let stale = try sms(file, "late-3", validFor: -1)
        try file.waitFor(stale.messageId, "expired")
        XCTAssertEqual(file.files(.sms), [], "nothing delivered late")
        // A bad validity is refused, naming the field.
        XCTAssertThrowsError(
            try file.client().call(
                NotifierSend.self,
                NotifierSend.Body(
                    idempotencyKey: "late-4", channel: .sms, to: "+41791234567", language: .fr,
                    template: TemplateName.smsLogin,
                    params: ["code": "123456"], validUntil: "tomorrow"))
        ) {
            XCTAssertEqual(($0 as? ServiceError)?.field, "validUntil")
        }
    }
}
