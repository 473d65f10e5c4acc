import Contracts
import FoundationEssentials
import Runtime
import Wire

/// A user's place in one employer (mandant): the connect-administrator right,
/// the themes, and whether the person is deactivated *for this employer*.
///
/// "Désactivé" is kept per membership, since a fiduciary may leave one client
/// and keep serving the others. The account itself (identity) is disabled only
/// when the person has no other active membership left; see `UserUpdate`.
public struct Membership: Sendable, Equatable {
    public var employer: String
    public var accountId: String
    public var admin: Bool
    public var themes: [String]
    public var disabled: Bool
    /// The seed's "Référence": the employer number for the administrator who
    /// registered with the fund's access code, empty for users an admin added.
    public var reference: String
    /// Set when an admin of the employer delegated this access to an outside
    /// person (never with the admin right); nil for the employer's own users.
    public var delegationId: String?
    /// A delegation's end date: from then on the membership grants nothing.
    public var endsAt: Date?
    /// Set while the owner of an existing account has not accepted this
    /// employer's invitation: the membership then grants nothing and counts for nothing.
    public var pendingConsent: PendingConsent?

    public init(
        employer: String, accountId: String, admin: Bool, themes: [String], disabled: Bool,
        reference: String = "", delegationId: String? = nil, endsAt: Date? = nil,
        pendingConsent: PendingConsent? = nil
    ) {
        self.employer = employer
        self.accountId = accountId
        self.admin = admin
        self.themes = themes
        self.disabled = disabled
        self.reference = reference
        self.delegationId = delegationId
        self.endsAt = endsAt
        self.pendingConsent = pendingConsent
    }

    /// Counts toward "at least one active administrator".
    public var isActiveAdmin: Bool { admin && !disabled && delegationId == nil && pendingConsent == nil }

    public var isDelegated: Bool { delegationId != nil }

    /// Past a delegation's end date (judged with the service's clock on every request).
    public func hasEnded(at now: Date) -> Bool { endsAt.map { $0 <= now } ?? false }
}

/// What the inviting employer sees of a person until they consent: only what its
/// own admin typed (never identity's names, phone, lockout or state).
public struct PendingConsent: Sendable, Equatable {
    public var name: PersonName
    public var language: Language
    /// `invited`, or `pendingPhone` when the admin gave a phone (variant 1's answer).
    public var state: AccountState
    public var invitedAt: Date

    public init(name: PersonName, language: Language, state: AccountState, invitedAt: Date) {
        self.name = name
        self.language = language
        self.state = state
        self.invitedAt = invitedAt
    }
}

/// An employer must always keep at least one active connect administrator
/// (brief, flow 7): otherwise nobody could manage its users any more.
public enum LastAdminRule {
    /// `otherActiveAdmins`: the employer's active admins besides the target.
    public static func allows(before: Membership, after: Membership, otherActiveAdmins: Int) -> Bool {
        if !before.isActiveAdmin || after.isActiveAdmin { return true }
        return otherActiveAdmins > 0
    }
}

/// Themes are stored as a comma-separated list of keys (catalogue keys have no commas).
enum ThemeList {
    static func encode(_ keys: [String]) -> String { keys.joined(separator: ",") }
    static func decode(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
}
