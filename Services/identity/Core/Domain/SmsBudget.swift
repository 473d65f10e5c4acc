import FoundationEssentials

/// Limits against SMS pumping (codes sent to premium numbers at the fund's cost),
/// on top of `SmsRules`' per-number and per-flow limits: codes per account and
/// hour across every flow, and an hourly budget of codes to numbers no account
/// has confirmed, per employer and fund-wide. Once the fund-wide budget is spent,
/// new enrolments are refused; logins to confirmed numbers go on.
public struct SmsBudget: Sendable {
    public let perAccountPerHour: Int
    public let newNumbersPerEmployerPerHour: Int
    public let newNumbersPerHour: Int
    public let destinations: SmsDestinations

    public init(
        perAccountPerHour: Int = 5, newNumbersPerEmployerPerHour: Int = 20, newNumbersPerHour: Int = 200,
        destinations: SmsDestinations = SmsDestinations()
    ) {
        self.perAccountPerHour = perAccountPerHour
        self.newNumbersPerEmployerPerHour = newNumbersPerEmployerPerHour
        self.newNumbersPerHour = newNumbersPerHour
        self.destinations = destinations
    }

    /// What the last hour's sends say about one more code.
    public struct Usage: Sendable, Equatable {
        /// Sends of the account (nil: no account yet, a registration).
        public var account: HourWindow?
        /// Sends to new numbers of the employer (nil: employer unknown).
        public var employerNew: HourWindow?
        public var fundNew: HourWindow
        public var isNewNumber: Bool
        public init(account: HourWindow?, employerNew: HourWindow?, fundNew: HourWindow, isNewNumber: Bool) {
            self.account = account
            self.employerNew = employerNew
            self.fundNew = fundNew
            self.isNewNumber = isNewNumber
        }
    }

    /// A count of sends in the last hour and the oldest of them.
    public struct HourWindow: Sendable, Equatable {
        public var count: Int
        public var oldest: Date?
        public init(count: Int, oldest: Date?) {
            self.count = count
            self.oldest = oldest
        }
        func wait(limit: Int, now: Date) -> Int? {
            guard count >= limit else { return nil }
            let until = (oldest ?? now) + 3600
            return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        }
    }

    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Over the account's or the employer's limit: `rate_limited` after so many seconds.
        case limited(retryAfterS: Int, reason: String)
        /// The fund-wide budget of new numbers is spent: no new enrolment until then.
        case fundBudgetSpent(retryAfterS: Int)
    }

    public func judge(_ usage: Usage, now: Date) -> Verdict {
        if let a = usage.account, let wait = a.wait(limit: perAccountPerHour, now: now) {
            return .limited(retryAfterS: wait, reason: "account")
        }
        guard usage.isNewNumber else { return .allowed }
        if let wait = usage.fundNew.wait(limit: newNumbersPerHour, now: now) {
            return .fundBudgetSpent(retryAfterS: wait)
        }
        if let e = usage.employerNew, let wait = e.wait(limit: newNumbersPerEmployerPerHour, now: now) {
            return .limited(retryAfterS: wait, reason: "employer")
        }
        return .allowed
    }
}
