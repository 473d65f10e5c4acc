import Wire

/// Messages admin answers (docs/contract.md, "admin"). `admin.employer.*` are fund
/// staff's; the others need the envelope's `session`, and `admin.users.*` /
/// `admin.audit.*` a connect administrator of `employer`.

public struct PostalAddress: Codable, Sendable, Equatable {
    public var street: String
    public var postcode: String
    public var city: String
    public init(street: String, postcode: String, city: String) {
        self.street = street
        self.postcode = postcode
        self.city = city
    }
}

public struct EmployerSummary: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var street: String?
    public var postcode: String?
    public var city: String?
    public var language: Language?
    /// none, invited, registered
    public var status: EmployerStatus?
    public init(
        number: String, name: String, street: String? = nil, postcode: String? = nil, city: String? = nil,
        language: Language? = nil, status: EmployerStatus? = nil
    ) {
        self.number = number
        self.name = name
        self.street = street
        self.postcode = postcode
        self.city = city
        self.language = language
        self.status = status
    }
}

public enum EmployerCreate: Message {
    public static let type = "admin.employer.create"
    public static let access = Access.staff
    public struct Body: Codable, Sendable {
        public var number: String
        public var name: String
        public var street: String
        public var postcode: String
        public var city: String
        public var language: Language
        public init(number: String, name: String, street: String, postcode: String, city: String, language: Language) {
            self.number = number
            self.name = name
            self.street = street
            self.postcode = postcode
            self.city = city
            self.language = language
        }
    }
    public struct Reply: Codable, Sendable {
        public var employer: EmployerSummary
        public init(employer: EmployerSummary) { self.employer = employer }
    }
}

public enum EmployerInvite: Message {
    public static let type = "admin.employer.invite"
    public static let access = Access.staff
    public struct Body: Codable, Sendable {
        public var number: String
        /// "letter" or "email"
        public var delivery: InvitationDelivery
        public var email: String?
        public init(number: String, delivery: InvitationDelivery, email: String? = nil) {
            self.number = number
            self.delivery = delivery
            self.email = email
        }
    }
    public struct Reply: Codable, Sendable {
        public var expiresAt: String
        /// The notifier's idempotency key of the letter or e-mail (to follow its status).
        public var notification: String?
        public init(expiresAt: String, notification: String? = nil) {
            self.expiresAt = expiresAt
            self.notification = notification
        }
    }
}

public enum EmployerList: Message {
    public static let type = "admin.employer.list"
    public static let access = Access.staff
    public struct Body: Codable, Sendable {
        public var text: String?
        public var offset: Int?
        public var limit: Int?
        public init(text: String? = nil, offset: Int? = nil, limit: Int? = nil) {
            self.text = text
            self.offset = offset
            self.limit = limit
        }
    }
    public struct Reply: Codable, Sendable {
        public var total: Int
        public var employers: [EmployerSummary]
        public init(total: Int, employers: [EmployerSummary]) {
            self.total = total
            self.employers = employers
        }
    }
}

public struct Mandant: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var admin: Bool
    public var themes: [String]
    /// The person's own name for this employer (`admin.mandants.update`), when set.
    public var alias: String?
    /// The mandant the front end opens first, when this is the one.
    public var isDefault: Bool?
    /// Access delegated by the employer's admin (`admin.delegations.grant`).
    public var delegated: Bool?
    /// When a delegated access ends (RFC 3339).
    public var delegationEndsAt: String?
    public init(
        number: String, name: String, admin: Bool, themes: [String], alias: String? = nil,
        isDefault: Bool? = nil, delegated: Bool? = nil, delegationEndsAt: String? = nil
    ) {
        self.number = number
        self.name = name
        self.admin = admin
        self.themes = themes
        self.alias = alias
        self.isDefault = isDefault
        self.delegated = delegated
        self.delegationEndsAt = delegationEndsAt
    }
}

public struct UserProfile: Codable, Sendable, Equatable {
    public var userId: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var displayName: String
    public var language: Language
    public init(
        userId: String, email: String, firstName: String, lastName: String, displayName: String, language: Language
    ) {
        self.userId = userId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.displayName = displayName
        self.language = language
    }
}

public enum AdminMe: Message {
    public static let type = "admin.me"
    public static let access = Access.anyone
    public typealias Body = Empty
    public struct Reply: Codable, Sendable {
        public var user: UserProfile
        public var mandants: [Mandant]
        /// Each mandant's postal address by number, as the portal's home shows it under the name.
        public var addresses: [String: PostalAddress]?
        /// Employers waiting for the person's consent (`admin.invitations.answer`); absent when none.
        public var invitations: [MembershipInvitation]?
        public init(
            user: UserProfile, mandants: [Mandant], addresses: [String: PostalAddress]? = nil,
            invitations: [MembershipInvitation]? = nil
        ) {
            self.user = user
            self.mandants = mandants
            self.addresses = addresses
            self.invitations = invitations
        }
    }
}

