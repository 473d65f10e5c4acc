import Contracts
import Dispatch
import FoundationEssentials
import Glibc
import Runtime
import Synchronization
import Wire

/// Delivery workers: each claims due messages under a lease, renders them,
/// hands them to their channel's outbox and records the outcome (sent, retry
/// with backoff, or failed for good). Woken after every accepted batch; otherwise
/// they look again every `pollInterval`, which also picks up retries and claims
/// whose lease ran out.
public final class Dispatcher: Service, Sendable {
    public let name = "dispatcher"
    private let store: MessageStore
    private let renderer: MessageRenderer
    private let outboxes: [Channel: Outbox]
    private let policy: RetryPolicy
    private let lease: TimeInterval
    private let workers: Int
    private let batch: Int
    private let pollInterval: TimeInterval
    private let logger: Logger
    private let clock: Clock
    /// One per worker thread: `wake` wakes them all.
    private let sleepers: [WakeSignal]
    private let stopped = Atomic<Bool>(false)
    private let ownerPrefix = "w\(getpid())-\(Identifier.randomHex(3))"
    private let retention: TimeInterval
    private let lastPurge = Mutex<Double>(0)

    public init(
        store: MessageStore, renderer: MessageRenderer, outboxes: [Channel: Outbox], policy: RetryPolicy,
        lease: TimeInterval, workers: Int, batch: Int = 8, pollInterval: TimeInterval,
        retention: TimeInterval = 90 * 86400, logger: Logger, clock: Clock = SystemClock()
    ) {
        self.retention = retention
        self.store = store
        self.renderer = renderer
        self.outboxes = outboxes
        self.policy = policy
        self.lease = lease
        self.workers = workers
        self.batch = batch
        self.pollInterval = pollInterval
        self.logger = logger
        self.clock = clock
        sleepers = (0..<workers).map { _ in WakeSignal() }
    }

    public func run() throws {
        let group = DispatchGroup()
        for i in 0..<workers {
            group.enter()
            do {
                try startThread(name: "dispatcher-\(i)", stackSize: 1 << 20) { [self] in
                    defer { group.leave() }
                    work(owner: "\(ownerPrefix)-\(i)", sleeper: sleepers[i])
                }
            } catch {
                group.leave()
                throw error
            }
        }
        group.wait()
    }

    public func shutdown() {
        stopped.store(true, ordering: .releasing)
        for s in sleepers { s.wake() }
    }

    /// Call after committing new messages.
    public func wake() {
        for s in sleepers { s.wake() }
    }

    private var isStopped: Bool { stopped.load(ordering: .acquiring) }

    private func work(owner: String, sleeper: WakeSignal) {
        var needsCheckpoint = false
        while !isStopped {
            sleeper.clear()
            var didWork = false
            do {
                didWork = try runOnce(owner: owner) > 0
            } catch {
                logger.error("dispatch.error", ["error": .string(String(describing: error))])
            }
            if didWork {
                needsCheckpoint = true
                continue
            }
            purgeIfDue()
            if needsCheckpoint {
                // Idle after erasing codes: push them out of the WAL too.
                needsCheckpoint = false
                do { try store.checkpoint() } catch {
                    logger.warning("checkpoint.failed", ["error": .string(String(describing: error))])
                }
            }
            if !isStopped { sleeper.sleep(upTo: pollInterval) }
        }
    }

    /// Claims and delivers one batch; returns how many were claimed. A message is
    /// only started when its delivery can finish within the lease; the others are
    /// released unsent, so a claim never outlives its lease while its worker lives.
    @discardableResult
    public func runOnce(owner: String) throws -> Int {
        let claimed = try store.claim(owner: owner, lease: lease, limit: batch)
        let started = monotonicSeconds()
        var deferred: [ClaimedMessage] = []
        for (i, m) in claimed.enumerated() {
            let longest = outboxes[m.channel]?.maxDuration ?? 0
            if isStopped || monotonicSeconds() - started + longest >= lease {
                for rest in claimed[i...] { try store.release(rest.id, owner: owner) }
                break
            }
            try deliver(m, owner: owner, deferred: &deferred)
        }
        try recordDeferred(deferred, owner: owner)
        return claimed.count
    }

    private static func fields(_ m: ClaimedMessage) -> [String: JSONValue] {
        [
            "message": .string(m.id), "channel": .string(m.channel.rawValue), "template": .string(m.template),
            "attempt": .number(Double(m.attempts)),
        ]
    }

