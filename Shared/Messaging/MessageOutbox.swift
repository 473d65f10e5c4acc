import Foundation

/// The transactional outbox for messages to other services. A handler writes the
/// message row in the same transaction as the state change it announces; the
/// `OutboxRelay` delivers it afterwards, at least once, and deletes the row when
/// the peer has accepted it (payloads may carry one-time codes, which must not
/// linger at rest). Receivers deduplicate with `Inbox`.
public enum MessageOutbox {
    /// Shared migrations use ids from 1000 up; a service's own use 1–999.
    public static let migration = Migration(1001, "service_outbox", sql: """
        CREATE TABLE IF NOT EXISTS service_outbox (
            id TEXT PRIMARY KEY,
            destination TEXT NOT NULL,
            type TEXT NOT NULL,
            body TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            last_error TEXT,
            created_at REAL NOT NULL
        );
        CREATE INDEX IF NOT EXISTS service_outbox_due ON service_outbox(next_attempt_at);
        """)

    /// Messages someone is waiting for (an SMS code, an activation code: see
    /// `NotifierSend.Body.isAwaited`) go out before the rest, so a login does not
    /// wait behind a backlog of welcome e-mails.
    public static let priorityMigration = Migration(1003, "service_outbox_priority", sql: """
        ALTER TABLE service_outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        DROP INDEX IF EXISTS service_outbox_due;
        CREATE INDEX service_outbox_claim ON service_outbox(priority DESC, next_attempt_at);
        """)

    /// Records a message to `destination` (a service name: identity, notifier,
    /// admin). Call inside `Database.write`; wake the relay after it commits.
    /// The id travels as the envelope's `id`, so the receiver can deduplicate.
    @discardableResult
    public static func enqueue<M: Message>(_ conn: Connection, to destination: String, _ message: M.Type,
                                           _ body: M.Body, id: String = Identifier.make("msg"),
                                           now: Date = Date()) throws -> String {
        let json = try JSONCoding.encodeString(body)
        let priority = (body as? NotifierSend.Body)?.isAwaited == true ? 1 : 0
        try conn.execute("""
            INSERT INTO service_outbox (id, destination, type, body, attempts, next_attempt_at, created_at, priority)
            VALUES (?, ?, ?, ?, 0, ?, ?, ?)
            """, id, destination, M.type, json, now, now, priority)
        return id
    }

    /// How many messages wait (for health and tests).
    public static func pending(_ conn: Connection) throws -> Int {
        try conn.scalar("SELECT count(*) FROM service_outbox").int ?? 0
    }
}

/// The receiving side's record of messages already applied, so a redelivery
/// changes nothing.
public enum Inbox {
    public static let migration = Migration(1002, "service_inbox", sql: """
        CREATE TABLE IF NOT EXISTS service_inbox (
            message_id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            received_at REAL NOT NULL
        );
        """)

    /// Records `messageId`; returns false if it was seen before (then the caller
    /// applies nothing). Call inside the same `Database.write` as the change.
    public static func firstDelivery(_ conn: Connection, messageId: String, type: String,
                                     now: Date = Date()) throws -> Bool {
        try conn.execute("INSERT OR IGNORE INTO service_inbox (message_id, type, received_at) VALUES (?, ?, ?)",
                         messageId, type, now) == 1
    }
}
