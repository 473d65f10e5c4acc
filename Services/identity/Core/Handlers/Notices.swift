import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Wire

/// What identity tells others, through its outbox: notices to people (via the
/// notifier) and account events to admin. Both are enqueued inside the caller's
/// write; the relay is woken when it commits.
struct Notices: Sendable {
    let relay: OutboxRelay

    /// Enqueues one `notifier.send` (template + params, never text). The outbox
    /// row id is the idempotency key, so a resend is one message.
    /// `validUntil`: when the code the message carries stops working; the notifier
    /// never delivers it later.
    func notify(
        _ conn: Connection, channel: Channel, to: String, language: Language, template: String,
        params: [String: String], validUntil: Date? = nil
    ) throws {
        let id = Identifier.make("msg")
        let body = NotifierSend.Body(
            idempotencyKey: id, channel: channel, to: to, language: language,
            template: template, params: params, validUntil: validUntil?.rfc3339)
        try MessageOutbox.enqueue(conn, to: ServiceName.notifier, NotifierSend.self, body, id: id, relay: relay)
    }

    /// Enqueues an event to admin.
    func announce<M: Message>(_ conn: Connection, _ message: M.Type, _ body: M.Body) throws {
        try MessageOutbox.enqueue(conn, to: ServiceName.admin, message, body, id: Identifier.make("evt"), relay: relay)
    }
}
