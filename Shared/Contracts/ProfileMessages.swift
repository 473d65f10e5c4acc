import Wire

/// The seed's "Profil d'utilisateur" and the session messages a signed-in person
/// sends to identity for themselves (envelope `session` required): see and change
/// their own profile, prove the password again (step-up), log out everywhere.
/// Identity owns them because they touch credentials (password, phone, e-mail);
/// names and language reach admin through the `admin.account.changed` event.

/// The signed-in person as they see themselves (no secret; the phone masked).
public struct OwnProfile: Codable, Sendable, Equatable {
    public var accountId: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var language: Language
    /// The enrolled phone, masked ("+41 79 *** ** 33").
    public var maskedPhone: String?
    /// "SMS" once a phone is enrolled
    public var mfa: SecondFactor?
    /// When the current login finished.
    public var lastLoginAt: String?
    /// The login before that one ("last login" as the person means it).
    public var previousLoginAt: String?
    /// A phone change waiting for its SMS code (masked), until confirmed.
    public var pendingPhone: String?
    /// An e-mail change waiting for its activation code, until confirmed.
    public var pendingEmail: String?
    public init(
        accountId: String, email: String, firstName: String, lastName: String, language: Language,
        maskedPhone: String?, mfa: SecondFactor?, lastLoginAt: String?, previousLoginAt: String?,
        pendingPhone: String?, pendingEmail: String?
    ) {
        self.accountId = accountId
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.language = language
        self.maskedPhone = maskedPhone
        self.mfa = mfa
        self.lastLoginAt = lastLoginAt
        self.previousLoginAt = previousLoginAt
        self.pendingPhone = pendingPhone
        self.pendingEmail = pendingEmail
    }
}

public enum ProfileGet: Message {
    public static let type = "identity.profile.get"
    public static let access = Access.anyone
    public typealias Body = Empty
    public typealias Reply = OwnProfileReply
}

/// Changes the person's own names and language (absent fields stay). Admin's
/// lists learn it through `admin.account.changed`.
public enum ProfileUpdate: Message {
    public static let type = "identity.profile.update"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var firstName: String?
        public var lastName: String?
        public var language: Language?
        public init(firstName: String? = nil, lastName: String? = nil, language: Language? = nil) {
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
        }
    }
    public typealias Reply = OwnProfileReply
}

/// Current password required (`invalid_credentials` otherwise, counted like a
/// failed login); the new one must pass the policy (`weak_password`). Every
/// OTHER session of the account ends; the `password_changed` notice goes out.
public enum ProfileChangePassword: Message {
    public static let type = "identity.profile.changePassword"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var currentPassword: String
        public var newPassword: String
        public init(currentPassword: String, newPassword: String) {
            self.currentPassword = currentPassword
            self.newPassword = newPassword
        }
    }
    /// How many other open sessions ended.
    public struct Reply: Codable, Sendable {
        public var endedSessions: Int
        public init(endedSessions: Int) { self.endedSessions = endedSessions }
    }
}

/// Sends an SMS code to the NEW number (the enrolment rules and limits apply).
/// The enrolled number stays in force until `confirmPhone`. The password is
/// asked because a session alone must not move the second factor.
public enum ProfileChangePhone: Message {
    public static let type = "identity.profile.changePhone"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var phone: String
        public var password: String
        public init(phone: String, password: String) {
            self.phone = phone
            self.password = password
        }
    }
    public struct Reply: Codable, Sendable {
        public var maskedPhone: String
        public init(maskedPhone: String) { self.maskedPhone = maskedPhone }
    }
}

/// The code the new number received: the new number replaces the old one, and
/// the old number gets the `phone_changed` notice.
public enum ProfileConfirmPhone: Message {
    public static let type = "identity.profile.confirmPhone"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var smsCode: String
        public init(smsCode: String) { self.smsCode = smsCode }
    }
    public typealias Reply = OwnProfileReply
}

/// Sends an activation code (`email_change`) to the new address; the old one
/// stays the login until `confirmEmail`. Always answers `{}` for a well-formed
/// address: whether it already has an account is told only to whoever proves
/// they read its mailbox (at `confirmEmail`).
public enum ProfileChangeEmail: Message {
    public static let type = "identity.profile.changeEmail"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var email: String
        public var password: String
        public init(email: String, password: String) {
            self.email = email
            self.password = password
        }
    }
    public typealias Reply = Empty
}

/// The activation code from the new address: it becomes the login e-mail, the old
/// address gets the `email_changed` notice. `conflict` (field email) if the new
/// address meanwhile has an account.
public enum ProfileConfirmEmail: Message {
    public static let type = "identity.profile.confirmEmail"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var activationCode: String
        public init(activationCode: String) { self.activationCode = activationCode }
    }
    public typealias Reply = OwnProfileReply
}

/// Step-up: proves the password again on this session (sensitive admin actions
/// need it within `ADMIN_STEP_UP_SECONDS`, else `reauth_required`). A login counts
/// as a proof too. Wrong passwords count toward the lockout like failed logins.
public enum SessionReauth: Message {
    public static let type = "identity.session.reauth"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var password: String
        public init(password: String) { self.password = password }
    }
    public struct Reply: Codable, Sendable {
        public var reauthenticatedAt: String
        public init(reauthenticatedAt: String) { self.reauthenticatedAt = reauthenticatedAt }
    }
}

/// Logout everywhere: ends every session of the account (this one included).
/// Admin verifies the token with identity on every request, so an ended session
/// stops working in every front end at once.
public enum SessionEndAll: Message {
    public static let type = "identity.session.endAll"
    public static let access = Access.anyone
    public typealias Body = Empty
    public struct Reply: Codable, Sendable {
        public var ended: Int
        public init(ended: Int) { self.ended = ended }
    }
}

/// Templates the profile and delegation flows send (the notifier ships each in fr, de, it, en).
extension TemplateName {
    /// SMS to the OLD number and e-mail to the person after a phone change. Params: maskedPhone (the new number, masked).
    public static let phoneChanged = "phone_changed"
    /// Activation code to a new e-mail address. Params: code, firstName.
    public static let emailChange = "email_change"
    /// Notice to the OLD address after an e-mail change. Params: firstName.
    public static let emailChanged = "email_changed"
    /// Admin → a delegate: access to an employer was granted. Params: firstName, employerName, employerNumber.
    public static let delegationGranted = "delegation_granted"
}

/// The profile as it now is: the reply of the messages that show or change it.
public struct OwnProfileReply: Codable, Sendable {
    public var profile: OwnProfile
    public init(profile: OwnProfile) { self.profile = profile }
}
