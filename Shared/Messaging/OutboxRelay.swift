import Foundation

/// Delivers `service_outbox` rows to their services, oldest first. A message is
/// deleted once its receiver answers ok; a final refusal (`bad_request`,
/// `not_found`, `conflict`: see `ErrorCode.isFinalRefusal`) is logged and dropped,
/// since sending it again cannot succeed; anything else (unreachable, `forbidden`
/// from a misconfigured peer, `rate_limited`, …) is retried with exponential backoff
/// and jitter, capped at `maxDelay`, for as long as it takes. Once the outbox is
/// drained the WAL is checkpointed and truncated, so that delivered payloads (one-time
/// codes) do not linger in old page versions.
public final class OutboxRelay: Service, @unchecked Sendable {
    public var name: String { worker.name }
    private let database: Database
    private let clients: [String: ServiceClient]
    private let logger: Logger
    private let clock: Clock
    private let baseDelay: TimeInterval
    private let maxDelay: TimeInterval
    private var worker: Worker!

    public init(database: Database, clients: [String: ServiceClient], logger: Logger,
                clock: Clock = SystemClock(), interval: TimeInterval = 1,
                baseDelay: TimeInterval = 1, maxDelay: TimeInterval = 300) {
        self.database = database
        self.clients = clients
        self.logger = logger
        self.clock = clock
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        worker = Worker(name: "outbox-relay", interval: interval, logger: logger) { [unowned self] in
            try self.deliverDue()
        }
    }

    public func run() throws { try worker.run() }
    public func shutdown() { worker.shutdown() }
    /// Call after committing a transaction that enqueued messages.
    public func wake() { worker.wake() }

    /// Delivers what is due; returns true when a full batch went out (more may wait).
    @discardableResult
    public func deliverDue(limit: Int = 32) throws -> Bool {
        let now = clock.now()
        let due = try database.read {
            try $0.query("""
                SELECT id, destination, type, body, attempts FROM service_outbox
                WHERE next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?
                """, now, limit)
        }
        var delivered = 0
        for row in due {
            let id = row.string("id"), type = row.string("type"), destination = row.string("destination")
            let attempts = row.int("attempts") + 1
            let outcome = send(id: id, destination: destination, type: type, body: row.string("body"))
            switch outcome {
            case .delivered, .refused:
                try database.write { try $0.execute("DELETE FROM service_outbox WHERE id = ?", id) }
                delivered += 1
                if case .refused(let code) = outcome {
                    logger.error("outbox.refused", ["message": .string(id), "type": .string(type),
                                                    "to": .string(destination), "code": .string(code)])
                }
            case .retry(let reason):
                let delay = backoff(attempts: attempts)
                try database.write {
                    try $0.execute("""
                        UPDATE service_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?
                        """, attempts, now.addingTimeInterval(delay), reason, id)
                }
                logger.warning("outbox.retry", ["message": .string(id), "type": .string(type),
                                                "to": .string(destination), "attempts": .number(Double(attempts)),
                                                "delayS": .number(delay.rounded()), "error": .string(reason)])
            }
        }
        let more = due.count == limit && delivered > 0
        if delivered > 0, !more, try database.read({ try MessageOutbox.pending($0) }) == 0 {
            database.truncateLog()
        }
        return more
    }

    enum Outcome { case delivered, refused(String), retry(String) }

    private func send(id: String, destination: String, type: String, body: String) -> Outcome {
        guard let client = clients[destination] else { return .refused("no client for \(destination)") }
        do {
            let raw = try JSONCoding.decoder.decode(JSONValue.self, from: Data(body.utf8))
            let reply = try client.send(type: type, body: raw, id: id)
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
