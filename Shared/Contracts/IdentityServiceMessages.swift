import Wire

/// Identity's service-to-service messages (callers: admin). Only uids in
/// CONNECT_SERVICE_UIDS may send them.

/// Issues an employer's access code. Identity keeps a copy of the employer's
/// number and name only to show them at `registration.start`. A new code for the
/// same employer revokes the older unused ones.
public enum InvitationIssue: Message {
    public static let type = "identity.invitation.issue"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var employerNumber: String
        public var employerName: String
        /// The employer's language: the registration's e-mails use it until the person picks one.
        public var language: Language?
        public init(employerNumber: String, employerName: String, language: Language? = nil) {
            self.employerNumber = employerNumber
            self.employerName = employerName
            self.language = language
        }
    }
    public struct Reply: Codable, Sendable {
        /// Grouped `XXXX XXXX XXXX`, as the letter shows it. Returned once, stored only hashed.
        public var accessCode: String
        public var expiresAt: String
        public init(accessCode: String, expiresAt: String) {
            self.accessCode = accessCode
            self.expiresAt = expiresAt
        }
    }
}

/// Checks a session token (and refreshes its idle timer). `unauthenticated` if it
/// is unknown, expired or ended; `account_disabled` if its account is.
public enum SessionVerify: Message {
    public static let type = "identity.session.verify"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var session: String
        public init(session: String) { self.session = session }
    }
    public struct Reply: Codable, Sendable, Equatable {
        public var accountId: String
        public var email: String
        public var expiresAt: String
        /// When the password was last proved on this session (its login or
        /// `identity.session.reauth`): admin's step-up for sensitive actions.
        public var reauthenticatedAt: String?
        public init(accountId: String, email: String, expiresAt: String, reauthenticatedAt: String? = nil) {
            self.accountId = accountId
            self.email = email
            self.expiresAt = expiresAt
            self.reauthenticatedAt = reauthenticatedAt
        }
    }
}

/// An account as identity sees it (no secret ever).
public struct AccountInfo: Codable, Sendable, Equatable {
    public var accountId: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var language: Language
    /// active, pendingPhone (variant 1 until the admin confirms the SMS code),
    /// invited (variant 2 until the first password), disabled
    public var state: AccountState
    /// "SMS" once a phone is enrolled, else nil
    public var mfa: SecondFactor?
    public var maskedPhone: String?
    public var lockedUntil: String?
    public var disabled: Bool
    public var lastLoginAt: String?
    public init(
        accountId: String, email: String, firstName: String, lastName: String, language: Language,
        state: AccountState, mfa: SecondFactor?, maskedPhone: String?, lockedUntil: String?, disabled: Bool,
        lastLoginAt: String?
    ) {
        self.accountId = accountId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.language = language
        self.state = state
        self.mfa = mfa
        self.maskedPhone = maskedPhone
        self.lockedUntil = lockedUntil
        self.disabled = disabled
        self.lastLoginAt = lastLoginAt
    }
}

/// Creates an account for a new user (admin's "new user"). If the e-mail already
/// has an account (a fiduciary serving several employers) that account is
/// returned with `created: false`. With `phone`, nothing more is sent until
/// `account.smsSend`; without, the welcome e-mail (`welcome_invited`) is sent.
public enum AccountCreate: Message {
    public static let type = "identity.account.create"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var email: String
        public var firstName: String
        public var lastName: String
        public var language: Language
        public var phone: String?
        /// Shown in the welcome e-mail.
        public var employerName: String?
        /// The creating employer: SMS to new numbers count against its hourly budget.
        public var employerNumber: String?
        public init(
            email: String, firstName: String, lastName: String, language: Language,
            phone: String? = nil, employerName: String? = nil, employerNumber: String? = nil
        ) {
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
            self.phone = phone
            self.employerName = employerName
            self.employerNumber = employerNumber
        }
    }
    public struct Reply: Codable, Sendable {
        public var account: AccountInfo
        public var created: Bool
        public init(account: AccountInfo, created: Bool) {
            self.account = account
            self.created = created
        }
    }
}

/// Variant 1: sends an SMS enrolment code to the (new) phone of an account.
public enum AccountSmsSend: Message {
    public static let type = "identity.account.smsSend"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var accountId: String
        public var phone: String
        /// The admin's employer: SMS to new numbers count against its hourly budget.
        public var employerNumber: String?
        public init(accountId: String, phone: String, employerNumber: String? = nil) {
            self.accountId = accountId
            self.phone = phone
            self.employerNumber = employerNumber
        }
    }
    public struct Reply: Codable, Sendable {
        public var maskedPhone: String
        public init(maskedPhone: String) { self.maskedPhone = maskedPhone }
    }
}

/// Variant 1: the admin types the code the new user received; the phone is then
/// enrolled and the account active (`welcome_active` e-mail goes out). For an
/// account that already had a phone (the admin's phone change), the old number
/// and the e-mail get the `phone_changed` notice.
public enum AccountSmsConfirm: Message {
    public static let type = "identity.account.smsConfirm"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var accountId: String
        public var smsCode: String
        public var employerName: String?
        public init(accountId: String, smsCode: String, employerName: String? = nil) {
            self.accountId = accountId
            self.smsCode = smsCode
            self.employerName = employerName
        }
    }
    public typealias Reply = AccountReply
}

/// Changes what admin may change. Absent fields stay as they are. `clearLockout`
/// lifts a "blocked until"; `lockedUntil` sets one. `disabled: true` ends every
/// session of the account at once.
public enum AccountUpdate: Message {
    public static let type = "identity.account.update"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var accountId: String
        public var firstName: String?
        public var lastName: String?
        public var language: Language?
        /// A new phone replaces the enrolled one directly, without proof. Admin no longer sends it: its
        /// phone change is `account.smsSend` + `account.smsConfirm` (the code from the new phone).
        public var phone: String?
        public var disabled: Bool?
        public var lockedUntil: String?
        public var clearLockout: Bool?
        /// Added by identity: shown in the `account_deactivated` e-mail ("" when absent).
        public var employerName: String?
        public init(
            accountId: String, firstName: String? = nil, lastName: String? = nil, language: Language? = nil,
            phone: String? = nil, disabled: Bool? = nil, lockedUntil: String? = nil, clearLockout: Bool? = nil,
            employerName: String? = nil
        ) {
            self.accountId = accountId
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
            self.phone = phone
            self.disabled = disabled
            self.lockedUntil = lockedUntil
            self.clearLockout = clearLockout
            self.employerName = employerName
        }
    }
    public typealias Reply = AccountReply
}

public enum AccountGet: Message {
    public static let type = "identity.account.get"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var accountId: String
        public init(accountId: String) { self.accountId = accountId }
    }
    public typealias Reply = AccountReply
}

/// Ends every session of an account (also done by `account.update` with disabled).
public enum AccountSessionsEnd: Message {
    public static let type = "identity.account.sessionsEnd"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var accountId: String
        public init(accountId: String) { self.accountId = accountId }
    }
    public struct Reply: Codable, Sendable {
        public var ended: Int
        public init(ended: Int) { self.ended = ended }
    }
}

/// The account as it now is: the reply of the messages that read or change it.
public struct AccountReply: Codable, Sendable {
    public var account: AccountInfo
    public init(account: AccountInfo) { self.account = account }
}