public struct ThemeInfo: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var description: String
    public init(key: String, name: String, description: String) {
        self.key = key
        self.name = name
        self.description = description
    }
}

public enum ThemesList: Message {
    public static let type = "admin.themes.list"
    public static let access = Access.anyone
    public typealias Body = Empty
    public struct Reply: Codable, Sendable {
        public var themes: [ThemeInfo]
        public init(themes: [ThemeInfo]) { self.themes = themes }
    }
}

/// A row of the seed's user table.
public struct UserRow: Codable, Sendable, Equatable {
    public var userId: String
    /// "Modele, Gilbert"
    public var displayName: String
    public var email: String
    /// F, D, I or E
    public var language: String
    public var disabled: Bool
    public var reference: String
    /// "SMS" or ""
    public var mfa: SecondFactor
    /// The user's rights in the caller's language: "Administrateur connect, Comptabilité"
    public var remarks: String
    public init(
        userId: String, displayName: String, email: String, language: String, disabled: Bool,
        reference: String, mfa: SecondFactor, remarks: String
    ) {
        self.userId = userId
        self.displayName = displayName
        self.email = email
        self.language = language
        self.disabled = disabled
        self.reference = reference
        self.mfa = mfa
        self.remarks = remarks
    }
}

public enum UsersSearch: Message {
    public static let type = "admin.users.search"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var text: String?
        public var includeDisabled: Bool?
        /// displayName, -displayName, email, -email
        public var sort: UserSort?
        public var offset: Int?
        public var limit: Int?
        public init(
            employer: String, text: String? = nil, includeDisabled: Bool? = nil, sort: UserSort? = nil,
            offset: Int? = nil, limit: Int? = nil
        ) {
            self.employer = employer
            self.text = text
            self.includeDisabled = includeDisabled
            self.sort = sort
            self.offset = offset
            self.limit = limit
        }
    }
    public struct Reply: Codable, Sendable {
        public var total: Int
        public var users: [UserRow]
        public init(total: Int, users: [UserRow]) {
            self.total = total
            self.users = users
        }
    }
}

public struct UserDetail: Codable, Sendable, Equatable {
    public var userId: String
    public var displayName: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var language: Language
    public var disabled: Bool
    public var reference: String
    public var mfa: SecondFactor
    public var remarks: String
    /// Masked: "+41 79 *** ** 33"
    public var phone: String?
    public var lockedUntil: String?
    public var admin: Bool
    public var themes: [String]
    /// active, pendingPhone, invited, disabled, or missing: identity no longer has the
    /// account (after a restore of identity alone); creating the user again invites them anew
    public var state: UserState
    public init(
        userId: String, displayName: String, email: String, firstName: String, lastName: String,
        language: Language, disabled: Bool, reference: String, mfa: SecondFactor, remarks: String,
        phone: String?, lockedUntil: String?, admin: Bool, themes: [String], state: UserState
    ) {
        self.userId = userId
        self.displayName = displayName
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.language = language
        self.disabled = disabled
        self.reference = reference
        self.mfa = mfa
        self.remarks = remarks
        self.phone = phone
        self.lockedUntil = lockedUntil
        self.admin = admin
        self.themes = themes
        self.state = state
    }
}

public enum UsersGet: Message {
    public static let type = "admin.users.get"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var userId: String
        public init(employer: String, userId: String) {
            self.employer = employer
            self.userId = userId
        }
    }
    public struct Reply: Codable, Sendable {
        public var user: UserDetail
        public init(user: UserDetail) { self.user = user }
    }
}

public enum UsersCreate: Message {
    public static let type = "admin.users.create"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var email: String
        public var firstName: String
        public var lastName: String
        public var language: Language
        public var admin: Bool?
        public var themes: [String]?
        public var phone: String?
        public init(
            employer: String, email: String, firstName: String, lastName: String, language: Language,
            admin: Bool? = nil, themes: [String]? = nil, phone: String? = nil
        ) {
            self.employer = employer
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
            self.admin = admin
            self.themes = themes
            self.phone = phone
        }
    }
    /// state: pendingPhone (variant 1: confirm the SMS code) or invited (variant 2)
    public struct Reply: Codable, Sendable {
        public var userId: String
        public var state: AccountState
        public init(userId: String, state: AccountState) {
            self.userId = userId
            self.state = state
        }
    }
}

