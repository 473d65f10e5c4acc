import Wire

/// Messages admin answers about an employer's users and its audit trail: they need the
/// envelope's `session` of a connect administrator of `employer` (docs/contract.md, "admin").

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

/// One person at one employer: what a message about that person's membership names.
public struct EmployerUser: Codable, Sendable {
    public var employer: String
    public var userId: String
    public init(employer: String, userId: String) {
        self.employer = employer
        self.userId = userId
    }
}

public enum UsersGet: Message {
    public static let type = "admin.users.get"
    public static let access = Access.anyone
    public typealias Body = EmployerUser
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
