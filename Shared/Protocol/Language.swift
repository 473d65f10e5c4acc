/// The four languages of the fund. Everything a person reads exists in each.
public enum Language: String, Codable, Sendable, CaseIterable {
    case fr, de, it, en

    /// Lenient parsing for the envelope's `lang` and for `LANG`-style values
    /// ("de_CH.UTF-8" → de); anything unknown falls back to English.
    public init(lenient value: String?) {
        let prefix = (value ?? "").prefix(2).lowercased()
        self = Language(rawValue: prefix) ?? .en
    }

    /// This language's text of `wording`.
    public func pick(_ wording: Wording) -> String {
        switch self {
        case .fr: wording.fr
        case .de: wording.de
        case .it: wording.it
        case .en: wording.en
        }
    }

    /// The seed's list column: F, D, I, E.
    public var letter: String {
        switch self {
        case .fr: "F"
        case .de: "D"
        case .it: "I"
        case .en: "E"
        }
    }
}

/// One text in the four languages, as every table of sentences and labels writes it
/// (error messages, the portal's screens, the audit trail's words).
public typealias Wording = (fr: String, de: String, it: String, en: String)
