import Wire

/// An employer's admin adds someone whose e-mail already has an account (a
/// fiduciary): the membership waits for the owner's consent. Until they accept,
/// the inviting employer sees only what its admin typed (names, language,
/// `invited`/`pendingPhone`), nothing of the account; the membership grants
/// nothing, counts for no rule, and changes nothing the owner's other employers
/// may do. The owner gets the `membership_consent` e-mail and, at their next
/// login, `admin.invitations.list` (also in `admin.me`'s `invitations`).

/// One employer asking a person to act for it.
public struct MembershipInvitation: Codable, Sendable, Equatable {
    public var employer: String
    public var name: String
    /// The rights the employer's admin offered.
    public var admin: Bool
    public var themes: [String]
    /// RFC 3339
    public var invitedAt: String
    public init(employer: String, name: String, admin: Bool, themes: [String], invitedAt: String) {
        self.employer = employer
        self.name = name
        self.admin = admin
        self.themes = themes
        self.invitedAt = invitedAt
    }
}

/// The caller's pending invitations, oldest first.
public enum InvitationsList: Message {
    public static let type = "admin.invitations.list"
    public static let access = Access.anyone
    public typealias Body = Empty
    public struct Reply: Codable, Sendable {
        public var invitations: [MembershipInvitation]
        public init(invitations: [MembershipInvitation]) { self.invitations = invitations }
    }
}

public enum InvitationAnswer: String, Codable, Sendable, CaseIterable {
    /// The membership is in force from now on (the employer appears in `admin.me`).
    case accept
    /// The membership is deleted; the employer's list no longer shows the person.
    case decline
}

/// The person's own answer to one invitation; `not_found` when there is none for `employer`.
public enum InvitationsAnswer: Message {
    public static let type = "admin.invitations.answer"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var answer: InvitationAnswer
        public init(employer: String, answer: InvitationAnswer) {
            self.employer = employer
            self.answer = answer
        }
    }
    /// The answer as recorded: the body again.
    public typealias Reply = Body
}

/// What the admin must do next after `admin.users.update`.
public enum UserNextStep: String, Codable, Sendable, CaseIterable {
    /// A code went to the new phone: type it with `admin.users.confirmPhone`; the
    /// enrolled phone stays in force until then.
    case confirmPhone
}

extension TemplateName {
    /// Admin → the owner of an existing account: an employer asks them to act for it.
    /// Params: firstName, employerName, employerNumber.
    public static let membershipConsent = "membership_consent"
}
