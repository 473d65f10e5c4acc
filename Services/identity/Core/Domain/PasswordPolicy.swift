/// The rules a new password must meet (brief: at least 8 characters, a deployment
/// may lower it to 6; at most 128; not a common password; not the e-mail).
/// Passwords are compared case-sensitively; only the common-password and e-mail
/// checks ignore case, since "PASSWORD" is as guessable as "password".
public struct PasswordPolicy: Sendable {
    public enum Violation: String, Sendable, Equatable, CaseIterable {
        case tooShort = "too_short"
        case tooLong = "too_long"
        case common
        case containsEmail = "contains_email"
    }

    public static let allowedMinimum = 6...128
    public let minLength: Int
    public let maxLength: Int
    /// Lower-cased.
    private let common: Set<String>

    public init(minLength: Int = 8, maxLength: Int = 128, commonPasswords: Set<String>) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.common = Set(commonPasswords.map { $0.lowercased() })
    }

    public var commonCount: Int { common.count }

    /// Reads a list with one password per line (blank lines and `#` comments skipped).
    public static func parseList(_ text: String) -> Set<String> {
        var out = Set<String>()
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let s = String(line)
            if s.isEmpty || s.hasPrefix("#") { continue }
            out.insert(s.lowercased())
        }
        return out
    }

    /// The first rule the password breaks, or nil. Length counts characters as a
    /// person sees them (grapheme clusters).
    public func check(_ password: String, email: String?) -> Violation? {
        let length = password.count
        if length < minLength { return .tooShort }
        if length > maxLength { return .tooLong }
        let lower = password.lowercased()
        if common.contains(lower) { return .common }
        if let email = email?.lowercased(), !email.isEmpty {
            if lower.contains(email) { return .containsEmail }
            // The local part alone ("gilbert" of gilbert@modele.ch), when long enough to
            // be a real choice rather than a coincidence ("lea" in "pleasant").
            if let local = email.split(separator: "@").first,
                lower == local || (local.count >= 4 && lower.contains(local))
            {
                return .containsEmail
            }
        }
        return nil
    }
}