public enum UsersConfirmPhone: Message {
    public static let type = "admin.users.confirmPhone"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var userId: String
        public var smsCode: String
        public init(employer: String, userId: String, smsCode: String) {
            self.employer = employer
            self.userId = userId
            self.smsCode = smsCode
        }
    }
    public struct Reply: Codable, Sendable {
        public var state: AccountState
        public init(state: AccountState) { self.state = state }
    }
}

/// Absent fields stay. `lockedUntil: null` clears a lockout (hence `clearLockout`
/// is set by the decoder when the key is present with null).
public enum UsersUpdate: Message {
    public static let type = "admin.users.update"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var userId: String
        public var firstName: String?
        public var lastName: String?
        public var language: Language?
        public var phone: String?
        public var disabled: Bool?
        public var lockedUntil: String?
        public var clearLockout: Bool
        public var admin: Bool?
        public var themes: [String]?

        enum CodingKeys: String, CodingKey {
            case employer, userId, firstName, lastName, language, phone, disabled, lockedUntil, clearLockout, admin,
                themes
        }
        public init(
            employer: String, userId: String, firstName: String? = nil, lastName: String? = nil,
            language: Language? = nil, phone: String? = nil, disabled: Bool? = nil,
            lockedUntil: String? = nil, clearLockout: Bool = false, admin: Bool? = nil, themes: [String]? = nil
        ) {
            self.employer = employer
            self.userId = userId
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
            self.phone = phone
            self.disabled = disabled
            self.lockedUntil = lockedUntil
            self.clearLockout = clearLockout
            self.admin = admin
            self.themes = themes
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            employer = try c.decode(String.self, forKey: .employer)
            userId = try c.decode(String.self, forKey: .userId)
            firstName = try c.decodeIfPresent(String.self, forKey: .firstName)
            lastName = try c.decodeIfPresent(String.self, forKey: .lastName)
            language = try c.decodeIfPresent(Language.self, forKey: .language)
            phone = try c.decodeIfPresent(String.self, forKey: .phone)
            disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled)
            lockedUntil = try c.decodeIfPresent(String.self, forKey: .lockedUntil)
            let nullLock = try c.contains(.lockedUntil) && c.decodeNil(forKey: .lockedUntil)
            clearLockout = (try c.decodeIfPresent(Bool.self, forKey: .clearLockout) ?? false) || nullLock
            admin = try c.decodeIfPresent(Bool.self, forKey: .admin)
            themes = try c.decodeIfPresent([String].self, forKey: .themes)
        }
    }
    public struct Reply: Codable, Sendable {
        public var user: UserDetail
        /// `confirmPhone` after a phone change: the new number is not in force until its code is typed.
        public var next: UserNextStep?
        public init(user: UserDetail, next: UserNextStep? = nil) {
            self.user = user
            self.next = next
        }
    }
}

public enum UsersExport: Message {
    public static let type = "admin.users.export"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        /// pdf or xlsx
        public var format: ExportFormat
        public var text: String?
        public var includeDisabled: Bool?
        public var sort: UserSort?
        public init(
            employer: String, format: ExportFormat, text: String? = nil, includeDisabled: Bool? = nil,
            sort: UserSort? = nil
        ) {
            self.employer = employer
            self.format = format
            self.text = text
            self.includeDisabled = includeDisabled
            self.sort = sort
        }
    }
    public struct Reply: Codable, Sendable {
        public var filename: String
        public var mediaType: String
        public var contentBase64: String
        public init(filename: String, mediaType: String, contentBase64: String) {
            self.filename = filename
            self.mediaType = mediaType
            self.contentBase64 = contentBase64
        }
    }
}

public struct AuditEntry: Codable, Sendable, Equatable {
    public var at: String
    public var actor: String
    public var action: AuditAction
    public var target: String
    public var before: JSONValue?
    public var after: JSONValue?
    public init(at: String, actor: String, action: AuditAction, target: String, before: JSONValue?, after: JSONValue?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
    }
}

public enum AuditSearch: Message {
    public static let type = "admin.audit.search"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var offset: Int?
        public var limit: Int?
        /// Entries whose actor or target contains this text (case ignored).
        public var person: String?
        /// Entries of this one action (e.g. `user.update`).
        public var action: String?
        public init(
            employer: String, offset: Int? = nil, limit: Int? = nil, person: String? = nil, action: String? = nil
        ) {
            self.employer = employer
            self.offset = offset
            self.limit = limit
            self.person = person
            self.action = action
        }
    }
    public struct Reply: Codable, Sendable {
        public var total: Int
        public var entries: [AuditEntry]
        /// Every action the employer's trail holds (for the filter).
        public var actions: [String]?
        public init(total: Int, entries: [AuditEntry], actions: [String]? = nil) {
            self.total = total
            self.entries = entries
            self.actions = actions
        }
    }
}
