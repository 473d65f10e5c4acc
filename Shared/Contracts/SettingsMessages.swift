import Wire

/// The seed's "Paramètres connect": what an employer's connect administrator may
/// set for the employer itself. Today that is the contact language the fund's
/// letters and e-mails to the employer use (the invitation letter among them).
/// Name and postal address are the fund's register: shown, never set here.
/// Both need the envelope's `session` and a connect administrator of `employer`.

/// The employer as its settings screen shows it.
public struct EmployerSettings: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var street: String
    public var postcode: String
    public var city: String
    /// The language of the fund's letters and e-mails to the employer.
    public var language: Language
    public init(number: String, name: String, street: String, postcode: String, city: String, language: Language) {
        self.number = number
        self.name = name
        self.street = street
        self.postcode = postcode
        self.city = city
        self.language = language
    }
}

public enum SettingsGet: Message {
    public static let type = "admin.settings.get"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public init(employer: String) { self.employer = employer }
    }
    public struct Reply: Codable, Sendable {
        public var settings: EmployerSettings
        public init(settings: EmployerSettings) { self.settings = settings }
    }
}

/// Sets the employer's contact language; written to the audit trail
/// (`employer.settings`, before and after) when it changes.
public enum SettingsUpdate: Message {
    public static let type = "admin.settings.update"
    public static let access = Access.anyone
    public struct Body: Codable, Sendable {
        public var employer: String
        public var language: Language
        public init(employer: String, language: Language) {
            self.employer = employer
            self.language = language
        }
    }
    public struct Reply: Codable, Sendable {
        public var settings: EmployerSettings
        public init(settings: EmployerSettings) { self.settings = settings }
    }
}
