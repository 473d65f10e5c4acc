import Client
import Dispatch
import FoundationEssentials
import Glibc
import Runtime
import SQLite
import Synchronization
import Wire

/// Delivers `service_outbox` rows to their services: what someone is waiting for
/// first (priority, see `MessageOutbox`), then oldest first. A message is deleted
/// once its receiver answers ok; a final refusal (`bad_request`, `not_found`,
/// `conflict`: see `ErrorCode.isFinalRefusal`) is logged as an error and moved to
/// `service_outbox_refused` (counted in `health`), since sending it again cannot succeed; anything else (unreachable, `forbidden` from a
/// misconfigured peer, `rate_limited`, …) is retried with exponential backoff and
/// jitter, capped at `maxDelay`, for as long as it takes.
///
/// One worker per destination, so a slow peer (an admin busy with searches) holds
/// up only its own messages, never an SMS code for the notifier. Within a
/// destination, rows go in lanes (`MessageOutbox.lane`): `notifier.send` messages to
/// different recipients are independent, each carrying its own idempotency key, so
/// their lanes go out in parallel; messages to one recipient, and events to one
/// service, share a lane and go strictly in the order they were written. A lane
/// stops at its first failure, and while its failed row waits for its retry, no
/// later row of the lane is sent (so an event never overtakes an earlier one, and
/// the last code sent stays the last one handed over).
///
/// Payloads can carry one-time codes: after deliveries the WAL is checkpointed and
/// truncated, so they do not linger in old page versions — at most every
/// `truncateInterval` under steady traffic, and at the next idle tick after it.
public final class OutboxRelay: Service, Sendable {
    public let name = "outbox-relay"
    private let database: Database
    private let clients: [String: ServiceClient]
    private let logger: Logger
    private let clock: Clock
    private let baseDelay: TimeInterval
    private let maxDelay: TimeInterval
    private let parallel: Int
    private let truncateInterval: TimeInterval
    /// One per destination, in `destinations` order; set once at the end of `init`
    /// (their ticks refer back to the relay).
    private let workers = Mutex<[Worker]>([])
    private let destinations: [String]
    private struct Truncation {
        var last = -Double.infinity
        var pending = false
    }
    private let truncation = Mutex(Truncation())
    /// Rows in `service_outbox_refused`: read once at start, then counted here, so
    /// that `health`, asked every few seconds, never queries the database.
    private let refused = Atomic<Int>(0)

    public init(
        database: Database, clients: [String: ServiceClient], logger: Logger,
        clock: Clock = SystemClock(), interval: TimeInterval = 1,
        baseDelay: TimeInterval = 1, maxDelay: TimeInterval = 300,
        parallel: Int = 8, truncateInterval: TimeInterval = 5
    ) {
        self.database = database
        self.clients = clients
        self.logger = logger
        self.clock = clock
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.parallel = max(1, parallel)
        self.truncateInterval = truncateInterval
        destinations = clients.keys.sorted()
        refused.store((try? database.read { try MessageOutbox.refused($0) }) ?? 0, ordering: .relaxed)
        let made = destinations.enumerated().map { i, destination in
            // The first worker also sweeps rows addressed to a service nobody serves.
            Worker(name: "outbox-relay:\(destination)", interval: interval, logger: logger) { [weak self] in
                try self?.deliverDue(to: destination, unknownToo: i == 0) ?? false
            }
        }
        workers.withLock { $0 = made }
    }

    public func run() throws {
        let group = DispatchGroup()
        for worker in workers.withLock({ $0 }) {
            group.enter()
            do {
                try startThread(name: worker.name) {
                    defer { group.leave() }
                    try? worker.run()
                }
            } catch {
                group.leave()
                throw error
            }
        }
        group.wait()
    }

    public func shutdown() { for w in workers.withLock({ $0 }) { w.shutdown() } }

    /// Messages peers refused for good (for `health`), since the database was made.
    public func refusedCount() -> Int? { refused.load(ordering: .relaxed) }

    /// Called once at start, while the process holds its data directory's lock: rows
    /// never stay claimed (a row is read, sent, then deleted or rescheduled), so what
    /// an earlier process left is only its back-off, which judged peers that may
    /// have come back since. Every row is due now; returns how many were waiting.
    @discardableResult
    public func releaseAtStart() throws -> Int {
        let now = clock.now()
        return try database.write { conn in
            try conn.execute("UPDATE service_outbox SET next_attempt_at = ? WHERE next_attempt_at > ?", now, now)
        }
    }
    /// Wakes the worker of `destination`: `MessageOutbox.enqueue` registers this
    /// to run after its transaction commits. Only that worker, since a spare
    /// wake-up costs a login a few hundred microseconds on a busy queue.
    func wake(_ destination: String) {
        // Rows for a service nobody serves are swept by the first worker.
        let i = destinations.firstIndex(of: destination) ?? 0
        workers.withLock { $0.indices.contains(i) ? $0[i] : nil }?.wake()
    }

