import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Wire

/// A message as `notifier.send` asked for it, once validated: the contract's body.
public typealias NewMessage = NotifierSend.Body

/// A message a worker holds under lease, ready to render and deliver.
public struct ClaimedMessage: Sendable {
    public var id: String
    public var channel: Channel
    public var to: String
    public var language: Language
    public var template: String
    public var params: [String: String]
    /// Including this one.
    public var attempts: Int
    public var createdAt: Date
    /// The code it carries is valid until then: never delivered later.
    public var validUntil: Date? = nil
}

/// The outcome of accepting one message.
public enum Acceptance: Sendable, Equatable {
    case accepted(messageId: String, status: MessageStatus)
    case rateLimited(retryAfterS: Int)
    /// The key was used before for a different message: answering with the old
    /// message would silently drop the new one.
    case keyReused(messageId: String)
}

/// The notifier's SQL: messages with explicit states (queued → sending → sent or
/// failed), claimed under a lease so that no two workers send the same message and a
/// claim left by a crash is taken again once its lease runs out; every attempt is
/// recorded; code params are erased once the message is final.
public final class MessageStore: Sendable {
    public static let migrations: [Migration] = [
        Migration(
            1, "messages",
            sql: """
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    channel TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    language TEXT NOT NULL,
                    template TEXT NOT NULL,
                    params TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    lease_owner TEXT,
                    lease_until REAL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    sent_at REAL
                );
                -- Claims scan (status, next_attempt_at); a 'sending' row's next_attempt_at is its lease end.
                CREATE INDEX messages_due ON messages(status, next_attempt_at);
                CREATE INDEX messages_recipient ON messages(channel, recipient, created_at);
                CREATE TABLE attempts (
                    id INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL REFERENCES messages(id),
                    at REAL NOT NULL,
                    outcome TEXT NOT NULL,
                    error TEXT
                );
                CREATE INDEX attempts_message ON attempts(message_id);
                """),
        // Messages carrying a one-time code (SMS, activation, reset, invitation) go
        // out before the rest: a login code must not wait behind a backlog of
        // e-mails. The partial index keeps the claim an index walk, not a sort.
        Migration(
            2, "priority",
            sql: """
                ALTER TABLE messages ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX messages_claim ON messages(priority DESC, next_attempt_at)
                    WHERE status IN ('queued', 'sending');
                """),
        MessageOutbox.migration, MessageOutbox.priorityMigration, MessageOutbox.refusedMigration, Inbox.migration,
        MessageExpiry.migration,
    ]

    /// Params that are one-time codes: erased once a message is final.
    public static let secretParams = NotifierSend.Body.secretParams

    /// Due messages, waiting codes first. INDEXED BY: the planner would otherwise use
    /// messages_due and sort every due row, a whole backlog, at each claim.
    static let dueSQL = """
        SELECT id, status FROM messages INDEXED BY messages_claim
        WHERE status IN ('queued', 'sending') AND next_attempt_at <= ?
        ORDER BY priority DESC, next_attempt_at LIMIT ?
        """

    /// Whether a repeat of a key asks for the message stored under it. Codes are
    /// left out: they are erased once a message is final.
    static func sameMessage(_ m: NewMessage, _ row: Row) throws -> Bool {
        let raw = try row.string("params")
        let stored = (try? JSONCoding.decoder.decode([String: String].self, from: Data(raw.utf8))) ?? [:]
        func plain(_ p: [String: String]) -> [String: String] { p.filter { !secretParams.contains($0.key) } }
        return try row.string("channel") == m.channel.rawValue && row.string("recipient") == m.to
            && row.string("language") == m.language.rawValue && row.string("template") == m.template
            && plain(stored) == plain(m.params)
    }

    /// 1 for messages someone is waiting for (an SMS, anything carrying a code), else 0.
    public static func priority(of m: NewMessage) -> Int {
        m.isAwaited ? 1 : 0
    }

    public let database: Database
    let clock: Clock
    public let smsPerNumberPerHour: Int

    public init(database: Database, clock: Clock = SystemClock(), smsPerNumberPerHour: Int = 10) throws {
        self.database = database
        self.clock = clock
        self.smsPerNumberPerHour = smsPerNumberPerHour
    }

    // MARK: accepting

    /// Accepts a batch in ONE transaction (the group commit): each entry gets its
    /// outcome; the caller replies only after this returns, i.e. after the commit.
    public func accept(_ batch: [NewMessage]) throws -> [Acceptance] {
        let now = clock.now()
        return try database.write { conn in
            try batch.map { try accept($0, conn: conn, now: now) }
        }
    }

