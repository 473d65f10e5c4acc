import FoundationEssentials
import Glibc

/// When to try a failed message again: exponential backoff base·2^(n-1), capped,
/// with ±20 % jitter so that messages failing together do not retry in step.
/// Defaults: 8 attempts, base 30 s → gaps 30 s … 32 min, about an hour in all.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var base: TimeInterval
    public var cap: TimeInterval
    public var jitter: Double

    public init(maxAttempts: Int = 8, base: TimeInterval = 30, cap: TimeInterval = 3600, jitter: Double = 0.2) {
        self.maxAttempts = maxAttempts
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The delay before the next attempt after `attempts` failed ones, without
    /// jitter; nil when no attempt is left.
    public func nominalDelay(afterAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maxAttempts else { return nil }
        return min(cap, base * pow(2, Double(min(max(attempts - 1, 0), 40))))
    }

    /// The delay with jitter; `random` in 0...1 (injectable for tests).
    public func delay(afterAttempts attempts: Int, random: Double = Double.random(in: 0...1)) -> TimeInterval? {
        guard let d = nominalDelay(afterAttempts: attempts) else { return nil }
        return d * (1 - jitter + 2 * jitter * random)
    }

    /// The short schedule of a message someone waits for whose code has a
    /// validity: 2 s doubling to 30 s at most (or this policy's, when shorter), for
    /// as many attempts as the validity allows (the dispatcher stops at it).
    /// Validities up to this (an activation code's 24 h) get the short schedule.
    public static let awaitedValidity: TimeInterval = 86400

    public var awaited: RetryPolicy {
        RetryPolicy(maxAttempts: Int.max, base: min(base, 2), cap: min(cap, 30), jitter: jitter)
    }

    /// The whole nominal schedule: the gap after each failed attempt but the last.
    public var schedule: [TimeInterval] {
        (1..<maxAttempts).compactMap { nominalDelay(afterAttempts: $0) }
    }
}
