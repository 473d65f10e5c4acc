import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 14 (2): with one owner per data directory, a restarted notifier releases
/// the claims its dead predecessor held, so every accepted message goes out within
/// 2 s of the restart, with the default 120 s lease. Measured over several kill
/// points per outbox kind, counting the deliveries made twice.
final class RestartDelayTests: XCTestCase {
    struct Round {
        var delay: Double
        var duplicates: Int
        var inFlight: Int
    }

    /// Accepts `count` messages, kills the notifier once `delivered()` reaches `killAt`,
    /// restarts it and waits until every accepted message is `sent`; the delay is
    /// counted from the restart's launch.
    func round(
        _ notifier: NotifierUnderTest, tag: String, count: Int, killAt: Int, channel: Channel,
        delivered: () -> Int
    ) throws -> (delay: Double, inFlight: Int) {
        let keys = (0..<count).map { "\(tag)-\($0)" }
        let before = delivered()
        let accepted = CrashTests.sendAll(notifier, keys, channel: channel)
        XCTAssertEqual(accepted.count, count)
        Poll.until(timeout: 20, every: 0.001) { delivered() - before >= killAt }
        notifier.process.kill()
        let inFlight = try ReadOnlyCount.sending(notifier.databasePath)
        let launched = monotonicSeconds()
        try notifier.start()
        var pending = Array(accepted.values)
        try Poll.until(timeout: 30) {
            pending = try pending.filter { try notifier.status($0).status != .sent }
            return pending.isEmpty
        }
        XCTAssertEqual(pending, [], "\(tag): not delivered after restart")
        return (monotonicSeconds() - launched, inFlight)
    }

    func report(_ kind: String, _ rounds: [Round]) {
        let worst = rounds.map(\.delay).max() ?? 0
        print(
            String(
                format:
                    "restart-to-delivery %@: worst %.2f s over %d kill points, %d duplicates, %d claims left in flight",
                kind, worst, rounds.count, rounds.map(\.duplicates).reduce(0, +), rounds.map(\.inFlight).reduce(0, +)))
        XCTAssertLessThan(worst, 2, "\(kind): a restart delivers everything within 2 s")
        XCTAssertGreaterThan(
            rounds.map(\.inFlight).reduce(0, +), 0, "\(kind): some kill left claims behind (else nothing was shown)")
    }

    func testFileOutboxDeliversWithinTwoSecondsOfRestartAndNeverTwice() throws {
        // The default lease: the restart must not wait for it.
        let notifier = NotifierUnderTest("nr", environment: ["NOTIFIER_LEASE": "120", "NOTIFIER_WORKERS": "4"])
        defer { notifier.remove() }
        try notifier.start()
        var rounds: [Round] = []
        for point in 0..<10 {
            let r = try round(notifier, tag: "f\(point)", count: 120, killAt: 1 + point * 9, channel: .email) {
                notifier.files(.email).count
            }
            rounds.append(Round(delay: r.delay, duplicates: 0, inFlight: r.inFlight))
        }
        // The same id is the same file: a repeat rewrites it, so files == messages.
        XCTAssertEqual(notifier.files(.email).count, 1200)
        report("file", rounds)
    }

    func testHTTPOutboxRepeatsOnlyWhatWasInFlight() throws {
        // The default lease: the restart must not wait for it.
        let rig = try NotifierBehindGateway("nr", gatewayDelay: 0.05, lease: 120)
        defer { rig.remove() }
        let (gateway, notifier) = (rig.gateway, rig.notifier)
        try notifier.start()
        var rounds: [Round] = []
        for point in 0..<4 {
            let r = try round(notifier, tag: "h\(point)", count: 30, killAt: 2 + point * 5, channel: .sms) {
                gateway.requests.count
            }
            rounds.append(Round(delay: r.delay, duplicates: 0, inFlight: r.inFlight))
        }
        let requests = gateway.requests
        let repeats = requests.count - Set(requests.compactMap(\.key)).count
        rounds[0].duplicates = repeats
        XCTAssertLessThanOrEqual(repeats, rounds.map(\.inFlight).reduce(0, +), "only claims in flight at a kill repeat")
        report("http", rounds)
    }

    func testSendmailOutboxRepeatsOnlyWhatWasInFlight() throws {
        let temp = TempDirectory("nrs")
        defer { temp.remove() }
        let spool = temp.file("spool")
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        // A sendmail that takes a while and keeps every message it is handed.
        let program = temp.file("sendmail")
        try "#!/bin/sh\nsleep 0.03\ncat > \"\(spool)/$(date +%s%N).$$.eml\"\n".write(
            toFile: program, atomically: true, encoding: .utf8)
        chmod(program, 0o755)
        let notifier = NotifierUnderTest(
            "nr",
            environment: [
                "NOTIFIER_EMAIL_OUTBOX": "sendmail:\(program)", "NOTIFIER_LEASE": "120", "NOTIFIER_WORKERS": "4",
            ])
        defer { notifier.remove() }
        try notifier.start()
        func handed() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasSuffix(".eml") }
        }
        var rounds: [Round] = []
        for point in 0..<4 {
            let r = try round(notifier, tag: "s\(point)", count: 30, killAt: 2 + point * 5, channel: .email) {
                handed().count
            }
            rounds.append(Round(delay: r.delay, duplicates: 0, inFlight: r.inFlight))
        }
        let ids = try handed().map { name -> String in
            let text = try String(contentsOfFile: "\(spool)/\(name)", encoding: .utf8)
            return text.components(separatedBy: "\n").first { $0.hasPrefix("Message-ID:") } ?? name
        }
        rounds[0].duplicates = ids.count - Set(ids).count
        XCTAssertLessThanOrEqual(
            rounds[0].duplicates, rounds.map(\.inFlight).reduce(0, +), "only claims in flight at a kill repeat")
        report("sendmail", rounds)
    }
}

/// Counts `sending` rows in a database no notifier runs on (Debian's sqlite3).
enum ReadOnlyCount {
    static func sending(_ path: String) throws -> Int {
        let out = try runProgram(
            "/usr/bin/sqlite3", ["-readonly", path, "SELECT count(*) FROM messages WHERE status = 'sending'"])
        return Int(out.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
