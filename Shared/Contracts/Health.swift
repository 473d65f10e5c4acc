import Wire

/// `health`: every service answers it, from any peer.
public enum Health: Message {
    public static let type = "health"
    public static let access = Access.anyone
    public typealias Body = Empty
    public struct Reply: Codable, Sendable, Equatable {
        public var service: String
        public var version: String
        public var uptimeS: Int
        /// identity only: the fund-wide hourly budget of SMS to new numbers (absent elsewhere).
        public var smsBudget: SmsBudgetHealth?
        /// Messages to other services that a peer refused for good (kept in
        /// `service_outbox_refused`, each logged as `outbox.refused`); absent for a
        /// service that sends none. Anything above 0 needs an operator's look.
        public var refusedMessages: Int?
        public init(
            service: String, version: String, uptimeS: Int, smsBudget: SmsBudgetHealth? = nil,
            refusedMessages: Int? = nil
        ) {
            self.service = service
            self.version = version
            self.uptimeS = uptimeS
            self.smsBudget = smsBudget
            self.refusedMessages = refusedMessages
        }
    }
}

/// identity's SMS-pumping guard as `health` shows it: codes sent in the last hour
/// to numbers no account has confirmed, the hourly budget, and whether it is spent
/// (then new enrolments are refused until `spentUntil`; logins go on).
public struct SmsBudgetHealth: Codable, Sendable, Equatable {
    public var newNumbersLastHour: Int
    public var newNumbersPerHour: Int
    public var spent: Bool
    public var spentUntil: String?
    public init(newNumbersLastHour: Int, newNumbersPerHour: Int, spent: Bool, spentUntil: String? = nil) {
        self.newNumbersLastHour = newNumbersLastHour
        self.newNumbersPerHour = newNumbersPerHour
        self.spent = spent
        self.spentUntil = spentUntil
    }
}

/// The services' names, which are also their socket and database file names.
public enum ServiceName {
    public static let identity = "identity"
    public static let notifier = "notifier"
    public static let admin = "admin"
    public static let all = [identity, notifier, admin]
}

public enum ConnectVersion {
    public static let current = "0.1.0"
}
