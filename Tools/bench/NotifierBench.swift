import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport

/// The notifier's durable acceptance (`notifier.send` answered after commit) with
/// 32 concurrent clients, and its delivery rate to the file outbox.
enum NotifierBench {
    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        let outbox = cluster.dir.file("outbox")
        let notifier = try cluster.start("notifier", extra: ["NOTIFIER_OUTBOX": "file:\(outbox)"])
        let clients = (0..<32).map { _ in notifier.client() }
        let seconds = quick ? 3.0 : 10.0
        let counter = Counter()
        let started = monotonicSeconds()
        let (accepted, samples, elapsed) = forDuration(threads: 32, seconds: seconds) { t in
            let n = counter.next()
            _ = try clients[t].call(
                NotifierSend.self,
                .init(
                    idempotencyKey: "bench-\(n)", channel: .email, to: "reader\(n % 997)@example.ch", language: .fr,
                    template: TemplateName.passwordChanged, params: ["firstName": "Anna"]))
        }
        // Delivered: until every accepted message is a file in the outbox.
        var delivered = 0
        let deadline = monotonicSeconds() + 300
        while monotonicSeconds() < deadline {
            delivered =
                ((try? FileManager.default.contentsOfDirectory(atPath: outbox + "/email")) ?? [])
                .filter { $0.hasSuffix(".eml") }.count
            if delivered >= accepted { break }
            usleep(20_000)
        }
        let deliveredTime = monotonicSeconds() - started
        report.section(
            "notifier accepted and delivered per second",
            "32 clients send `notifier.send` (e-mail, durable: answered after the commit) for \(Int(seconds)) s; delivered = every accepted message written to the file outbox (`file:`: temp file, fsync, rename, directory fsync), counted from the first send to the last file.",
            ["clients", "accepted", "accepted/s", "send p50", "send p99", "delivered", "delivered/s"],
            [
                [
                    "32", "\(accepted)", String(format: "%.0f", Double(accepted) / elapsed), millis(samples.p50),
                    millis(samples.p99), "\(delivered)", String(format: "%.0f", Double(delivered) / deliveredTime),
                ]
            ])
    }
}

final class Counter: Sendable {
    private let n = Atomic<Int>(0)
    func next() -> Int { n.add(1, ordering: .relaxed).newValue }
}
