import Foundation
import Synchronization

/// A token bucket per client address for the login and code forms: `burst`
/// attempts at once, refilled at `perMinute`. Old buckets are swept so a flood
/// of addresses cannot grow it without bound. Per replica: the services keep
/// their own limits per account and number, this one only slows a single client.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var at: Double
    }
    private let burst: Double
    private let perSecond: Double
    private let maxKeys: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(burst: Int = 10, perMinute: Int = 10, maxKeys: Int = 100_000) {
        self.burst = Double(burst)
        self.perSecond = Double(perMinute) / 60
        self.maxKeys = maxKeys
    }

    /// nil when allowed, else the seconds to wait.
    public func take(_ key: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        buckets.withLock { b in
            var bucket = b[key] ?? Bucket(tokens: burst, at: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * perSecond)
            bucket.at = now
            defer {
                if b.count >= maxKeys { b = b.filter { now - $0.value.at < burst / perSecond } }
                b[key] = bucket
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }
}
