import FoundationEssentials
import Glibc

/// Failed-login lockout: after `threshold` failures in a row the account is
/// blocked for `base`, doubling with each further lockout, capped at `cap`.
/// A successful login resets both the failure count and the doubling; so does a
/// quiet spell of `forgetAfter` without failures (for accounts and unknown
/// e-mails alike, so the next lockout does not tell which one an e-mail is).
public struct LockoutPolicy: Sendable {
    public let threshold: Int
    public let base: TimeInterval
    public let cap: TimeInterval
    public let forgetAfter: TimeInterval

    public init(
        threshold: Int = 5, base: TimeInterval = 15 * 60, cap: TimeInterval = 24 * 3600,
        forgetAfter: TimeInterval = 24 * 3600
    ) {
        self.threshold = threshold
        self.base = base
        self.cap = cap
        self.forgetAfter = forgetAfter
    }

    /// What identity remembers about an account's failures.
    public struct State: Sendable, Equatable {
        public var failures: Int
        /// How many lockouts since the last success (drives the doubling).
        public var lockouts: Int
        public var lockedUntil: Date?
        /// The last failure (drives `forgetAfter`).
        public var lastFailureAt: Date?
        public init(failures: Int = 0, lockouts: Int = 0, lockedUntil: Date? = nil, lastFailureAt: Date? = nil) {
            self.failures = failures
            self.lockouts = lockouts
            self.lockedUntil = lockedUntil
            self.lastFailureAt = lastFailureAt
        }
    }

    public func isLocked(_ state: State, at now: Date) -> Bool { lockedUntil(state, at: now) != nil }

    /// The end of the lock while it holds at `now`; nil when the state is not locked.
    public func lockedUntil(_ state: State, at now: Date) -> Date? {
        guard let until = state.lockedUntil, until > now else { return nil }
        return until
    }

    /// Duration of the n-th lockout (n ≥ 1): base·2^(n−1), capped.
    public func duration(ofLockout n: Int) -> TimeInterval {
        let exponent = Double(min(max(n - 1, 0), 40))
        return min(cap, base * pow(2, exponent))
    }

    /// The state after one more wrong password at `now`.
    public func afterFailure(_ state: State, at now: Date) -> State {
        var next = forgotten(state, at: now) ? State() : state
        next.lastFailureAt = now
        next.failures += 1
        if next.failures >= threshold {
            next.lockouts += 1
            next.failures = 0
            next.lockedUntil = now.addingTimeInterval(duration(ofLockout: next.lockouts))
        }
        return next
    }

    public func afterSuccess(_ state: State) -> State { State() }

    /// Whether the record is past its quiet spell: not locked, no failure for `forgetAfter`.
    public func forgotten(_ state: State, at now: Date) -> Bool {
        guard !isLocked(state, at: now) else { return false }
        // From the later of the last failure and the lock's end: a lock as long as the
        // quiet spell must not end already forgotten (the doubling would restart).
        let last = max(state.lastFailureAt ?? .distantPast, state.lockedUntil ?? .distantPast)
        return last <= now - forgetAfter
    }
}