    struct Row: Sendable {
        let id, destination, type, body, lane: String
        let attempts: Int
        /// The row's rowid: the order in which the outbox got it.
        let seq: Int
        var priority = 0
    }

    enum Outcome: Sendable {
        case delivered
        case refused(String)
        case retry(String)
        case notTried
    }

    /// Delivers what is due to every destination, one after the other (tests, and
    /// callers that want the outbox flushed now); returns true when a full batch
    /// went out somewhere (more may wait).
    @discardableResult
    public func deliverDue(limit: Int = 32) throws -> Bool {
        var more = false
        for (i, destination) in clients.keys.sorted().enumerated() {
            more = try deliverDue(to: destination, unknownToo: i == 0, limit: limit) || more
        }
        if clients.isEmpty { more = try deliverDue(to: nil, unknownToo: true, limit: limit) }
        return more
    }

    /// Due rows of one priority, oldest first, each walk an index range. A due row
    /// whose lane has an earlier row still waiting (for its retry) is left out: a
    /// lane keeps the order in which its rows were written (`rowid` order).
    private static let dueSQL = """
        WITH blocked(lane, since) AS (
            SELECT lane, min(rowid) FROM service_outbox INDEXED BY service_outbox_due
            WHERE next_attempt_at > ?1 GROUP BY lane)
        SELECT o.rowid AS seq, o.id, o.destination, o.type, o.body, o.attempts, o.lane, o.priority
        FROM service_outbox AS o INDEXED BY service_outbox_claim LEFT JOIN blocked AS b ON b.lane = o.lane
        WHERE o.priority = ?2 AND o.next_attempt_at <= ?1 AND o.destination = ?3 AND (b.since IS NULL OR o.rowid < b.since)
        ORDER BY o.next_attempt_at, o.rowid LIMIT ?4
        """

    private func deliverDue(to destination: String?, unknownToo: Bool, limit: Int = 32) throws -> Bool {
        let now = clock.now()
        let known = clients.keys.sorted()
        let due = try database.read { conn -> [Row] in
            var rows: [SQLite.Row] = []
            if let destination {
                for priority in [1, 0] where rows.count < limit {
                    rows += try conn.query(Self.dueSQL, now, priority, destination, limit - rows.count)
                }
            }
            if unknownToo, rows.count < limit {
                // Rows for a service nobody serves: refused below (a programming error).
                let marks = known.map { _ in "?" }.joined(separator: ",")
                rows += try conn.query(
                    """
                    SELECT rowid AS seq, id, destination, type, body, attempts, lane, priority FROM service_outbox
                    WHERE destination NOT IN (\(marks)) LIMIT ?
                    """, arguments: known.map { $0 as SQLBindable } + [limit - rows.count])
            }
            return try rows.map {
                try Row(
                    id: $0.string("id"), destination: $0.string("destination"), type: $0.string("type"),
                    body: $0.string("body"), lane: $0.string("lane"), attempts: $0.int("attempts"),
                    seq: $0.int("seq"), priority: $0.int("priority"))
            }
        }
        if due.isEmpty {
            truncateIfPending(force: true)
            return false
        }
        let outcomes = deliver(due, lanes: Self.lanes(due))
        var delivered = 0
        var refusedNow = 0
        // No fsync of its own: losing this commit to a power cut only means sending
        // again, and receivers deduplicate (the next ordinary commit syncs it anyway).
        try database.write(durability: .normal) { conn in
            let recordedAt = clock.now()
            for (row, outcome) in zip(due, outcomes) {
                switch outcome {
                case .delivered:
                    try conn.execute("DELETE FROM service_outbox WHERE id = ?", row.id)
                    delivered += 1
                case .refused(let code):
                    // Kept as a trace (without the body, which may carry a code) and counted in health.
                    try conn.execute(
                        """
                        INSERT OR REPLACE INTO service_outbox_refused (id, destination, type, code, attempts, created_at, refused_at)
                        SELECT id, destination, type, ?, attempts + 1, created_at, ? FROM service_outbox WHERE id = ?
                        """, code, recordedAt, row.id)
                    try conn.execute("DELETE FROM service_outbox WHERE id = ?", row.id)
                    delivered += 1
                    refusedNow += 1
                case .retry(let reason):
                    let next = recordedAt.addingTimeInterval(
                        backoff(attempts: row.attempts + 1, awaited: row.priority > 0))
                    try conn.execute(
                        """
                        UPDATE service_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?
                        """, row.attempts + 1, next, reason, row.id)
                case .notTried:
                    break
                }
            }
        }
        if refusedNow > 0 { refused.add(refusedNow, ordering: .relaxed) }
        for (row, outcome) in zip(due, outcomes) { log(row, outcome) }
        if delivered > 0 {
            truncation.withLock { $0.pending = true }
            truncateIfPending(force: false)
        }
        return due.count == limit && delivered > 0
    }

