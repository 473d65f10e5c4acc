import Foundation

/// Latencies per message type, from many client threads; summarised as p50/p99.
final class Latencies: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [String: [Double]] = [:]
    private var errors: [String] = []
    private var errorCount = 0

    func add(_ type: String, _ seconds: Double) {
        lock.lock(); samples[type, default: []].append(seconds); lock.unlock()
    }

    func error(_ text: String) {
        lock.lock(); errorCount += 1; if errors.count < 20 { errors.append(text) }; lock.unlock()
    }

    var failures: (count: Int, first: [String]) { lock.lock(); defer { lock.unlock() }; return (errorCount, errors) }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank]
    }

    /// One line per type: count, p50 and p99 in milliseconds.
    func table() -> [(type: String, count: Int, p50: Double, p99: Double)] {
        lock.lock(); defer { lock.unlock() }
        return samples.keys.sorted().map { type in
            let s = samples[type]!.sorted()
            return (type, s.count, Self.percentile(s, 50) * 1000, Self.percentile(s, 99) * 1000)
        }
    }

    var total: Int { lock.lock(); defer { lock.unlock() }; return samples.values.reduce(0) { $0 + $1.count } }
}
