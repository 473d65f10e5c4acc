/// The closed sets of words the messages use, as types: a misspelt state, sort or
/// action no longer compiles. On the wire each is the same JSON string as before,
/// and the contract documents it as a plain string (`SchemaPlainString`), so the
/// published schemas did not change when the strings became types.

/// Where an account stands, as identity reports it (`AccountInfo.state`).
public enum AccountState: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    /// Can log in once it has a password (and enrols a phone at first login if none).
    case active
    /// Variant 1: created by an admin with a phone, until the admin confirms the SMS code.
    case pendingPhone
    /// Variant 2: created by an admin without phone, until the first password is set.
    case invited
    /// Reported, never stored: identity keeps the disabled flag beside the state.
    case disabled
}

/// A user as an employer's admin sees them (`UserDetail.state`): identity's state,
/// or `missing` when identity no longer has the account (after a restore of
/// identity alone; creating the user again invites them anew).
public enum UserState: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    case active, pendingPhone, invited, disabled, missing

    public init(_ state: AccountState) {
        switch state {
        case .active: self = .active
        case .pendingPhone: self = .pendingPhone
        case .invited: self = .invited
        case .disabled: self = .disabled
        }
    }
}

/// The second factor enrolled. Identity's messages leave it out when there is none;
/// admin's user rows show the empty string.
public enum SecondFactor: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    case sms = "SMS"
    /// Only in admin's rows (`UserRow.mfa`, `UserDetail.mfa`): nothing enrolled yet.
    case notEnrolled = ""
}

/// What `identity.login.start` asks for next.
public enum LoginNext: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    /// The code went to `maskedPhone`: `login.finish`.
    case sms
    /// No phone yet: `login.smsEnroll`, then `login.finish`.
    case enrollSms
}

/// What `identity.registration.verifyEmail` asks for next.
public enum RegistrationNext: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    /// A new person: `registration.account`.
    case account
    /// The e-mail has an account: log in, then `registration.attach`.
    case login
}

/// How fund staff send an employer's invitation (`admin.employer.invite`).
public enum InvitationDelivery: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    case letter, email
}

/// An employer's standing (`EmployerSummary.status`).
public enum EmployerStatus: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    case notInvited = "none"
    case invited, registered
}

/// The file `admin.users.export` renders.
public enum ExportFormat: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    case pdf, xlsx
}

/// The order of the user list and its exports. An empty string reads as the
/// default order, as it always has.
public enum UserSort: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    case displayName
    case displayNameDescending = "-displayName"
    case email
    case emailDescending = "-email"

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let sort = raw.isEmpty ? .displayName : UserSort(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown sort"))
        }
        self = sort
    }
}

/// What an audit entry records (`AuditEntry.action`).
public enum AuditAction: String, Codable, Sendable, CaseIterable, SchemaPlainString {
    case employerCreate = "employer.create"
    case employerInvite = "employer.invite"
    case userRegistered = "user.registered"
    case userCreate = "user.create"
    case userPhoneConfirmed = "user.phone_confirmed"
    case userUpdate = "user.update"
    case userConsentAccepted = "user.consent_accepted"
    case userConsentDeclined = "user.consent_declined"
    case delegationGrant = "delegation.grant"
    case delegationRevoke = "delegation.revoke"
    case employerSettings = "employer.settings"
    case userInvitationResent = "user.invitation_resent"
}

/// The sensitive actions admin answers with `reauth_required` unless the password
/// was proved recently (named in the `step_up.required` log line).
public enum StepUpAction: String, Sendable, CaseIterable {
    case createUser = "user.create"
    case grantAdmin = "user.grant_admin"
    case reenableAdmin = "user.reenable_admin"
    case changePhone = "user.phone"
    case grantDelegation = "delegation.grant"
}
