import FoundationEssentials
import Runtime
import Wire

/// The refusals several families answer alike.
extension ServiceError {
    /// `account_locked`, telling until when.
    static func accountLocked(until: Date) -> ServiceError {
        ServiceError(.accountLocked, extras: ["lockedUntil": .string(until.rfc3339)])
    }

    /// `rate_limited` until `until` (at least a second from `now`).
    static func rateLimited(until: Date, now: Date, field: String? = nil) -> ServiceError {
        rateLimited(wait: max(1, Int(until.timeIntervalSince(now).rounded(.up))), field: field)
    }

    /// `rate_limited`, to be tried again after `wait` seconds.
    static func rateLimited(wait: Int, field: String? = nil) -> ServiceError {
        ServiceError(.rateLimited, field: field, extras: ["retryAfterS": .number(Double(wait))])
    }
}
