/// Who may send a message (docs/architecture.md, "Who may send what"), checked by the
/// router against the socket peer's uid before any handler runs.
public enum Access: Sendable {
    /// Any peer that can open the socket (end-user messages; `admin.*` also check a session).
    case anyone
    /// Fund staff: uids in `CONNECT_STAFF_UIDS`.
    case staff
    /// Any of the three services (kept for messages not yet narrowed; prefer `peers`).
    case service
    /// Only the services named: uids in their `CONNECT_<SERVICE>_UIDS` (issue 18, item 10),
    /// so the notifier cannot send what only admin may send.
    case peers(Set<ServicePeer>)
}

/// A service that sends messages to another. Each has one uid setting, read by
/// every receiving service: `CONNECT_IDENTITY_UIDS`, `CONNECT_ADMIN_UIDS`,
/// `CONNECT_NOTIFIER_UIDS` (unset: `CONNECT_SERVICE_UIDS`, else the receiver's own uid).
public enum ServicePeer: String, Sendable, CaseIterable, Comparable {
    case identity, admin, notifier

    public var uidVariable: String { "CONNECT_\(rawValue.uppercased())_UIDS" }

    public static func < (a: ServicePeer, b: ServicePeer) -> Bool { a.rawValue < b.rawValue }
}

/// One message of the contract: its type name, who may send it, its body and reply.
/// Each is defined once, in `Shared/Contracts`, and used by the service that
/// answers it, by its callers and by connectctl.
public protocol Message: SendableMetatype {
    associatedtype Body: Codable & Sendable
    associatedtype Reply: Codable & Sendable
    static var type: String { get }
    static var access: Access { get }
}

/// The body or reply `{}`.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    /// Insists on an object, so `"body":[1]` is a bad request rather than ignored.
    public init(from decoder: Decoder) throws {
        _ = try decoder.container(keyedBy: AnyKey.self)
    }
    public func encode(to encoder: Encoder) throws {
        _ = encoder.container(keyedBy: AnyKey.self)
    }
}
