import Foundation

/// Delivers `service_outbox` rows to their services: what someone is waiting for
/// first (priority, see `MessageOutbox`), then oldest first. A message is deleted
/// once its receiver answers ok; a final refusal (`bad_request`, `not_found`,
/// `conflict`: see `ErrorCode.isFinalRefusal`) is logged and dropped, since sending
/// it again cannot succeed; anything else (unreachable, `forbidden` from a
/// misconfigured peer, `rate_limited`, …) is retried with exponential backoff and
/// jitter, capped at `maxDelay`, for as long as it takes.
///
/// Lanes: `notifier.send` messages to different recipients are independent (each
/// carries its own idempotency key), so they go out in parallel, and a slow peer
/// (an admin busy with searches) never holds up an SMS code. Messages to one
/// recipient, and events to one service, go in one lane each, in order, the lane
/// stopping at its first failure (the last code sent stays the last one received).
///
/// Once the outbox is drained the WAL is checkpointed and truncated, so delivered
/// payloads (one-time codes) do not linger in old page versions — at most every
/// `truncateInterval` under steady traffic, and at the next idle tick after it.
public final class OutboxRelay: Service, @unchecked Sendable {
    public var name: String { worker.name }
    private let database: Database
    private let clients: [String: ServiceClient]
    private let logger: Logger
    private let clock: Clock
    private let baseDelay: TimeInterval
    private let maxDelay: TimeInterval
    private let parallel: Int
    private let truncateInterval: TimeInterval
    private var worker: Worker!
    private let lock = NSLock()
    private var lastTruncate = -Double.infinity
    private var truncatePending = false

    public init(database: Database, clients: [String: ServiceClient], logger: Logger,
                clock: Clock = SystemClock(), interval: TimeInterval = 1,
                baseDelay: TimeInterval = 1, maxDelay: TimeInterval = 300,
                parallel: Int = 8, truncateInterval: TimeInterval = 5) {
        self.database = database
        self.clients = clients
        self.logger = logger
        self.clock = clock
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.parallel = max(1, parallel)
        self.truncateInterval = truncateInterval
        worker = Worker(name: "outbox-relay", interval: interval, logger: logger) { [unowned self] in
            try self.deliverDue()
        }
    }

    public func run() throws { try worker.run() }
    public func shutdown() { worker.shutdown() }
    /// Call after committing a transaction that enqueued messages.
    public func wake() { worker.wake() }

    struct Row: Sendable {
        let id, destination, type, body: String
        let attempts: Int

        /// What must stay in order: events per destination, sends per recipient.
        var lane: String {
            guard type == NotifierSend.type,
                  let to = (try? JSONCoding.decoder.decode(Recipient.self, from: Data(body.utf8)))?.to else {
                return destination
            }
            return "\(destination) \(to)"
        }
        private struct Recipient: Decodable { let to: String }
    }

    enum Outcome: Sendable { case delivered, refused(String), retry(String), notTried }

    /// Delivers what is due; returns true when a full batch went out (more may wait).
    @discardableResult
    public func deliverDue(limit: Int = 32) throws -> Bool {
        let now = clock.now()
        let due = try database.read {
            try $0.query("""
                SELECT id, destination, type, body, attempts FROM service_outbox INDEXED BY service_outbox_claim
                WHERE next_attempt_at <= ? ORDER BY priority DESC, next_attempt_at, created_at LIMIT ?
                """, now, limit)
        }.map { Row(id: $0.string("id"), destination: $0.string("destination"), type: $0.string("type"),
                    body: $0.string("body"), attempts: $0.int("attempts")) }
        if due.isEmpty {
            truncateIfPending(force: true)
            return false
        }
        let outcomes = deliver(due, lanes: Self.lanes(due))
        var delivered = 0
        // No fsync of its own: losing this commit to a power cut only means sending
        // again, and receivers deduplicate (the next ordinary commit syncs it anyway).
        try database.write(durability: .normal) { conn in
            for (row, outcome) in zip(due, outcomes) {
                switch outcome {
                case .delivered, .refused:
                    try conn.execute("DELETE FROM service_outbox WHERE id = ?", row.id)
                    delivered += 1
                case .retry(let reason):
                    try conn.execute("""
                        UPDATE service_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?
                        """, row.attempts + 1, now.addingTimeInterval(backoff(attempts: row.attempts + 1)), reason, row.id)
                case .notTried:
                    break
                }
            }
        }
        for (row, outcome) in zip(due, outcomes) { log(row, outcome) }
        let more = due.count == limit && delivered > 0
        if delivered > 0, !more, try database.read({ try MessageOutbox.pending($0) }) == 0 {
            lock.lock(); truncatePending = true; lock.unlock()
            truncateIfPending(force: false)
        }
        return more
    }

    /// Groups a batch (as indexes into it) into lanes, keeping the batch's order in each.
    static func lanes(_ rows: [Row]) -> [[Int]] {
        var lanes: [[Int]] = []
        var laneOf: [String: Int] = [:]
        for (i, row) in rows.enumerated() {
            let key = row.lane
            if let lane = laneOf[key] {
                lanes[lane].append(i)
            } else {
                laneOf[key] = lanes.count
                lanes.append([i])
            }
        }
        return lanes
    }

    /// Runs the lanes, at most `parallel` at a time; a lane stops at its first
    /// failure, so later events of the batch do not overtake it.
    private func deliver(_ rows: [Row], lanes: [[Int]]) -> [Outcome] {
        final class Results: @unchecked Sendable {
            private let lock = NSLock()
            private(set) var outcomes: [Outcome]
            init(_ n: Int) { outcomes = Array(repeating: .notTried, count: n) }
            func set(_ i: Int, _ o: Outcome) { lock.lock(); outcomes[i] = o; lock.unlock() }
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
            logger.error("outbox.refused", ["message": .string(row.id), "type": .string(row.type),
                                            "to": .string(row.destination), "code": .string(code)])
        case .retry(let reason):
            logger.warning("outbox.retry", ["message": .string(row.id), "type": .string(row.type),
                                            "to": .string(row.destination), "attempts": .number(Double(row.attempts + 1)),
                                            "error": .string(reason)])
        case .delivered, .notTried:
            break
        }
    }

    private func truncateIfPending(force: Bool) {
        let now = monotonicSeconds()
        lock.lock()
        let go = truncatePending && (force || now - lastTruncate >= truncateInterval)
        if go { truncatePending = false; lastTruncate = now }
        lock.unlock()
        if go { database.truncateLog() }
    }

    private func send(_ row: Row) -> Outcome {
        guard let client = clients[row.destination] else { return .refused("no client for \(row.destination)") }
        do {
            let raw = try JSONCoding.decoder.decode(JSONValue.self, from: Data(row.body.utf8))
            let reply = try client.send(type: row.type, body: raw, id: row.id)
            if reply.ok { return .delivered }
            let code = reply.error?.code ?? "internal"
            return (ErrorCode(rawValue: code)?.isFinalRefusal ?? false) ? .refused(code) : .retry(code)
        } catch let error as ServiceError {
            return .retry(error.code.rawValue + (error.detail.map { ": \($0)" } ?? ""))
        } catch {
            return .retry(String(describing: error))
        }
    }

    /// base·2^(n-1), capped, with ±20 % jitter so that a fleet does not retry in step.
    public func backoff(attempts: Int) -> TimeInterval {
        let raw = min(maxDelay, baseDelay * pow(2, Double(min(attempts - 1, 30))))
        return raw * Double.random(in: 0.8...1.2)
    }
}