    private func accept(_ m: NewMessage, conn: Connection, now: Date) throws -> Acceptance {
        if let row = try conn.queryOne(
            "SELECT id, status, channel, recipient, language, template, params FROM messages WHERE idempotency_key = ?",
            m.idempotencyKey)
        {
            guard try Self.sameMessage(m, row) else { return try .keyReused(messageId: row.string("id")) }
            // A retried key was accepted before: same message, never rate limited.
            return try .accepted(messageId: row.string("id"), status: row.decode("status"))
        }
        if m.channel == .sms {
            let since = now.addingTimeInterval(-3600)
            let row = try conn.queryOne(
                """
                SELECT count(*) AS n, min(created_at) AS oldest FROM messages
                WHERE channel = 'sms' AND recipient = ? AND created_at > ?
                """, m.to, since)
            if let row, try row.int("n") >= smsPerNumberPerHour {
                let free = try row.double("oldest") + 3600 - now.timeIntervalSince1970
                return .rateLimited(retryAfterS: max(1, Int(free.rounded(.up))))
            }
        }
        let id = Self.newMessageId()
        let params = try JSONCoding.encodeString(m.params)
        try conn.execute(
            """
            INSERT INTO messages (id, idempotency_key, channel, recipient, language, template, params,
                                  status, attempts, next_attempt_at, created_at, priority, valid_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)
            """, id, m.idempotencyKey, m.channel.rawValue, m.to, m.language.rawValue, m.template, params, now, now,
            Self.priority(of: m), m.validUntil.flatMap(Date.init(rfc3339:)))
        return .accepted(messageId: id, status: .queued)
    }

    /// `msg_` + 128 random bits in hex. Opaque, not a secret: the system CSPRNG is
    /// enough and much cheaper than formatting byte by byte.
    static func newMessageId() -> String {
        var g = SystemRandomNumberGenerator()
        func hex(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return "msg_" + hex(g.next()) + hex(g.next())
    }

    // MARK: claiming

    /// Claims up to `limit` due messages for `owner` until now + `lease`, in one
    /// write: queued ones whose time has come, and 'sending' ones whose lease ran
    /// out (their worker died). Each claim counts as an attempt.
    public func claim(owner: String, lease: TimeInterval, limit: Int = 1) throws -> [ClaimedMessage] {
        let now = clock.now()
        let until = now.addingTimeInterval(lease)
        return try database.write { conn in
            let due = try conn.query(Self.dueSQL, now, limit)
            var claimed: [ClaimedMessage] = []
            for row in due {
                let id = try row.string("id")
                if try row.string("status") == MessageStatus.sending.rawValue {
                    try conn.execute(
                        "INSERT INTO attempts (message_id, at, outcome, error) VALUES (?, ?, 'interrupted', ?)",
                        id, now, "lease expired: the worker stopped before recording an outcome")
                }
                guard
                    let r = try conn.query(
                        """
                        UPDATE messages SET status = 'sending', lease_owner = ?, lease_until = ?, next_attempt_at = ?,
                            attempts = attempts + 1
                        WHERE id = ? AND status IN ('queued', 'sending') AND next_attempt_at <= ?
                        RETURNING id, channel, recipient, language, template, params, attempts, created_at, valid_until
                        """, owner, until, until, id, now
                    ).first
                else { continue }
                let raw = try r.string("params")
                let params = (try? JSONCoding.decoder.decode([String: String].self, from: Data(raw.utf8))) ?? [:]
                try claimed.append(
                    ClaimedMessage(
                        id: id, channel: r.decode("channel"), to: r.string("recipient"),
                        language: r.decode("language"), template: r.string("template"),
                        params: params, attempts: r.int("attempts"), createdAt: r.date("created_at") ?? now,
                        validUntil: r.date("valid_until")))
            }
            return claimed
        }
    }

    // MARK: outcomes

    /// Records a delivery. False when the lease had been lost to another worker
    /// (then nothing is changed: that worker owns the message now).
    @discardableResult
    public func markSent(_ id: String, owner: String) throws -> Bool {
        try markSent([id], owner: owner).contains(id)
    }

    /// Records several deliveries in one transaction; returns the ids recorded.
    public func markSent(_ ids: [String], owner: String) throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let now = clock.now()
        return try database.write { conn in
            var recorded = Set<String>()
            for id in ids {
                let params = try erasedParams(conn, id)
                let n = try conn.execute(
                    """
                    UPDATE messages SET status = 'sent', sent_at = ?, lease_owner = NULL, lease_until = NULL,
                        last_error = NULL, params = ?
                    WHERE id = ? AND status = 'sending' AND lease_owner = ?
                    """, now, params, id, owner)
                guard n == 1 else { continue }
                try conn.execute(
                    "INSERT INTO attempts (message_id, at, outcome, error) VALUES (?, ?, 'sent', NULL)", id, now)
                recorded.insert(id)
            }
            return recorded
        }
    }

    /// Records a failed attempt: back to queued until `nextAttempt`, or, when
    /// `nextAttempt` is nil, failed for good (code params erased).
    @discardableResult
    public func markFailed(_ id: String, owner: String, error: String, nextAttempt: Date?) throws -> Bool {
        let now = clock.now()
        let text = String(error.prefix(500))
        return try database.write { conn in
            let n: Int
            if let next = nextAttempt {
                n = try conn.execute(
                    """
                    UPDATE messages SET status = 'queued', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                        last_error = ?
                    WHERE id = ? AND status = 'sending' AND lease_owner = ?
                    """, next, text, id, owner)
            } else {
                let params = try erasedParams(conn, id)
                n = try conn.execute(
                    """
                    UPDATE messages SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = ?, params = ?
                    WHERE id = ? AND status = 'sending' AND lease_owner = ?
                    """, text, params, id, owner)
            }
            guard n == 1 else { return false }
            try conn.execute(
                "INSERT INTO attempts (message_id, at, outcome, error) VALUES (?, ?, ?, ?)",
                id, now, nextAttempt == nil ? "failed" : "retry", text)
            return true
        }
    }

