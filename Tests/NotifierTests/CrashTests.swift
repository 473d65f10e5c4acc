import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// kill -9 while sending, restart: every accepted message is delivered exactly
/// once per idempotency key.
final class CrashTests: XCTestCase {
    /// Sends `keys` on 16 connections; returns key → messageId for those answered.
    static func sendAll(_ notifier: NotifierUnderTest, _ keys: [String], channel: Channel = .email) -> [String: String]
    {
        let client = notifier.client()
        let answered = Locked([String: String]())
        DispatchQueue.concurrentPerform(iterations: 16) { lane in
            for (i, key) in keys.enumerated() where i % 16 == lane {
                let body =
                    channel == .email
                    ? NotifierSend.Body(
                        idempotencyKey: key, channel: .email, to: "user\(i)@modelesa.ch", language: .fr,
                        template: TemplateName.passwordReset, params: ["code": "ABCD EFGH \(1000 + i)"])
                    : NotifierSend.Body(
                        idempotencyKey: key, channel: .sms, to: "+4179\(String(format: "%07d", i))",
                        language: .fr, template: TemplateName.smsLogin, params: ["code": "123456"])
                if let reply = try? client.call(NotifierSend.self, body) {
                    answered.with { $0[key] = reply.messageId }
                }
            }
        }
        return answered.get
    }

    func waitAllSent(_ notifier: NotifierUnderTest, _ ids: [String], timeout: TimeInterval = 30) throws {
        var pending = ids
        try Poll.until(timeout: timeout, every: 0.1) {
            pending = try pending.filter { try notifier.status($0).status != .sent }
            return pending.isEmpty
        }
        XCTAssertEqual(pending, [], "not delivered after restart")
    }

    func testKillWhileWritingFilesThenRestartDeliversEachOnce() throws {
        let notifier = NotifierUnderTest("nc", environment: ["NOTIFIER_LEASE": "2", "NOTIFIER_WORKERS": "4"])
        defer { notifier.remove() }
        try notifier.start()
        let keys = (0..<600).map { "crash-\($0)" }
        let senderDone = DispatchSemaphore(value: 0)
        let sender = Thread {
            _ = CrashTests.sendAll(notifier, keys)
            senderDone.signal()
        }
        sender.start()
        // Kill once delivery is under way (another process: a bounded poll of its outbox directory).
        Poll.until(timeout: 20, every: 0.002) { notifier.files(.email).count >= 10 }
        notifier.process.kill()
        let deliveredBeforeKill = notifier.files(.email).count
        XCTAssertLessThan(deliveredBeforeKill, keys.count, "the kill came while sending")
        print("crash test: \(deliveredBeforeKill) of \(keys.count) files written before kill -9")
        // The first sender's remaining calls fail against the dead socket: let it end first.
        XCTAssertEqual(senderDone.wait(timeout: .now() + 30), .success)

        try notifier.start()
        // The caller retries every key (as the senders' outbox relays do): same message for each.
        let first = Self.sendAll(notifier, keys)
        XCTAssertEqual(first.count, keys.count)
        let again = Self.sendAll(notifier, keys)
        XCTAssertEqual(again, first, "same key, same messageId")
        try waitAllSent(notifier, Array(first.values))
        let files = notifier.files(.email)
        XCTAssertEqual(files.count, keys.count, "one file per message (\(deliveredBeforeKill) before the kill)")
        XCTAssertEqual(Set(files), Set(first.values.map { "\($0).eml" }))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: "\(notifier.outbox)/email").filter {
            $0.hasPrefix(".")
        }
        XCTAssertEqual(hidden, [], "no half-written file left")
    }

    func testKillWhileAGatewayIsSlowThenRestartMissesNoneAndRepeatsOnlyInFlight() throws {
        let rig = try NotifierBehindGateway("nc", gatewayDelay: 0.2, lease: 4)
        defer { rig.remove() }
        let (gateway, notifier) = (rig.gateway, rig.notifier)
        try notifier.start()
        let keys = (0..<40).map { "gw-\($0)" }
        let accepted = Self.sendAll(notifier, keys, channel: .sms)
        XCTAssertEqual(accepted.count, keys.count)
        Poll.until(timeout: 20) { gateway.requests.count >= 8 }
        notifier.process.kill()
        let beforeKill = Set(gateway.requests.compactMap(\.key))
        XCTAssertLessThan(beforeKill.count, keys.count, "the kill came while sending")

        try notifier.start()
        try waitAllSent(notifier, Array(accepted.values))
        let requests = gateway.requests
        let distinct = Set(requests.compactMap(\.key))
        XCTAssertEqual(distinct, Set(accepted.values), "every message reached the gateway, none missing")
        // Only the deliveries in flight at the kill (one per worker) may repeat.
        let repeated = requests.count - distinct.count
        XCTAssertLessThanOrEqual(repeated, 4, "repeats: \(repeated)")
        print(
            "crash test: \(beforeKill.count) of \(keys.count) at the gateway before kill -9, \(repeated) repeated after"
        )
    }
}
