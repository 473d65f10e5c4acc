import FoundationEssentials
import SQLite

/// Messages carrying a code that is valid for a while (`validUntil`): never
/// delivered after it. The status `expired` needs the table's CHECK rebuilt, so the
/// migration copies `messages` and `attempts` into new tables (the child first,
/// then the parent; the new child refers to the new parent, and the rename
/// carries that reference over), so no foreign key is ever broken.
enum MessageExpiry {
    static let migration = Migration(
        3, "expired_status_valid_until",
        sql: """
            CREATE TABLE messages_v3 (
                id TEXT PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                language TEXT NOT NULL,
                template TEXT NOT NULL,
                params TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'expired')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL,
                lease_owner TEXT,
                lease_until REAL,
                last_error TEXT,
                created_at REAL NOT NULL,
                sent_at REAL,
                priority INTEGER NOT NULL DEFAULT 0,
                valid_until REAL
            );
            INSERT INTO messages_v3 (id, idempotency_key, channel, recipient, language, template, params, status, attempts,
                                     next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at, priority)
                SELECT id, idempotency_key, channel, recipient, language, template, params, status, attempts,
                       next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at, priority FROM messages;
            CREATE TABLE attempts_v3 (
                id INTEGER PRIMARY KEY,
                message_id TEXT NOT NULL REFERENCES messages_v3(id),
                at REAL NOT NULL,
                outcome TEXT NOT NULL,
                error TEXT
            );
            INSERT INTO attempts_v3 SELECT id, message_id, at, outcome, error FROM attempts;
            DROP TABLE attempts;
            DROP TABLE messages;
            ALTER TABLE messages_v3 RENAME TO messages;
            ALTER TABLE attempts_v3 RENAME TO attempts;
            CREATE INDEX messages_due ON messages(status, next_attempt_at);
            CREATE INDEX messages_recipient ON messages(channel, recipient, created_at);
            CREATE INDEX messages_claim ON messages(priority DESC, next_attempt_at) WHERE status IN ('queued', 'sending');
            CREATE INDEX attempts_message ON attempts(message_id);
            """)

    /// Why a message expired, for `notifier.status`'s `lastError`.
    static func reason(validUntil: Date) -> String {
        "expired: the code it carries was valid until \(validUntil.rfc3339); not delivered after that"
    }
}

extension MessageStore {
    /// Marks a claimed message `expired` (its code erased), with the reason; false
    /// when the lease had been lost.
    @discardableResult
    public func markExpired(_ id: String, owner: String, validUntil: Date) throws -> Bool {
        let now = clock.now()
        let reason = MessageExpiry.reason(validUntil: validUntil)
        return try database.write { conn in
            let params = try erasedParams(conn, id)
            let n = try conn.execute(
                """
                UPDATE messages SET status = 'expired', lease_owner = NULL, lease_until = NULL, last_error = ?, params = ?
                WHERE id = ? AND status = 'sending' AND lease_owner = ?
                """, reason, params, id, owner)
            guard n == 1 else { return false }
            try conn.execute(
                "INSERT INTO attempts (message_id, at, outcome, error) VALUES (?, ?, 'expired', ?)",
                id, now, reason)
            return true
        }
    }
}
