import FoundationEssentials
import Runtime
import SQLite
import Sockets
import Wire

/// Turns one request line into one reply line with the routes a `Router` collected;
/// immutable, so every connection's thread shares it without locks. Every failure
/// becomes a reply with the fixed error shape: a ServiceError as itself, a busy
/// database as `unavailable`, anything else logged and answered `internal` without
/// details.
public final class Responder: Sendable {
    typealias Route = Router.Route
    typealias UndecodableRequest = Router.UndecodableRequest

    private let routes: [String: Route]
    let logger: Logger
    let staffUIDs: Set<UInt32>
    let serviceUIDs: Set<UInt32>
    let peerUIDs: [ServicePeer: Set<UInt32>]
    /// Request lines are logged at info; below that level their fields are not even built.
    private let logRequests: Bool
    /// The sentences refusals are answered with (the service's, built once at start).
    let catalogue: ErrorCatalogue

    init(
        routes: [String: Route], logger: Logger, staffUIDs: Set<UInt32>, serviceUIDs: Set<UInt32>,
        peerUIDs: [ServicePeer: Set<UInt32>], catalogue: ErrorCatalogue
    ) {
        self.routes = routes
        self.catalogue = catalogue
        self.logger = logger
        self.staffUIDs = staffUIDs
        self.serviceUIDs = serviceUIDs
        self.peerUIDs = peerUIDs
        logRequests = logger.minimum <= .info
    }

    /// Handles one line (without its `\n`); returns the reply line (without `\n`).
    public func handle(line: Data, peer: PeerCredentials) -> Data { handle(line: line, peer: peer, newline: false) }

    /// `newline`: the reply ends in `\n`, as the socket sends it, written with the rest
    /// rather than appended after.
    func handle(line: Data, peer: PeerCredentials, newline: Bool) -> Data {
        func reply(id: String?, error: ServiceError, lang: Language) -> Data {
            var out = self.reply(id: id, error: error, lang: lang)
            if newline { out.append(0x0A) }
            return out
        }
        let started = logRequests ? monotonicSeconds() : 0
        // The type picks the route; the route decodes everything else in one pass.
        // Only when the scan is unsure, or on the way to an error, is the header
        // decoded on its own.
        var header: RequestHeader?
        func leniently() -> RequestHeader? {
            if header == nil { header = try? JSONCoding.decoder.decode(RequestHeader.self, from: line) }
            return header
        }
        let type: String
        switch RequestType.scan(line) {
        case .found(let t): type = t
        case .absent: type = ""
        case .notAnObject:
            logger.info("request", ["ok": false, "code": "bad_request", "reason": "not a JSON object"])
            return reply(id: nil, error: ServiceError(.badRequest), lang: .en)
        case .unsure:
            guard let h = leniently() else {
                logger.info("request", ["ok": false, "code": "bad_request", "reason": "not a JSON object"])
                return reply(id: nil, error: ServiceError(.badRequest), lang: .en)
            }
            type = h.type ?? ""
        }
        var outcome: [String: JSONValue] = [:]
        defer {
            if logRequests {
                outcome["type"] = .string(type)
                outcome["durationMs"] = .number(((monotonicSeconds() - started) * 1_000_000).rounded() / 1000)
                logger.info("request", outcome)
            }
        }
        func failed(_ error: ServiceError) -> Data {
            let h = leniently()
            if logRequests {
                outcome["ok"] = false
                outcome["code"] = .string(error.code.rawValue)
                if let field = error.field { outcome["field"] = .string(field) }
                if error.code == .internal, let detail = error.detail { outcome["detail"] = .string(detail) }
            }
            return reply(id: h?.id, error: error, lang: Language(lenient: h?.lang))
        }
        do {
            // The scan does not validate: a line that is not JSON at all is a bad request,
            // whatever type it seemed to name.
            guard !type.isEmpty else {
                throw leniently() == nil
                    ? ServiceError(.badRequest)
                    : ServiceError(.badRequest, field: "type", messageKey: .badRequestField)
            }
            guard let route = routes[type] else {
                throw leniently() == nil ? ServiceError(.badRequest) : ServiceError(.unknownType)
            }
            try authorize(route.access, peer: peer)
            let (decoded, body) = try route.run(line) { h in
                header = h
                return RequestContext(
                    requestId: h.id, type: type, session: h.session, lang: Language(lenient: h.lang),
                    peer: peer, logger: self.logger,
                    langGiven: Language(rawValue: (h.lang ?? "").prefix(2).lowercased()) != nil)
            }
            if logRequests { outcome["ok"] = true }
            return self.reply(id: decoded.id, body: body, newline: newline)
        } catch let error as ServiceError {
            return failed(error)
        } catch let error as UndecodableRequest {
            return failed(error.error)
        } catch let error as DatabaseError where error.isBusy {
            if logRequests { outcome["detail"] = .string(error.description) }
            return failed(ServiceError(.unavailable))
        } catch {
            if logRequests { outcome["detail"] = .string(String(describing: error)) }
            return failed(ServiceError(.internal))
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
        case .peers(let allowed):
            guard allowed.contains(where: { peerUIDs[$0]?.contains(peer.uid) == true }) else {
                let names = allowed.sorted().map(\.rawValue).joined(separator: ", ")
                throw ServiceError(.forbidden, detail: "uid \(peer.uid) is not \(names)")
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
        let field = names.joined(separator: ".").replacing(".[", with: "[")
        return ServiceError(.badRequest, field: field, messageKey: .badRequestField)
    }

    private static let replyHead = Array("{\"body\":".utf8), replyId = Array(",\"id\":".utf8),
        replyTail = Array(",\"ok\":true}".utf8)

    func reply(id: String?, body: Data, newline: Bool = false) -> Data {
        // The body is already encoded: splice it rather than decode and encode again,
        // into one buffer of the final size (each `Data.append` cost ~1,100 instructions).
        let idLiteral = JSONCoding.literal(id)
        let count =
            Self.replyHead.count + body.count + Self.replyId.count + idLiteral.count + Self.replyTail.count
            + (newline ? 1 : 0)
        var out = Data(count: count)
        out.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) in
            var at = 0
            func put(_ part: UnsafeRawBufferPointer) {
                guard let base = part.baseAddress, part.count > 0 else { return }
                raw.baseAddress!.advanced(by: at).copyMemory(from: base, byteCount: part.count)
                at += part.count
            }
            Self.replyHead.withUnsafeBytes(put)
            body.withUnsafeBytes(put)
            Self.replyId.withUnsafeBytes(put)
            idLiteral.withUnsafeBytes(put)
            Self.replyTail.withUnsafeBytes(put)
            if newline { raw[at] = 0x0A }
        }
        return out
    }

    func reply(id: String?, error: ServiceError, lang: Language) -> Data {
        let envelope = ReplyEnvelope(id: id, ok: false, error: error.wire(lang, catalogue: catalogue))
        return (try? JSONCoding.encode(envelope))
            ?? Data(#"{"error":{"code":"internal","message":"internal"},"id":null,"ok":false}"#.utf8)
    }
}
