import Wire

/// The seed's "Paramètres connect": what an employer's connect administrator may
/// set for the employer itself. Today that is the contact language the fund's
/// letters and e-mails to the employer use (the invitation letter among them).
/// Name and postal address are the fund's register: shown, never set here.
/// Both need the envelope's `session` and a connect administrator of `employer`.

public enum SettingsGet: Message {
    public static let type = "admin.settings.get"
    public static let access = Access.anyone
    public typealias Body = EmployerScope
    public typealias Reply = EmployerSettingsReply
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
    public typealias Reply = EmployerSettingsReply
}

/// The employer's settings as they now are.
public struct EmployerSettingsReply: Codable, Sendable {
    public var settings: EmployerDetails
    public init(settings: EmployerDetails) { self.settings = settings }
}
