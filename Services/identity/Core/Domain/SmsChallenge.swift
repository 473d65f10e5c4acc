import FoundationEssentials

/// The rules of SMS codes: valid `ttl`, dead after `maxAttempts` wrong tries,
/// resent within one flow (a registration, a login, an account's enrolment) to the
/// same number no sooner than `resendInterval`, and sent to one number at most `perHour` times an
/// hour (so nobody can flood a phone or brute-force by resending). The spacing is
/// per flow on purpose: a person who just registered logs in at once, and that
/// login's code must not wait for the registration's.
public struct SmsRules: Sendable {
    public let ttl: TimeInterval
    public let maxAttempts: Int
    public let resendInterval: TimeInterval
    public let perHour: Int

    public init(ttl: TimeInterval = 600, maxAttempts: Int = 5, resendInterval: TimeInterval = 30, perHour: Int = 5) {
        self.ttl = ttl
        self.maxAttempts = maxAttempts
        self.resendInterval = resendInterval
        self.perHour = perHour
    }

    /// Whether another code may go to a number that received codes at `recentSends`,
    /// in a flow whose previous code went out at `lastFlowSend`; nil when allowed,
    /// else the whole seconds to wait.
    public func retryAfter(recentSends: [Date], lastFlowSend: Date?, now: Date) -> Int? {
        let lastHour = recentSends.filter { $0 > now.addingTimeInterval(-3600) }.sorted()
        var wait: TimeInterval = 0
        if let last = lastFlowSend {
            wait = max(wait, last.addingTimeInterval(resendInterval).timeIntervalSince(now))
        }
        if lastHour.count >= perHour {
            // The oldest of the last `perHour` sends must leave the hour window.
            let blocking = lastHour[lastHour.count - perHour]
            wait = max(wait, blocking.addingTimeInterval(3600).timeIntervalSince(now))
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    /// Judges one try against a code that has had `attempts` wrong tries so far.
    public func judge(attempts: Int, expiresAt: Date, matches: Bool, now: Date) -> CodeTries.Outcome {
        CodeTries.judge(attempts: attempts, maxAttempts: maxAttempts, expiresAt: expiresAt, matches: matches, now: now)
    }
}
