import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Wire

/// The transactional outbox for messages to other services. A handler writes the
/// message row in the same transaction as the state change it announces; the
/// `OutboxRelay` delivers it afterwards, at least once, and deletes the row when
/// the peer has accepted it (payloads may carry one-time codes, which must not
/// linger at rest). Receivers deduplicate with `Inbox`.
public enum MessageOutbox {
    /// Shared migrations use ids from 1000 up; a service's own use 1–999.
    public static let migration = Migration(
        1001, "service_outbox",
        sql: """
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
    /// wait behind a backlog of welcome e-mails. `lane`: what must stay in order
    /// (`lane(destination:type:body:)`); rows already queued get theirs here.
    public static let priorityMigration = Migration(
        1003, "service_outbox_priority_lane",
        sql: """
            ALTER TABLE service_outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE service_outbox ADD COLUMN lane TEXT NOT NULL DEFAULT '';
            UPDATE service_outbox SET
                priority = CASE WHEN type = 'notifier.send' AND (json_extract(body, '$.channel') = 'sms'
                                     OR json_extract(body, '$.params.code') IS NOT NULL) THEN 1 ELSE 0 END,
                lane = CASE WHEN type = 'notifier.send' THEN destination || ' ' || coalesce(json_extract(body, '$.to'), '')
                            ELSE destination END;
            CREATE INDEX service_outbox_claim ON service_outbox(priority, next_attempt_at);
            """)

    /// The lane of a message: a `notifier.send` shares it with the other messages to
    /// the same recipient, any other message with everything to the same service.
    /// The relay sends each lane in the order it was written.
    static func lane(destination: String, body: Any) -> String {
        guard let send = body as? NotifierSend.Body else { return destination }
        return destination + " " + send.to
    }

    /// Records a message to `destination` (a service name: identity, notifier,
    /// admin). Call inside `Database.write`: once it commits, `relay` wakes the
    /// destination's worker (without one, the row waits for the relay's next poll).
    /// The id travels as the envelope's `id`, so the receiver can deduplicate.
    @discardableResult
    public static func enqueue<M: Message>(
        _ conn: Connection, to destination: String, _ message: M.Type,
        _ body: M.Body, id: String = Identifier.make("msg"),
        now: Date = Date(), relay: OutboxRelay?
    ) throws -> String {
        let json = try JSONCoding.encodeString(body)
        let priority = (body as? NotifierSend.Body)?.isAwaited == true ? 1 : 0
        try conn.execute(
            """
            INSERT INTO service_outbox (id, destination, type, body, attempts, next_attempt_at, created_at, priority, lane)
            VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)
            """, id, destination, M.type, json, now, now, priority, lane(destination: destination, body: body))
        if let relay { conn.afterCommit { relay.wake(destination) } }
        return id
    }

    /// Messages a peer refused for good (`bad_request`, `not_found`, `conflict`): the
    /// relay moves them here rather than dropping them without a trace, and `health`
    /// counts them (issue 18, item 8). The body is not kept: it may carry a one-time
    /// code, and it cannot be sent again as it is anyway.
    public static let refusedMigration = Migration(
        1011, "service_outbox_refused",
        sql: """
            CREATE TABLE IF NOT EXISTS service_outbox_refused (
                id TEXT PRIMARY KEY,
                destination TEXT NOT NULL,
                type TEXT NOT NULL,
                code TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                created_at REAL NOT NULL,
                refused_at REAL NOT NULL
            );
            """)

    /// How many messages peers refused for good since the database was made.
    public static func refused(_ conn: Connection) throws -> Int {
        try conn.scalar("SELECT count(*) FROM service_outbox_refused").int ?? 0
    }

    /// How many messages wait (for health and tests).
    public static func pending(_ conn: Connection) throws -> Int {
        try conn.scalar("SELECT count(*) FROM service_outbox").int ?? 0
    }
}

/// The receiving side's record of messages already applied, so a redelivery
/// changes nothing.
public enum Inbox {
    public static let migration = Migration(
        1002, "service_inbox",
        sql: """
            CREATE TABLE IF NOT EXISTS service_inbox (
                message_id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                received_at REAL NOT NULL
            );
            """)

    /// Records `messageId`; returns false if it was seen before (then the caller
    /// applies nothing). Call inside the same `Database.write` as the change.
    public static func firstDelivery(
        _ conn: Connection, messageId: String, type: String,
        now: Date = Date()
    ) throws -> Bool {
        try conn.execute(
            "INSERT OR IGNORE INTO service_inbox (message_id, type, received_at) VALUES (?, ?, ?)",
            messageId, type, now) == 1
    }
}
