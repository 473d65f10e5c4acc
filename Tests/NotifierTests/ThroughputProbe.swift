import Foundation
import NotifierCore
import Shared
import TestSupport
import XCTest

/// Not a test of speed (no timed assertion): a probe that prints how many
/// messages the notifier accepts durably per second and delivers per second to
/// the file outbox, with 32 concurrent connections. Runs only with
/// `NOTIFIER_PROBE=<messages>`; use `CONNECT_BIN_DIR=$(swift build -c release --show-bin-path)`
/// for release figures:
///   NOTIFIER_PROBE=20000 swift test --skip-build --filter ThroughputProbe
final class ThroughputProbe: XCTestCase {
    func testAcceptAndDeliverRates() throws {
        guard let raw = ProcessInfo.processInfo.environment["NOTIFIER_PROBE"], let total = Int(raw) else {
            throw XCTSkip("set NOTIFIER_PROBE=<messages> to measure")
        }
        let notifier = NotifierUnderTest("nq", environment: ["CONNECT_LOG_LEVEL": "warning"])
        notifier.process.environment["CONNECT_LOG_LEVEL"] = "warning"
        defer { notifier.remove() }
        try notifier.start()
        let lanes = 32
        let client = ServiceClient(socketPath: notifier.process.socketPath, timeout: 30, maxIdle: lanes)
        let failures = Locked(0)
        let started = monotonicSeconds()
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for i in stride(from: lane, to: total, by: lanes) {
                let body = NotifierSend.Body(idempotencyKey: "probe-\(i)", channel: .email, to: "user\(i)@modelesa.ch",
                                             language: .de, template: TemplateName.passwordReset,
                                             params: ["code": "ABCD EFGH \(i)"])
                if (try? client.call(NotifierSend.self, body)) == nil { failures.with { $0 += 1 } }
            }
        }
        let accepted = monotonicSeconds() - started
        let dir = "\(notifier.outbox)/email"
        var delivered = 0
        while delivered < total - failures.get && monotonicSeconds() - started < 600 {
            delivered = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).count
            usleep(50_000)
        }
        let all = monotonicSeconds() - started
        XCTAssertEqual(failures.get, 0)
        print(String(format: "notifier probe: %d messages, 32 connections: accepted %.0f/s durable (%.2f s); "
                     + "delivered to file outbox %.0f/s (all %d in %.2f s from the first send)",
                     total, Double(total) / accepted, accepted, Double(delivered) / all, delivered, all))
    }
}
