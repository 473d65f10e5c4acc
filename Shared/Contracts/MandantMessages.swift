import Wire

/// The seed's "Gestion des mandants" (a person's own list of employers, with
/// an alias and a default, kept per person) and "Paramètres de délégation" (an
/// employer's admin grants an outside person, typically a fiduciary, access for
/// chosen themes until an optional end date). Every message needs `session`.

/// One employer the person acts for, as their own list shows it.
public struct MandantEntry: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var admin: Bool
    public var themes: [String]
    /// The person's own name for this employer ("" when none).
    public var alias: String
    /// The one the front end opens first.
    public var isDefault: Bool
    /// Access granted by the employer's admin to an outside person.
    public var delegated: Bool
    /// When a delegated access ends (RFC 3339), if it has an end date.
    public var delegationEndsAt: String?
    /// The employer's town (from its postal address), searched like the name.
    public var city: String?
    public init(
        number: String, name: String, admin: Bool, themes: [String], alias: String, isDefault: Bool,
        delegated: Bool, delegationEndsAt: String?, city: String? = nil
    ) {
        self.number = number
        self.name = name
        self.admin = admin
        self.themes = themes
        self.alias = alias
        self.isDefault = isDefault
        self.delegated = delegated
        self.delegationEndsAt = delegationEndsAt
        self.city = city
    }
}

/// The person's mandants whose number, name, alias or town contains every word of
/// `text` (case and accents ignored); without text, all of them. Default first,
/// then by number. The front end switches between them by sending another
/// `employer` with the same session: no new login.
public enum MandantsSearch: Message {
    public static let type = "admin.mandants.search"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var text: String?
        public init(text: String? = nil) { self.text = text }
    }
    public typealias Reply = MandantListReply
}

/// Sets the person's alias of one of their mandants (`""` removes it) and/or makes
/// it the default (`isDefault: true`; only one is the default; `false` unsets it).
public enum MandantsUpdate: Message {
    public static let type = "admin.mandants.update"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var alias: String?
        public var isDefault: Bool?
        public init(employer: String, alias: String? = nil, isDefault: Bool? = nil) {
            self.employer = employer
            self.alias = alias
            self.isDefault = isDefault
        }
    }
    public typealias Reply = MandantListReply
}

/// One delegation in an employer's register.
public struct DelegationInfo: Codable, Sendable, Equatable {
    public var delegationId: String
    public var userId: String
    public var email: String
    public var displayName: String
    public var themes: [String]
    public var endsAt: String?
    /// active, ended (past its end date), revoked
    public var state: String
    public var grantedAt: String
    public var grantedBy: String
    public var revokedAt: String?
    public init(
        delegationId: String, userId: String, email: String, displayName: String, themes: [String],
        endsAt: String?, state: String, grantedAt: String, grantedBy: String, revokedAt: String?
    ) {
        self.delegationId = delegationId
        self.userId = userId
        self.email = email
        self.displayName = displayName
        self.themes = themes
        self.endsAt = endsAt
        self.state = state
        self.grantedAt = grantedAt
        self.grantedBy = grantedBy
        self.revokedAt = revokedAt
    }
}

/// A connect administrator of `employer` grants an outside person access for
/// `themes` until `endsAt` (optional, RFC 3339). The person is found by e-mail;
/// without an account one is created (names and language then required; they get
/// the welcome e-mail). They get the `delegation_granted` e-mail and see the
/// employer among their mandants (`delegated: true`) until the end date or a
/// revocation. Never with the connect-administrator right. Needs a recent
/// password proof (`reauth_required`). `conflict` if the person is already a user
/// of this employer.
public enum DelegationsGrant: Message {
    public static let type = "admin.delegations.grant"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var email: String
        public var themes: [String]
        public var endsAt: String?
        public var firstName: String?
        public var lastName: String?
        public var language: Language?
        public init(
            employer: String, email: String, themes: [String], endsAt: String? = nil,
            firstName: String? = nil, lastName: String? = nil, language: Language? = nil
        ) {
            self.employer = employer
            self.email = email
            self.themes = themes
            self.endsAt = endsAt
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
        }
    }
    public typealias Reply = DelegationReply
}

/// Ends a delegation at once: the person's very next request no longer sees the employer.
public enum DelegationsRevoke: Message {
    public static let type = "admin.delegations.revoke"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var delegationId: String
        public init(employer: String, delegationId: String) {
            self.employer = employer
            self.delegationId = delegationId
        }
    }
    public typealias Reply = DelegationReply
}

/// The employer's delegations, newest first (active, ended and revoked).
public enum DelegationsList: Message {
    public static let type = "admin.delegations.list"
    public static let access = Access.anyone
    public typealias Body = EmployerScope
    public struct Reply: Codable, Sendable {
        public var delegations: [DelegationInfo]
        public init(delegations: [DelegationInfo]) { self.delegations = delegations }
    }
}

/// The person's mandants as they now are (searched, or after a change).
public struct MandantListReply: Codable, Sendable {
    public var mandants: [MandantEntry]
    public init(mandants: [MandantEntry]) { self.mandants = mandants }
}

/// One delegation as it now is (granted, or revoked).
public struct DelegationReply: Codable, Sendable {
    public var delegation: DelegationInfo
    public init(delegation: DelegationInfo) { self.delegation = delegation }
}
