import Foundation
import Synchronization

/// Latencies per message type, from many client threads; summarised as p50/p99.
final class Latencies: Sendable {
    private struct State {
        var samples: [String: [Double]] = [:]
        var errors: [String] = []
        var errorCount = 0
    }
    private let state = Mutex(State())

    func add(_ type: String, _ seconds: Double) {
        state.withLock { $0.samples[type, default: []].append(seconds) }
    }

    func error(_ text: String) {
        state.withLock { s in
            s.errorCount += 1
            if s.errors.count < 20 { s.errors.append(text) }
        }
    }

    var failures: (count: Int, first: [String]) { state.withLock { ($0.errorCount, $0.errors) } }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank]
    }

    /// One line per type: count, p50 and p99 in milliseconds.
    func table() -> [(type: String, count: Int, p50: Double, p99: Double)] {
        let samples = state.withLock { $0.samples }
        return samples.keys.sorted().map { type in
            let s = samples[type]!.sorted()
            return (type, s.count, Self.percentile(s, 50) * 1000, Self.percentile(s, 99) * 1000)
        }
    }

    var total: Int { state.withLock { $0.samples.values.reduce(0) { $0 + $1.count } } }
}
