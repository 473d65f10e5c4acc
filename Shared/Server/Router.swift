import FoundationEssentials
import Runtime
import SQLite
import Sockets
import Wire

/// Collects the handler of each message type while a service wires itself, then
/// builds the immutable `Responder` the server runs (as Hummingbird's router
/// builds its responder): routes cannot change once requests are served.
public final class Router {
    public typealias Handler<M: Message> = @Sendable (RequestContext, M.Body) throws -> M.Reply

    struct Route: Sendable {
        let access: Access
        /// Decodes the whole request once, runs the handler, encodes its reply.
        let run: @Sendable (Data, (RequestHeader) -> RequestContext) throws -> (RequestHeader, Data)
    }

    /// The envelope did not decode for this route's body (or its type was not the
    /// routed one): answered as a bad request, with the header read leniently.
    struct UndecodableRequest: Error { let error: ServiceError }

    private var routes: [String: Route] = [:]
    /// Set by `buildResponder`: registering after it is a wiring error.
    private var built = false
    private let logger: Logger
    private let staffUIDs: Set<UInt32>
    /// When `CONNECT_STAFF_UIDS` / `CONNECT_SERVICE_UIDS` are unset these default
    /// to the uid the service runs as (`Environment.uids`); once set, the list is
    /// exactly who may send, so a deployment (or a test) can exclude its own uid.
    private let serviceUIDs: Set<UInt32>
    /// Who each peer service is (`CONNECT_<SERVICE>_UIDS`), for `.peers` messages.
    private let peerUIDs: [ServicePeer: Set<UInt32>]
    /// The sentences refusals are answered with (the service's, built once at start).
    private let catalogue: ErrorCatalogue

    /// `peerUIDs` unset: every peer service is any uid of `serviceUIDs` (tests, fakes).
    public init(
        logger: Logger, staffUIDs: Set<UInt32>, serviceUIDs: Set<UInt32>,
        peerUIDs: [ServicePeer: Set<UInt32>]? = nil, catalogue: ErrorCatalogue = .standard
    ) {
        self.logger = logger
        self.catalogue = catalogue
        self.staffUIDs = staffUIDs
        self.serviceUIDs = serviceUIDs
        self.peerUIDs = peerUIDs ?? Dictionary(uniqueKeysWithValues: ServicePeer.allCases.map { ($0, serviceUIDs) })
    }

    /// Registers the handler of one message, before `buildResponder`.
    public func on<M: Message>(_ message: M.Type, _ handler: @escaping Handler<M>) {
        precondition(!built, "\(M.type) registered after the responder was built")
        precondition(routes[M.type] == nil, "two handlers for \(M.type)")
        // An absent body reads as `{}`: decoded once here for the bodies that allow it.
        let emptyBody = try? JSONCoding.decoder.decode(M.Body.self, from: Data("{}".utf8))
        let typeName = M.type
        routes[M.type] = Route(access: M.access) { line, context in
            let request: Request<M.Body>
            do {
                request = try JSONCoding.decoder.decode(Request<M.Body>.self, from: line)
            } catch let error as DecodingError {
                throw UndecodableRequest(error: Responder.badRequest(error))
            }
            guard request.header.type == typeName else {
                throw UndecodableRequest(error: ServiceError(.badRequest, field: "type", messageKey: .badRequestField))
            }
            let body: M.Body
            if let given = request.body {
                body = given
            } else if let emptyBody {
                body = emptyBody
            } else {
                do { body = try JSONCoding.decoder.decode(M.Body.self, from: Data("{}".utf8)) } catch let error
                    as DecodingError
                {
                    throw UndecodableRequest(error: Responder.badRequest(error))
                }
            }
            return (request.header, try JSONCoding.encode(handler(context(request.header), body)))
        }
    }

    /// Handles one line with the routes registered so far, for tests that drive
    /// handlers in process (a server runs `buildResponder()`'s result instead).
    public func handle(line: Data, peer: PeerCredentials) -> Data {
        Responder(
            routes: routes, logger: logger, staffUIDs: staffUIDs, serviceUIDs: serviceUIDs, peerUIDs: peerUIDs,
            catalogue: catalogue
        )
        .handle(line: line, peer: peer)
    }

    /// The routes registered so far, frozen: what the server runs.
    public func buildResponder() -> Responder {
        built = true
        return Responder(
            routes: routes, logger: logger, staffUIDs: staffUIDs, serviceUIDs: serviceUIDs,
            peerUIDs: peerUIDs, catalogue: catalogue)
    }
}
