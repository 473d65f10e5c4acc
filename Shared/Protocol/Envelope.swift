import FoundationEssentials

/// The request envelope's header, decoded without the body so that a bad body can
/// still be answered under the right id and in the right language.
public struct RequestHeader: Decodable, Sendable {
    public var id: String?
    public var type: String?
    public var session: String?
    public var lang: String?

    enum CodingKeys: String, CodingKey { case id, type, session, lang }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Lenient: a wrong type in one header field must not hide the others.
        id = try? c.decodeIfPresent(String.self, forKey: .id)
        type = try? c.decodeIfPresent(String.self, forKey: .type)
        session = try? c.decodeIfPresent(String.self, forKey: .session)
        lang = try? c.decodeIfPresent(String.self, forKey: .lang)
    }
}

/// The body alone. An absent or null body reads as `{}`.
package struct RequestBody<Body: Decodable>: Decodable {
    package var body: Body?
}

/// Header and body in one pass (the router's usual path): the header fields as
/// leniently as `RequestHeader`, the body strictly.
package struct Request<Body: Decodable>: Decodable {
    package var header: RequestHeader
    package var body: Body?

    enum CodingKeys: String, CodingKey { case body }

    package init(from decoder: Decoder) throws {
        header = try RequestHeader(from: decoder)
        body = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Body.self, forKey: .body)
    }
}

/// The outgoing request (client side).
public struct RequestEnvelope<Body: Encodable>: Encodable {
    public var id: String
    public var type: String
    public var session: String?
    public var lang: String?
    public var body: Body

    package init(id: String, type: String, session: String?, lang: String?, body: Body) {
        self.id = id
        self.type = type
        self.session = session
        self.lang = lang
        self.body = body
    }
}

/// A reply decoded straight into the message's Reply type, in one pass (the
/// client's usual path; `ReplyEnvelope` keeps the body as a JSON tree, which costs
/// milliseconds for a page of 50 users).
package struct TypedReply<Body: Decodable>: Decodable {
    package var ok: Bool
    package var body: Body?
    package var error: WireError?
}

/// A reply as it travels: `{"id","ok":true,"body"}` or `{"id","ok":false,"error"}`.
public struct ReplyEnvelope: Codable, Sendable {
    public var id: String?
    public var ok: Bool
    public var body: JSONValue?
    public var error: WireError?

    public init(id: String?, ok: Bool, body: JSONValue? = nil, error: WireError? = nil) {
        self.id = id
        self.ok = ok
        self.body = body
        self.error = error
    }

    enum CodingKeys: String, CodingKey { case id, ok, body, error }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id) // id is always present, null when unreadable
        try c.encode(ok, forKey: .ok)
        try c.encodeIfPresent(body, forKey: .body)
        try c.encodeIfPresent(error, forKey: .error)
    }
}