    /// Delivers one message and records the outcome — except a success through an
    /// outbox where repeats are harmless, which joins `deferred` to be flushed and
    /// recorded with the rest of the batch (one fsync and one transaction for all).
    private func deliver(_ m: ClaimedMessage, owner: String, deferred: inout [ClaimedMessage]) throws {
        let fields = Self.fields(m)
        do {
            guard let outbox = outboxes[m.channel] else {
                throw DeliveryError.permanent("no outbox for \(m.channel.rawValue)")
            }
            // Never late: a delivery that could end after the code's validity is not started.
            if let until = m.validUntil, clock.now().addingTimeInterval(outbox.maxDuration) >= until {
                try expire(m, owner: owner, validUntil: until, fields: fields)
                return
            }
            let rendered = try renderer.render(m)
            try outbox.deliver(rendered)
            if outbox.repeatsAreHarmless {
                deferred.append(m)
            } else if try store.markSent(m.id, owner: owner) {
                logger.info("message.sent", fields)
            } else {
                logger.warning("message.lease_lost", fields)
            }
        } catch let error as DeliveryError {
            try failed(m, owner: owner, error: error, fields: fields)
        } catch {
            try failed(m, owner: owner, error: .retryable(String(describing: error)), fields: fields)
        }
    }

    /// At most once an hour, by whichever worker is idle then.
    private func purgeIfDue() {
        let due = lastPurge.withLock { last in
            let due = monotonicSeconds() - last > 3600 || last == 0
            if due { last = monotonicSeconds() }
            return due
        }
        guard due else { return }
        do {
            let n = try store.purge(olderThan: retention)
            if n > 0 { logger.info("messages.purged", ["count": .number(Double(n))]) }
        } catch {
            logger.warning("purge.failed", ["error": .string(String(describing: error))])
        }
    }

    private func recordDeferred(_ delivered: [ClaimedMessage], owner: String) throws {
        guard !delivered.isEmpty else { return }
        var flushed: [ClaimedMessage] = []
        for channel in Set(delivered.map(\.channel)) {
            let group = delivered.filter { $0.channel == channel }
            do {
                try outboxes[channel]?.flush()
                flushed += group
            } catch {
                let reason = (error as? DeliveryError) ?? .retryable(String(describing: error))
                for m in group { try failed(m, owner: owner, error: reason, fields: Self.fields(m)) }
            }
        }
        let recorded = try store.markSent(flushed.map(\.id), owner: owner)
        for m in flushed {
            if recorded.contains(m.id) {
                logger.info("message.sent", Self.fields(m))
            } else {
                logger.warning("message.lease_lost", Self.fields(m))
            }
        }
    }

    private func expire(_ m: ClaimedMessage, owner: String, validUntil: Date, fields: [String: JSONValue]) throws {
        if try store.markExpired(m.id, owner: owner, validUntil: validUntil) {
            logger.warning("message.expired", fields.merging(["validUntil": .string(validUntil.rfc3339)]) { $1 })
        }
    }

    private func failed(_ m: ClaimedMessage, owner: String, error: DeliveryError, fields: [String: JSONValue]) throws {
        var fields = fields
        fields["error"] = .string(error.description)
        var next: Date?
        // The short schedule is for codes someone is waiting for (minutes to a day); an
        // invitation valid for months keeps the ordinary one, still cut off at its validity.
        let awaited = m.validUntil.map { $0.timeIntervalSince(clock.now()) <= RetryPolicy.awaitedValidity } ?? false
        let schedule = awaited ? policy.awaited : policy
        if case .retryable = error, let delay = schedule.delay(afterAttempts: m.attempts) {
            next = clock.now().addingTimeInterval(delay)
            fields["retryInS"] = .number((delay * 10).rounded() / 10)
        }
        // A retry that would come after the code's validity will not be made.
        if let until = m.validUntil, let n = next, n >= until {
            try store.markFailed(m.id, owner: owner, error: error.description, nextAttempt: until)
            logger.warning(
                "message.retry", fields.merging(["retryInS": .number(until.timeIntervalSince(clock.now()))]) { $1 })
            return
        }
        try store.markFailed(m.id, owner: owner, error: error.description, nextAttempt: next)
        if next == nil {
            logger.error("message.failed", fields)
        } else {
            logger.warning("message.retry", fields)
        }
    }
}
