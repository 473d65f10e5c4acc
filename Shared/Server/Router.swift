import Foundation

/// Maps message types to typed handlers and turns one request line into one reply
/// line. Every failure becomes a reply with the fixed error shape: a ServiceError
/// as itself, a busy database as `unavailable`, anything else logged and answered
/// `internal` without details.
public final class Router: @unchecked Sendable {
    public typealias Handler<M: Message> = @Sendable (RequestContext, M.Body) throws -> M.Reply

    struct Route {
        let access: Access
        let run: @Sendable (RequestContext, Data) throws -> Data
    }

    private var routes: [String: Route] = [:]
    let logger: Logger
    let staffUIDs: Set<UInt32>
    /// When `CONNECT_STAFF_UIDS` / `CONNECT_SERVICE_UIDS` are unset these default
    /// to the uid the service runs as (`Environment.uids`); once set, the list is
    /// exactly who may send, so a deployment (or a test) can exclude its own uid.
    let serviceUIDs: Set<UInt32>
    /// Request lines are logged at info; below that level their fields are not even built.
    private var logRequests: Bool { logger.minimum <= .info }

    public init(logger: Logger, staffUIDs: Set<UInt32>, serviceUIDs: Set<UInt32>) {
        self.logger = logger
        self.staffUIDs = staffUIDs
        self.serviceUIDs = serviceUIDs
    }

    /// Registers the handler of one message. Call before the server starts.
    public func on<M: Message>(_ message: M.Type, _ handler: @escaping Handler<M>) {
        precondition(routes[M.type] == nil, "two handlers for \(M.type)")
        routes[M.type] = Route(access: M.access) { context, line in
            let body: M.Body
            do {
                body = try JSONCoding.decoder.decode(RequestBody<M.Body>.self, from: line).body
                    ?? JSONCoding.decoder.decode(M.Body.self, from: Data("{}".utf8))
            } catch let error as DecodingError {
                throw Router.badRequest(error)
            }
            return try JSONCoding.encode(handler(context, body))
        }
    }

    public var types: [String] { routes.keys.sorted() }

    /// Handles one line (without its `\n`); returns the reply line (without `\n`).
    public func handle(line: Data, peer: PeerCredentials) -> Data {
        let started = monotonicSeconds()
        guard let header = try? JSONCoding.decoder.decode(RequestHeader.self, from: line) else {
            logger.info("request", ["ok": false, "code": "bad_request", "reason": "not a JSON object"])
            return reply(id: nil, error: ServiceError(.badRequest), lang: .en)
        }
        let lang = Language(lenient: header.lang)
        let type = header.type ?? ""
        var fields: [String: JSONValue] = ["type": .string(type)]
        defer {
            if logRequests {
                fields["durationMs"] = .number(((monotonicSeconds() - started) * 1_000_000).rounded() / 1000)
                logger.info("request", fields)
            }
        }
        do {
            guard !type.isEmpty else { throw ServiceError(.badRequest, field: "type", messageKey: "bad_request.field") }
            guard let route = routes[type] else { throw ServiceError(.unknownType) }
            try authorize(route.access, peer: peer)
            let context = RequestContext(requestId: header.id, type: type, session: header.session,
                                         lang: lang, peer: peer, logger: logger)
            let body = try route.run(context, line)
            fields["ok"] = true
            return reply(id: header.id, body: body)
        } catch let error as ServiceError {
            fields["ok"] = false
            fields["code"] = .string(error.code.rawValue)
            if let field = error.field { fields["field"] = .string(field) }
            if error.code == .internal, let detail = error.detail { fields["detail"] = .string(detail) }
            return reply(id: header.id, error: error, lang: lang)
        } catch let error as DatabaseError where error.isBusy {
            fields["ok"] = false
            fields["code"] = "unavailable"
            fields["detail"] = .string(error.description)
            return reply(id: header.id, error: ServiceError(.unavailable), lang: lang)
        } catch {
            fields["ok"] = false
            fields["code"] = "internal"
            fields["detail"] = .string(String(describing: error))
            return reply(id: header.id, error: ServiceError(.internal), lang: lang)
        }
    }

    private func authorize(_ access: Access, peer: PeerCredentials) throws {
        switch access {
        case .anyone: return
        case .staff:
            guard staffUIDs.contains(peer.uid) else {
                throw ServiceError(.forbidden, detail: "uid \(peer.uid) is not fund staff")
            }
        case .service:
            guard serviceUIDs.contains(peer.uid) else {
                throw ServiceError(.forbidden, detail: "uid \(peer.uid) is not a service")
            }
        }
    }

    /// A decoding failure named by the field it concerns, never by the value.
    static func badRequest(_ error: DecodingError) -> ServiceError {
        let path: [CodingKey]
        switch error {
        case .keyNotFound(let key, let ctx): path = ctx.codingPath + [key]
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx): path = ctx.codingPath
        @unknown default: path = []
        }
        let names = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .filter { $0 != "body" }
        guard !names.isEmpty else { return ServiceError(.badRequest, detail: "body is not valid") }
        let field = names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        return ServiceError(.badRequest, field: field, messageKey: "bad_request.field")
    }

    func reply(id: String?, body: Data) -> Data {
        // The body is already encoded: splice it rather than decode and encode again.
        var out = Data("{\"body\":".utf8)
        out.append(body)
        out.append(Data(",\"id\":".utf8))
        out.append(JSONCoding.literal(id))
        out.append(Data(",\"ok\":true}".utf8))
        return out
    }

    func reply(id: String?, error: ServiceError, lang: Language) -> Data {
        let envelope = ReplyEnvelope(id: id, ok: false, error: error.wire(lang))
        return (try? JSONCoding.encode(envelope))
            ?? Data(#"{"error":{"code":"internal","message":"internal"},"id":null,"ok":false}"#.utf8)
    }
}
