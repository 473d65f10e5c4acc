import Foundation
import Runtime
import Synchronization
import TestSupport

/// Latency samples in seconds, summarised as the table wants them.
struct Samples {
    private(set) var values: [Double] = []
    mutating func add(_ v: Double) { values.append(v) }
    mutating func add(contentsOf other: Samples) { values += other.values }

    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank]
    }
    var p50: Double { percentile(50) }
    var p99: Double { percentile(99) }
    var count: Int { values.count }
}

func micros(_ s: Double) -> String { String(format: "%.1f µs", s * 1e6) }
func millis(_ s: Double) -> String { String(format: "%.2f ms", s * 1e3) }
func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.2f×", a / b) }

/// Runs `body(i)` on `clients` threads at once, each `perClient` times; returns every latency.
func concurrentLatencies(clients: Int, perClient: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> (
    Samples, Double
) {
    let all = SampleBox()
    let start = monotonicSeconds()
    onThreads(clients) { c in
        var local = Samples()
        for _ in 0..<perClient {
            let t0 = monotonicSeconds()
            do { try body(c) } catch { FileHandle.standardError.write(Data("bench error: \(error)\n".utf8)) }
            local.add(monotonicSeconds() - t0)
        }
        all.add(local)
    }
    return (all.samples, monotonicSeconds() - start)
}

/// Samples gathered from many threads.
final class SampleBox: Sendable {
    private let all = Mutex(Samples())
    func add(_ s: Samples) { all.withLock { $0.add(contentsOf: s) } }
    var samples: Samples { all.withLock { $0 } }
}
