/// The stable error codes of the wire (docs/contract.md). Never rename one.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case unknownType = "unknown_type"
    case unauthenticated
    case forbidden
    case notFound = "not_found"
    case conflict
    case invalidCode = "invalid_code"
    case codeExpired = "code_expired"
    case tooManyAttempts = "too_many_attempts"
    case invalidCredentials = "invalid_credentials"
    case accountLocked = "account_locked"
    case accountDisabled = "account_disabled"
    case weakPassword = "weak_password"
    case invalidPhone = "invalid_phone"
    case lastAdmin = "last_admin"
    case rateLimited = "rate_limited"
    case reauthRequired = "reauth_required"
    case unavailable
    case `internal`

    /// Whether a caller may try the same request again later.
    public var isTransient: Bool { self == .unavailable || self == .internal }

    /// Whether a relayed message refused with this code can never succeed, so it is
    /// dropped: the receiver understood it and said no for good. Anything else —
    /// `forbidden` or `unknown_type` from a misconfigured or older peer, `rate_limited`,
    /// `unavailable` — is retried, since a message that must not be lost outlives
    /// a deployment mistake.
    public var isFinalRefusal: Bool { self == .badRequest || self == .notFound || self == .conflict }
}
