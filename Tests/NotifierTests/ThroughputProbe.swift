import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// Not a test of speed (no timed assertion): a probe that prints how many
/// messages the notifier accepts durably per second and delivers per second to
/// the file outbox, driven by 32 concurrent connections of a small Python client
/// (so the client's cost stays small next to the server's). Runs only with
/// `NOTIFIER_PROBE=<messages>`; for release figures build the notifier with
/// `swift build -c release` and point `CONNECT_BIN_DIR` at it:
///   CONNECT_BIN_DIR=$(swift build -c release --show-bin-path) NOTIFIER_PROBE=20000 \
///     swift test --skip-build --filter ThroughputProbe
/// (`NOTIFIER_PROBE_LOG_LEVEL=info` to measure with the per-request log lines.)
final class ThroughputProbe: XCTestCase {
    static let client = """
        import socket, sys, threading, time, json
        path, total, lanes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        ok = [0] * lanes
        def lane(k):
            s = socket.socket(socket.AF_UNIX); s.connect(path)
            f = s.makefile("rb")
            for i in range(k, total, lanes):
                body = {"idempotencyKey": "probe-%d" % i, "channel": "email", "to": "user%d@modelesa.ch" % i,
                        "language": "de", "template": "password_reset", "params": {"code": "ABCD EFGH %04d" % (i % 10000)}}
                s.sendall((json.dumps({"id": str(i), "type": "notifier.send", "body": body}) + "\\n").encode())
                if b'"ok":true' in f.readline(): ok[k] += 1
        t = time.time()
        threads = [threading.Thread(target=lane, args=(k,)) for k in range(lanes)]
        [x.start() for x in threads]; [x.join() for x in threads]
        print(sum(ok), time.time() - t)
        """

    func testAcceptAndDeliverRates() throws {
        guard let raw = ProcessInfo.processInfo.environment["NOTIFIER_PROBE"], let total = Int(raw) else {
            throw XCTSkip("set NOTIFIER_PROBE=<messages> to measure")
        }
        // Per-request info lines cost much (see the report): warning unless asked.
        let level = ProcessInfo.processInfo.environment["NOTIFIER_PROBE_LOG_LEVEL"] ?? "warning"
        let notifier = NotifierUnderTest("nq", environment: ["CONNECT_LOG_LEVEL": level])
        defer { notifier.remove() }
        try notifier.start()
        let script = notifier.temp.file("client.py")
        try Self.client.write(toFile: script, atomically: true, encoding: .utf8)
        let started = monotonicSeconds()
        let out = try runProgram("/usr/bin/python3", [script, notifier.process.socketPath, String(total), "32"]).output
        let parts = out.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        let accepted = Int(parts.first ?? "") ?? 0
        let acceptSeconds = Double(parts.last ?? "") ?? 0
        XCTAssertEqual(accepted, total)
        let dir = "\(notifier.outbox)/email"
        var delivered = 0
        Poll.until(timeout: 600 - (monotonicSeconds() - started)) {
            delivered =
                ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.count
            return delivered >= accepted
        }
        let all = monotonicSeconds() - started
        print(
            String(
                format: "notifier probe: %d messages over 32 connections: accepted %.0f/s durable (%.2f s); "
                    + "delivered to the file outbox %.0f/s (all %d in %.2f s from the first send)",
                total, Double(accepted) / acceptSeconds, acceptSeconds, Double(delivered) / all, delivered, all))
    }
}
