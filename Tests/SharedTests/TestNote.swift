import Wire

/// A service-to-service message for the outbox and relay tests.
enum Note: Message {
    static let type = "test.note"
    static let access = Access.service
    struct Body: Codable, Sendable { var text: String }
    typealias Reply = Empty
}
