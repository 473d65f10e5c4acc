import Wire

/// The portal's home `Tâches` for an employer's admin (people invited who have
/// not finished) and the audit trail's export. Every message needs `session` and
/// a connect administrator of `employer`.

/// Someone the employer invited who has not finished: `invited` (variant 2, no
/// first login yet), `pendingPhone` (variant 1, the SMS code not confirmed), or
/// an existing account that has not answered the employer's invitation
/// (`awaitingConsent`, its state then as the admin typed it).
public struct PendingUser: Codable, Sendable, Equatable {
    public var userId: String
    public var displayName: String
    public var email: String
    public var state: UserState
    public var awaitingConsent: Bool
    /// When the employer added the person (RFC 3339).
    public var invitedAt: String
    public init(
        userId: String, displayName: String, email: String, state: UserState, awaitingConsent: Bool, invitedAt: String
    ) {
        self.userId = userId
        self.displayName = displayName
        self.email = email
        self.state = state
        self.awaitingConsent = awaitingConsent
        self.invitedAt = invitedAt
    }
}

/// The employer's unfinished invitations, oldest first (deactivated people and delegations left out).
public enum UsersPending: Message {
    public static let type = "admin.users.pending"
    public static let access = Access.anyone
    public typealias Body = EmployerScope
    public struct Reply: Codable, Sendable {
        public var users: [PendingUser]
        public init(users: [PendingUser]) { self.users = users }
    }
}

/// Sends a pending person's invitation again: the welcome e-mail (`invited`) or,
/// for an existing account, the consent e-mail. `conflict` for anyone else: a
/// `pendingPhone` person gets a new SMS code through `admin.users.update` with
/// the phone (the admin has the person at hand in variant 1). Once a minute per
/// person at most (`rate_limited`, `retryAfterS`).
public enum UsersResendInvitation: Message {
    public static let type = "admin.users.resendInvitation"
    public static let access = Access.anyone
    public typealias Body = EmployerUser
    /// `template`: the e-mail queued (`welcome_invited` or `membership_consent`).
    public struct Reply: Codable, Sendable {
        public var template: String
        public init(template: String) { self.template = template }
    }
}

/// The audit trail as `admin.audit.search` filters it (every entry, no paging),
/// as PDF or XLSX; the reply has the shape of `admin.users.export`'s.
public enum AuditExport: Message {
    public static let type = "admin.audit.export"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        /// pdf or xlsx
        public var format: ExportFormat
        public var person: String?
        public var action: String?
        public init(employer: String, format: ExportFormat, person: String? = nil, action: String? = nil) {
            self.employer = employer
            self.format = format
            self.person = person
            self.action = action
        }
    }
    public typealias Reply = UsersExport.Reply
}

/// One value an audit entry changed, flattened for a screen or a document:
/// `membership.themes`, "accounting" → "accounting, payroll".
public struct AuditChange: Sendable, Equatable {
    public var field: String
    public var before: String
    public var after: String
    public init(field: String, before: String, after: String) {
        self.field = field
        self.before = before
        self.after = after
    }
}

extension AuditEntry {
    /// The fields whose value differs between `before` and `after` (all of
    /// `after` for a creation), by dotted path in key order.
    public var changes: [AuditChange] {
        var old: [String: String] = [:]
        var new: [String: String] = [:]
        Self.flatten(before, "", into: &old)
        Self.flatten(after, "", into: &new)
        return Set(old.keys).union(new.keys).sorted().compactMap { k in
            let b = old[k] ?? ""
            let a = new[k] ?? ""
            return a == b ? nil : AuditChange(field: k, before: b, after: a)
        }
    }

    static func flatten(_ v: JSONValue?, _ path: String, into out: inout [String: String]) {
        guard let v else { return }
        switch v {
        case .object(let o):
            for (k, x) in o { flatten(x, path.isEmpty ? k : "\(path).\(k)", into: &out) }
        default:
            out[path.isEmpty ? "value" : path] = text(v)
        }
    }

    static func text(_ v: JSONValue) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s): return s
        case .array(let a): return a.map(text).joined(separator: ", ")
        case .object: return ""
        }
    }
}
