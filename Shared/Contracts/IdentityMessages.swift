import Wire

/// Messages identity answers for end users (docs/contract.md, "identity").

public struct EmployerRef: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public init(number: String, name: String) {
        self.number = number
        self.name = name
    }
}

public enum RegistrationStart: Message {
    public static let type = "identity.registration.start"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var accessCode: String
        public init(accessCode: String) { self.accessCode = accessCode }
    }
    public struct Reply: Codable, Sendable {
        public var registrationId: String
        public var employer: EmployerRef
        public init(registrationId: String, employer: EmployerRef) {
            self.registrationId = registrationId
            self.employer = employer
        }
    }
}

public enum RegistrationEmail: Message {
    public static let type = "identity.registration.email"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var registrationId: String
        public var email: String
        public init(registrationId: String, email: String) {
            self.registrationId = registrationId
            self.email = email
        }
    }
    public typealias Reply = Empty
}

public enum RegistrationVerifyEmail: Message {
    public static let type = "identity.registration.verifyEmail"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var registrationId: String
        public var activationCode: String
        public init(registrationId: String, activationCode: String) {
            self.registrationId = registrationId
            self.activationCode = activationCode
        }
    }
    /// next: "account" (new person) or "login" (the e-mail has an account: log in, then attach)
    public struct Reply: Codable, Sendable {
        public var next: RegistrationNext
        public init(next: RegistrationNext) { self.next = next }
    }
}

public enum RegistrationAccount: Message {
    public static let type = "identity.registration.account"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var registrationId: String
        public var firstName: String
        public var lastName: String
        public var language: Language
        public var password: String
        public var acceptTerms: Bool
        public init(
            registrationId: String, firstName: String, lastName: String, language: Language,
            password: String, acceptTerms: Bool
        ) {
            self.registrationId = registrationId
            self.firstName = firstName
            self.lastName = lastName
            self.language = language
            self.password = password
            self.acceptTerms = acceptTerms
        }
    }
    public typealias Reply = Empty
}

public enum RegistrationSmsSend: Message {
    public static let type = "identity.registration.smsSend"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var registrationId: String
        public var phone: String
        public init(registrationId: String, phone: String) {
            self.registrationId = registrationId
            self.phone = phone
        }
    }
    public struct Reply: Codable, Sendable {
        public var maskedPhone: String
        public init(maskedPhone: String) { self.maskedPhone = maskedPhone }
    }
}

public enum RegistrationSmsConfirm: Message {
    public static let type = "identity.registration.smsConfirm"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var registrationId: String
        public var smsCode: String
        public init(registrationId: String, smsCode: String) {
            self.registrationId = registrationId
            self.smsCode = smsCode
        }
    }
    public struct Reply: Codable, Sendable {
        public var accountId: String
        public init(accountId: String) { self.accountId = accountId }
    }
}

/// Ends a registration whose e-mail already had an account: after a normal login
/// (`login.start` + `login.finish`) of that account, pass the finished challenge
/// (or the session it produced) to attach the employer to the account.
public enum RegistrationAttach: Message {
    public static let type = "identity.registration.attach"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var registrationId: String
        public var challengeId: String?
        public var session: String?
        public init(registrationId: String, challengeId: String? = nil, session: String? = nil) {
            self.registrationId = registrationId
            self.challengeId = challengeId
            self.session = session
        }
    }
    public struct Reply: Codable, Sendable {
        public var accountId: String
        public init(accountId: String) { self.accountId = accountId }
    }
}

public enum LoginStart: Message {
    public static let type = "identity.login.start"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var email: String
        public var password: String
        public init(email: String, password: String) {
            self.email = email
            self.password = password
        }
    }
    /// next: "sms" (code sent to maskedPhone) or "enrollSms" (no phone yet: send `login.smsEnroll`)
    public struct Reply: Codable, Sendable {
        public var challengeId: String
        public var next: LoginNext
        public var maskedPhone: String?
        public init(challengeId: String, next: LoginNext, maskedPhone: String?) {
            self.challengeId = challengeId
            self.next = next
            self.maskedPhone = maskedPhone
        }
    }
}

public enum LoginSmsEnroll: Message {
    public static let type = "identity.login.smsEnroll"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var challengeId: String
        public var phone: String
        public init(challengeId: String, phone: String) {
            self.challengeId = challengeId
            self.phone = phone
        }
    }
    public struct Reply: Codable, Sendable {
        public var maskedPhone: String
        public init(maskedPhone: String) { self.maskedPhone = maskedPhone }
    }
}

public enum LoginFinish: Message {
    public static let type = "identity.login.finish"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var challengeId: String
        public var smsCode: String
        public init(challengeId: String, smsCode: String) {
            self.challengeId = challengeId
            self.smsCode = smsCode
        }
    }
    public struct Reply: Codable, Sendable {
        public var session: String
        public var expiresAt: String
        public var accountId: String
        public init(session: String, expiresAt: String, accountId: String) {
            self.session = session
            self.expiresAt = expiresAt
            self.accountId = accountId
        }
    }
}

public enum PasswordForgot: Message {
    public static let type = "identity.password.forgot"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var email: String
        public init(email: String) { self.email = email }
    }
    public typealias Reply = Empty
}

public enum PasswordReset: Message {
    public static let type = "identity.password.reset"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var email: String
        public var resetCode: String
        public var newPassword: String
        public init(email: String, resetCode: String, newPassword: String) {
            self.email = email
            self.resetCode = resetCode
            self.newPassword = newPassword
        }
    }
    public typealias Reply = Empty
}

/// Ends the session given in the envelope's `session`.
public enum SessionEnd: Message {
    public static let type = "identity.session.end"
    public static let access = Access.anyone
    public typealias Body = Empty
    public typealias Reply = Empty
}
