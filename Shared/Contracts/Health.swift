/// `health`: every service answers it, from any peer.
public enum Health: Message {
    public static let type = "health"
    public static let access = Access.anyone
    public typealias Body = Empty
    public struct Reply: Codable, Sendable, Equatable {
        public var service: String
        public var version: String
        public var uptimeS: Int
        /// Messages to other services that a peer refused for good (kept in
        /// `service_outbox_refused`, each logged as `outbox.refused`); absent for a
        /// service that sends none. Anything above 0 needs an operator's look.
        public var refusedMessages: Int?
        public init(service: String, version: String, uptimeS: Int, refusedMessages: Int? = nil) {
            self.service = service; self.version = version; self.uptimeS = uptimeS
            self.refusedMessages = refusedMessages
        }
    }
}

/// The services' names, which are also their socket and database file names.
public enum ServiceName {
    public static let identity = "identity"
    public static let notifier = "notifier"
    public static let admin = "admin"
    public static let all = [identity, notifier, admin]
}

public enum ConnectVersion {
    public static let current = "0.1.0"
}
