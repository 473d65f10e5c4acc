import FoundationEssentials
import Synchronization

/// Service-wide budget of wrong access-code guesses: at most `limit` wrong
/// guesses per `window`, whoever makes them. Once spent, every access-code
/// submission is refused until the window frees up, so guessing a 60-bit code
/// stays hopeless even from many connections. Kept in memory: a
/// restart forgives, which costs an attacker a restart per window.
public final class CodeGuessBudget: Sendable {
    private let failures = Mutex<[Date]>([])
    public let limit: Int
    public let window: TimeInterval

    public init(limit: Int = 600, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before a code may be tried, or nil.
    public func retryAfter(now: Date) -> Int? {
        failures.withLock { failures in
            prune(&failures, now)
            guard failures.count >= limit, let oldest = failures.first else { return nil }
            let wait = oldest.addingTimeInterval(window).timeIntervalSince(now)
            return max(1, Int(wait.rounded(.up)))
        }
    }

    public func recordFailure(now: Date) {
        failures.withLock { failures in
            prune(&failures, now)
            failures.append(now)
        }
    }

    private func prune(_ failures: inout [Date], _ now: Date) {
        let cutoff = now.addingTimeInterval(-window)
        // Also drop times in the future (a test clock moved back).
        failures.removeAll { $0 <= cutoff || $0 > now.addingTimeInterval(window) }
    }
}
