/// The stable error codes of the wire (protocol.md). Never rename one.
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

    /// Whether a caller (or a relay) may try the same request again later.
    public var isTransient: Bool { self == .unavailable || self == .internal }
}
