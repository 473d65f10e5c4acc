import Contracts
import FoundationEssentials
import Wire

/// The fields people type, checked and normalised the same way in every family:
/// e-mail addresses, mobile numbers (to the allowed destinations), names, and
/// new passwords (the policy).
struct IdentityInput: Sendable {
    let destinations: SmsDestinations
    let policy: PasswordPolicy

    func email(_ raw: String, field: String = "email") throws -> String {
        guard let e = EmailAddress.normalise(raw) else {
            throw ServiceError(.badRequest, field: field, messageKey: .badRequestField)
        }
        return e
    }

    func phone(_ raw: String, field: String = "phone") throws -> PhoneNumber {
        switch PhoneNumber.parse(raw) {
        case .success(let p):
            guard destinations.allows(p) else {
                throw ServiceError(.invalidPhone, field: field, messageKey: .invalidPhoneCountry)
            }
            return p
        case .failure(.swissLandline):
            throw ServiceError(.invalidPhone, field: field, messageKey: .invalidPhoneLandline)
        case .failure:
            throw ServiceError(.invalidPhone, field: field)
        }
    }

    func name(_ raw: String, field: String) throws -> String {
        let s = raw.trimmed(.spacesAndNewlines)
        // The contract's rule, shared with admin: bounded in bytes too, so the notices
        // carrying the name always fit the notifier's param limit.
        guard Recipients.isPersonName(s) else {
            throw ServiceError(.badRequest, field: field, messageKey: .badRequestField)
        }
        return s
    }

    /// Applies the password policy; `weak_password` names the rule in `extras.rule`.
    func checkPassword(_ password: String, email: String?, field: String) throws {
        guard let v = policy.check(password, email: email) else { return }
        throw ServiceError(
            .weakPassword, field: field, messageKey: .weakPassword(v),
            extras: [
                "rule": .string(v.rawValue), "minLength": .number(Double(policy.minLength)),
                "maxLength": .number(Double(policy.maxLength)),
            ])
    }
}
