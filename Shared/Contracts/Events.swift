import Wire

/// Events one service announces to another through its transactional outbox
/// (`MessageOutbox`). They arrive at least once: receivers deduplicate by the
/// envelope id with `Inbox`.

/// identity → admin: a registration finished (new account, or an existing account
/// attached). Admin makes the account the employer's connect administrator with
/// every theme.
public enum AccountRegistered: Message {
    public static let type = "admin.account.registered"
    public static let access = Access.peers([.identity])
    public struct Body: Codable, Sendable, Equatable {
        public var accountId: String
        public var employerNumber: String
        public var email: String
        public var firstName: String
        public var lastName: String
        public var language: Language
        /// "SMS" when a phone is enrolled
        public var mfa: SecondFactor?
        public init(
            accountId: String, employerNumber: String, email: String, firstName: String,
            lastName: String, language: Language, mfa: SecondFactor?
        ) {
            self.accountId = accountId
            self.employerNumber = employerNumber
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
            self.mfa = mfa
        }
    }
    public typealias Reply = Empty
}

/// identity → admin: what admin lists changed on identity's side (a variant-2 user
/// enrolled a phone at first login, a user changed language, names or e-mail in
/// their profile, or `identity.account.update` changed it, whoever asked: admin's
/// copy heals even when admin died between identity's change and its own write).
/// Absent fields did not change.
public enum AccountChanged: Message {
    public static let type = "admin.account.changed"
    public static let access = Access.peers([.identity])
    public struct Body: Codable, Sendable, Equatable {
        public var accountId: String
        public var mfa: SecondFactor?
        public var state: AccountState?
        public var language: Language?
        public var firstName: String?
        public var lastName: String?
        /// The new login e-mail after a confirmed profile change.
        public var email: String?
        /// The account was disabled (true) or enabled again (false).
        public var disabled: Bool?
        /// RFC 3339: when identity made the change (admin waits a moment before
        /// mending its memberships, so as not to overtake its own write in flight).
        public var changedAt: String?
        public init(
            accountId: String, mfa: SecondFactor? = nil, state: AccountState? = nil, language: Language? = nil,
            firstName: String? = nil, lastName: String? = nil, email: String? = nil, disabled: Bool? = nil,
            changedAt: String? = nil
        ) {
            self.accountId = accountId
            self.mfa = mfa
            self.state = state
            self.language = language
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.disabled = disabled
            self.changedAt = changedAt
        }
    }
    public typealias Reply = Empty
}
