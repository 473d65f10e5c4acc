import FoundationEssentials

/// How one typed code is judged against a stored one: dead after `maxAttempts`
/// wrong tries (every later try is refused, even the right code), else expired,
/// else right or wrong. Shared by SMS, activation and reset codes.
public enum CodeTries {
    public enum Outcome: Equatable, Sendable {
        case accepted
        /// Wrong code; tries left before the code dies.
        case wrong(attemptsLeft: Int)
        /// Dead after too many wrong tries.
        case dead
        case expired
    }

    /// `attempts`: wrong tries so far; `matches`: the constant-time comparison's result.
    public static func judge(attempts: Int, maxAttempts: Int, expiresAt: Date, matches: Bool, now: Date) -> Outcome {
        if attempts >= maxAttempts { return .dead }
        if now >= expiresAt { return .expired }
        if matches { return .accepted }
        let left = maxAttempts - (attempts + 1)
        return left > 0 ? .wrong(attemptsLeft: left) : .dead
    }
}
