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

/// An employer as the fund's register has it: what fund staff create
/// (`admin.employer.create`) and what its settings screen shows (`admin.settings.*`).
public struct EmployerDetails: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var street: String
    public var postcode: String
    public var city: String
    /// The language of the fund's letters and e-mails to the employer.
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

/// A read of one employer's screen that names nothing but the employer (its users
/// pending, its delegations, its settings).
public struct EmployerScope: Codable, Sendable {
    public var employer: String
    public init(employer: String) { self.employer = employer }
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
    public typealias Body = EmployerDetails
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
