import Runtime
import Sockets
import Wire

/// What every handler is handed besides the typed body: who asked, in which
/// language, with which session token, and where to log.
public struct RequestContext: Sendable {
    /// The caller's `id`, echoed in the reply (and usable as a dedup key by
    /// service-to-service events).
    public let requestId: String?
    public let type: String
    public let session: String?
    public let lang: Language
    /// Whether the envelope named a language (else `lang` is the default, English).
    public let langGiven: Bool
    public let peer: PeerCredentials
    public let logger: Logger

    public init(
        requestId: String?, type: String, session: String?, lang: Language,
        peer: PeerCredentials, logger: Logger, langGiven: Bool = true
    ) {
        self.requestId = requestId
        self.type = type
        self.session = session
        self.lang = lang
        self.langGiven = langGiven
        self.peer = peer
        self.logger = logger
    }

    /// The session token, or `unauthenticated`.
    public func requireSession() throws -> String {
        guard let s = session, !s.isEmpty else { throw ServiceError(.unauthenticated) }
        return s
    }
}
