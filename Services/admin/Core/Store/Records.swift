import Contracts
import FoundationEssentials
import SQLite
import Wire

/// An employer (mandant) as admin keeps it: the register's entry, as the contract has it.
public typealias EmployerRecord = EmployerDetails

extension EmployerRecord {
    /// The letter's address block: addressee, street, "postcode city".
    public var postalAddress: String { "\(name)\n\(street)\n\(postcode) \(city)" }

    init(row: Row) throws {
        try self.init(
            number: row.string("number"), name: row.string("name"), street: row.string("street"),
            postcode: row.string("postcode"), city: row.string("city"),
            language: row.decode("language"))
    }
}

/// Admin's copy of a person's profile (identity owns the account; this copy is
/// what lists, search and exports need without asking identity per row).
public struct UserRecord: Sendable, Equatable {
    public var accountId: String
    public var email: String
    public var name: PersonName
    public var language: Language
    public var mfa: SecondFactor
    public var state: UserState

    public init(
        accountId: String, email: String, name: PersonName, language: Language, mfa: SecondFactor,
        state: UserState
    ) {
        self.accountId = accountId
        self.email = email
        self.name = name
        self.language = language
        self.mfa = mfa
        self.state = state
    }

    init(row: Row) throws {
        try self.init(
            accountId: row.string("account_id"), email: row.string("email"),
            name: PersonName(first: row.string("first_name"), last: row.string("last_name")),
            language: row.decode("language"), mfa: row.decode("mfa"), state: row.decode("state"))
    }

    /// The copy as identity's account describes it.
    init(account: AccountInfo) {
        self.init(
            accountId: account.accountId, email: account.email,
            name: PersonName(first: account.firstName, last: account.lastName),
            language: account.language, mfa: account.mfa ?? .notEnrolled, state: UserState(account.state))
    }

    /// What an employer awaiting consent sees: the e-mail and what its admin typed.
    func invitedCopy(_ p: PendingConsent) -> UserRecord {
        UserRecord(
            accountId: accountId, email: email, name: p.name, language: p.language, mfa: .notEnrolled,
            state: UserState(p.state))
    }

    /// For audit entries (no secret here: identity never tells admin one).
    var auditJSON: JSONValue {
        .object([
            "email": .string(email), "firstName": .string(name.first), "lastName": .string(name.last),
            "language": .string(language.rawValue),
        ])
    }
}

/// A user as one employer's list shows them.
public struct MemberRecord: Sendable, Equatable {
    public var user: UserRecord
    public var membership: Membership

    public init(user: UserRecord, membership: Membership) {
        self.user = user
        self.membership = membership
    }

    init(row: Row) throws {
        membership = try Membership(row: row)
        // Until the owner consents, the inviting employer sees only what its admin typed.
        let account = try UserRecord(row: row)
        user = membership.pendingConsent.map { account.invitedCopy($0) } ?? account
    }
}

extension Membership {
    var auditJSON: JSONValue {
        .object(["admin": .bool(admin), "themes": .array(themes.map { .string($0) }), "disabled": .bool(disabled)])
    }
}