    /// Groups a batch (as indexes into it) into lanes: in the batch's order of
    /// first appearance, each lane in the order its rows were written.
    static func lanes(_ rows: [Row]) -> [[Int]] {
        var lanes: [[Int]] = []
        var laneOf: [String: Int] = [:]
        for (i, row) in rows.enumerated() {
            if let lane = laneOf[row.lane] {
                lanes[lane].append(i)
            } else {
                laneOf[row.lane] = lanes.count
                lanes.append([i])
            }
        }
        return lanes.map { lane in lane.sorted { rows[$0].seq < rows[$1].seq } }
    }

    /// Runs the lanes, at most `parallel` at a time; a lane stops at its first
    /// failure, so later rows of the batch do not overtake it.
    private func deliver(_ rows: [Row], lanes: [[Int]]) -> [Outcome] {
        final class Results: Sendable {
            private let slots: Mutex<[Outcome]>
            init(_ n: Int) { slots = Mutex(Array(repeating: .notTried, count: n)) }
            var outcomes: [Outcome] { slots.withLock { $0 } }
            func set(_ i: Int, _ o: Outcome) { slots.withLock { $0[i] = o } }
        }
        let results = Results(rows.count)
        let runLane: @Sendable (Int) -> Void = { [self] lane in
            for i in lanes[lane] {
                let outcome = send(rows[i])
                results.set(i, outcome)
                if case .retry = outcome { return }
            }
        }
        if lanes.count == 1 {
            runLane(0)
        } else {
            let slots = DispatchSemaphore(value: parallel)
            let group = DispatchGroup()
            for lane in lanes.indices {
                slots.wait()
                DispatchQueue.global().async(group: group) {
                    runLane(lane)
                    slots.signal()
                }
            }
            group.wait()
        }
        return results.outcomes
    }

    private func log(_ row: Row, _ outcome: Outcome) {
        switch outcome {
        case .refused(let code):
            logger.error(
                "outbox.refused",
                [
                    "message": .string(row.id), "type": .string(row.type),
                    "to": .string(row.destination), "code": .string(code),
                ])
        case .retry(let reason):
            logger.warning(
                "outbox.retry",
                [
                    "message": .string(row.id), "type": .string(row.type),
                    "to": .string(row.destination), "attempts": .number(Double(row.attempts + 1)),
                    "error": .string(reason),
                ])
        case .delivered, .notTried:
            break
        }
    }

    private func truncateIfPending(force: Bool) {
        let now = monotonicSeconds()
        let go = truncation.withLock { t in
            let go = t.pending && (force || now - t.last >= truncateInterval)
            if go {
                t.pending = false
                t.last = now
            }
            return go
        }
        if go { database.truncateLog() }
    }

    private func send(_ row: Row) -> Outcome {
        guard let client = clients[row.destination] else { return .refused("no client for \(row.destination)") }
        do {
            let reply = try client.send(type: row.type, encodedBody: row.body, id: row.id)
            if reply.ok { return .delivered }
            let code = reply.error?.code ?? "internal"
            // The field names what was refused (`params.firstName`), never its value.
            let named = code + (reply.error?.field.map { " field=\($0)" } ?? "")
            return (ErrorCode(rawValue: code)?.isFinalRefusal ?? false) ? .refused(named) : .retry(code)
        } catch let error as ServiceError {
            return .retry(error.code.rawValue + (error.detail.map { ": \($0)" } ?? ""))
        } catch {
            return .retry(String(describing: error))
        }
    }

    /// Someone waits for an awaited row (a code): it is retried at least this
    /// often, so a peer that comes back gets it within seconds, not minutes.
    public static let awaitedMaxDelay: TimeInterval = 4

    /// base·2^(n-1), capped, with ±20 % jitter so that a fleet does not retry in step.
    public func backoff(attempts: Int, awaited: Bool = false) -> TimeInterval {
        let cap = awaited ? min(maxDelay, Self.awaitedMaxDelay) : maxDelay
        let raw = min(cap, baseDelay * pow(2, Double(min(attempts - 1, 30))))
        return raw * Double.random(in: 0.8...1.2)
    }
}
