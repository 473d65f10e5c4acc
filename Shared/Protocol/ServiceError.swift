import FoundationEssentials

/// The one error type a handler throws to answer with `ok:false`.
/// Its wire shape is fixed: `{code, message, field?, ...extras}`; the message is
/// looked up in the service's `ErrorCatalogue` in the request's language, so
/// handlers never write prose. `messageKey` picks a more specific catalogue entry
/// (for example `weak_password.too_short`); `{name}` placeholders in it are filled
/// from extras.
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var field: String?
    public var messageKey: MessageKey?
    public var extras: [String: JSONValue]
    /// For logs only, never sent: what went wrong in words an operator can use.
    public var detail: String?
    /// A peer's refusal: the sentence it answered with, already in the request's
    /// language (clients show it as it is). Nil for errors raised here.
    public var remoteMessage: String?

    public init(
        _ code: ErrorCode, field: String? = nil, messageKey: MessageKey? = nil,
        extras: [String: JSONValue] = [:], detail: String? = nil, remoteMessage: String? = nil
    ) {
        self.code = code
        self.field = field
        self.messageKey = messageKey
        self.extras = extras
        self.detail = detail
        self.remoteMessage = remoteMessage
    }

    public static func badRequest(_ field: String? = nil, detail: String? = nil) -> ServiceError {
        ServiceError(.badRequest, field: field, detail: detail)
    }

    public var description: String {
        var s = code.rawValue
        if let field { s += " field=\(field)" }
        if let detail { s += " (\(detail))" }
        if let remoteMessage { s += " (remote: \(remoteMessage))" }
        return s
    }

    /// The error object of a reply, in the given language.
    public func wire(_ lang: Language, catalogue: ErrorCatalogue) -> WireError {
        WireError(
            code: code.rawValue, message: catalogue.message(for: self, in: lang),
            field: field, extras: extras)
    }

    /// What a person reads: the peer's own sentence when it came from one, else
    /// the catalogue's.
    public func message(_ lang: Language, catalogue: ErrorCatalogue = .standard) -> String {
        remoteMessage ?? catalogue.message(for: self, in: lang)
    }
}

/// The error object as it travels. Extras are flattened beside code and message.
public struct WireError: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var field: String?
    public var extras: [String: JSONValue]

    public init(code: String, message: String, field: String?, extras: [String: JSONValue]) {
        self.code = code
        self.message = message
        self.field = field
        self.extras = extras
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var extras: [String: JSONValue] = [:]
        var code = "internal"
        var message = ""
        var field: String?
        for key in c.allKeys {
            switch key.stringValue {
            case "code": code = try c.decode(String.self, forKey: key)
            case "message": message = try c.decode(String.self, forKey: key)
            case "field": field = try c.decodeIfPresent(String.self, forKey: key)
            default: extras[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
            }
        }
        self.init(code: code, message: message, field: field, extras: extras)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (k, v) in extras where !["code", "message", "field"].contains(k) {
            try c.encode(v, forKey: Key(k))
        }
        try c.encode(code, forKey: Key("code"))
        try c.encode(message, forKey: Key("message"))
        try c.encodeIfPresent(field, forKey: Key("field"))
    }

    /// Back to a ServiceError on the calling side (unknown codes become `internal`).
    public var serviceError: ServiceError {
        ServiceError(
            ErrorCode(rawValue: code) ?? .internal, field: field, extras: extras,
            remoteMessage: message)
    }
}
