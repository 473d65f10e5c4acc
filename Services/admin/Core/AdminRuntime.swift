import Client
import FoundationEssentials
import Messaging
import Runtime
import Wire

/// What every admin handler works with: the store, identity (called
/// synchronously), the themes, the clock, and the relay to wake after a
/// transaction enqueued a message.
public final class AdminRuntime: Sendable {
    public let store: AdminStore
    public let identity: ServiceClient
    public let catalogue: ThemeCatalogue
    public let clock: Clock
    public let logger: Logger
    let relay: OutboxRelay?
    let authorization: Authorization
    /// How recent the admin's password proof must be for sensitive actions (`ADMIN_STEP_UP_SECONDS`).
    public let stepUpSeconds: TimeInterval

    public init(
        store: AdminStore, identity: ServiceClient, catalogue: ThemeCatalogue, clock: Clock,
        logger: Logger, relay: OutboxRelay?, stepUpSeconds: TimeInterval = 600
    ) {
        self.store = store
        self.identity = identity
        self.catalogue = catalogue
        self.clock = clock
        self.logger = logger
        self.relay = relay
        self.stepUpSeconds = stepUpSeconds
        authorization = Authorization(identity: identity, store: store)
    }

    /// Identity as the handlers call it.
    var identityPeer: IdentityPeer { IdentityPeer(client: identity, logger: logger) }

    func callIdentity<M: Message>(_ m: M.Type, _ body: M.Body, lang: Language) throws -> M.Reply {
        try identityPeer.call(m, body, lang: lang)
    }
}

/// Identity as admin's handlers need it: one synchronous call at a time. A
/// protocol, so a handler depends on the calls it makes, not on a socket.
protocol IdentityCalls: Sendable {
    func call<M: Message>(_ m: M.Type, _ body: M.Body, lang: Language) throws -> M.Reply
}

/// Identity over its socket. Its refusals (invalid_phone, invalid_code, …) are
/// passed to the caller as they are, its absence as `unavailable`.
struct IdentityPeer: IdentityCalls {
    let client: ServiceClient
    let logger: Logger

    func call<M: Message>(_ m: M.Type, _ body: M.Body, lang: Language) throws -> M.Reply {
        do {
            return try client.call(m, body, lang: lang)
        } catch let e as ServiceError {
            if e.code == .forbidden || e.code == .unknownType || e.code == .internal {
                // Admin is misconfigured towards identity (uids, versions): not the caller's fault.
                logger.error("identity.refused", ["type": .string(M.type), "code": .string(e.code.rawValue)])
                throw ServiceError(.unavailable, detail: "identity answered \(e.code.rawValue) to \(M.type)")
            }
            throw e
        }
    }
}