    /// Deletes final messages (sent or failed) older than `retention`, with their
    /// attempts: recipients and names need not be kept for ever, and by then no
    /// sender retries an idempotency key. Returns how many went.
    @discardableResult
    public func purge(olderThan retention: TimeInterval, limit: Int = 1000) throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-retention)
        return try database.write { conn in
            let ids = try conn.query(
                """
                SELECT id FROM messages WHERE status IN ('sent', 'failed', 'expired') AND created_at < ?
                ORDER BY created_at LIMIT ?
                """, cutoff, limit
            ).map { try $0.string("id") }
            for id in ids {
                try conn.execute("DELETE FROM attempts WHERE message_id = ?", id)
                try conn.execute("DELETE FROM messages WHERE id = ?", id)
            }
            return ids.count
        }
    }

    /// Copies the WAL into the main file and truncates it: older page versions in
    /// the WAL still hold erased codes. Cheap when idle; the dispatcher calls it then.
    public func checkpoint() throws {
        guard database.checkpoints == .own else { return }
        try database.read { try $0.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    func erasedParams(_ conn: Connection, _ id: String) throws -> String {
        let raw = try conn.scalar("SELECT params FROM messages WHERE id = ?", id).string ?? "{}"
        var params = (try? JSONCoding.decoder.decode([String: String].self, from: Data(raw.utf8))) ?? [:]
        for key in Self.secretParams { params.removeValue(forKey: key) }
        return try JSONCoding.encodeString(params)
    }

    // MARK: reading

    public struct Status: Sendable, Equatable {
        public var status: MessageStatus
        public var attempts: Int
        public var lastError: String?
    }

    public func status(of id: String) throws -> Status? {
        try database.read { conn in
            guard let r = try conn.queryOne("SELECT status, attempts, last_error FROM messages WHERE id = ?", id) else {
                return nil
            }
            return try Status(
                status: r.decode("status"),
                attempts: r.int("attempts"), lastError: r.optionalString("last_error"))
        }
    }

    public struct Attempt: Sendable, Equatable {
        public var at: Date
        public var outcome: String
        public var error: String?
    }

    public func attempts(of id: String) throws -> [Attempt] {
        try database.read { conn in
            try conn.query(
                "SELECT at, outcome, error FROM messages JOIN attempts ON attempts.message_id = messages.id WHERE messages.id = ? ORDER BY attempts.id",
                id
            )
            .map {
                try Attempt(
                    at: $0.date("at") ?? Date(), outcome: $0.string("outcome"), error: $0.optionalString("error"))
            }
        }
    }

    /// The soonest time a queued message becomes due (for the dispatcher's sleep).
    public func nextDue() throws -> Date? {
        try database.read { conn in
            try conn.scalar("SELECT min(next_attempt_at) FROM messages WHERE status IN ('queued', 'sending')").date
        }
    }

    public func count(status: MessageStatus) throws -> Int {
        try database.read { try $0.scalar("SELECT count(*) FROM messages WHERE status = ?", status.rawValue).int ?? 0 }
    }
}

extension MessageStore {
    /// Gives a claimed message back unsent (its worker is stopping or ran short
    /// of lease): queued and due now, the claim not counted as an attempt.
    public func release(_ id: String, owner: String) throws {
        let now = clock.now()
        try database.write { conn in
            try conn.execute(
                """
                UPDATE messages SET status = 'queued', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                    attempts = attempts - 1
                WHERE id = ? AND status = 'sending' AND lease_owner = ?
                """, now, id, owner)
        }
    }
}

extension MessageStore {
    /// Called once at start, while this process holds the data directory's lock
    /// (`DataDirectoryLock`): every `sending` row was claimed by a process that is
    /// gone, so it is due again now instead of after its lease. Each is recorded
    /// as an interrupted attempt (the delivery may have happened: at least once).
    @discardableResult
    public func releaseAbandonedClaims() throws -> Int {
        let now = clock.now()
        return try database.write { conn in
            let ids = try conn.query("SELECT id FROM messages WHERE status = 'sending'").map { try $0.string("id") }
            for id in ids {
                try conn.execute(
                    "INSERT INTO attempts (message_id, at, outcome, error) VALUES (?, ?, 'interrupted', ?)",
                    id, now, "released at start: the process holding the claim had stopped")
                try conn.execute(
                    """
                    UPDATE messages SET status = 'queued', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
                    WHERE id = ? AND status = 'sending'
                    """, now, id)
            }
            return ids.count
        }
    }
}
