import Dispatch
import FoundationEssentials
import Glibc
import Runtime
import Synchronization
import Wire

/// Batches concurrent `notifier.send` requests into one transaction, so that one
/// fsync makes many messages durable. Each request thread enqueues its message and
/// blocks; the committer thread takes everything waiting, commits it in one
/// `MessageStore.accept`, and only then releases each waiter with its outcome — so
/// a reply still goes out only after its row is committed.
public final class GroupCommit: Service, Sendable {
    public let name = "group-commit"
    private let store: MessageStore
    private let logger: Logger
    private let maxBatch: Int
    private let afterCommit: @Sendable () -> Void
    private struct Queue {
        var waiting: [Ticket] = []
        var stopped = false
    }
    private let queue = Mutex(Queue())
    /// Signalled once per ticket queued, and at shutdown.
    private let arrivals = DispatchSemaphore(value: 0)

    private final class Ticket: Sendable {
        let message: NewMessage
        let outcome = Mutex<Result<Acceptance, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        init(_ message: NewMessage) { self.message = message }
    }

    public init(
        store: MessageStore, logger: Logger, maxBatch: Int = 512,
        afterCommit: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.logger = logger
        self.maxBatch = maxBatch
        self.afterCommit = afterCommit
    }

    /// Blocks until the message is committed (or refused); called on request threads.
    public func submit(_ message: NewMessage) throws -> Acceptance {
        let ticket = Ticket(message)
        let queued = queue.withLock { queue in
            guard !queue.stopped else { return false }
            queue.waiting.append(ticket)
            return true
        }
        guard queued else { throw ServiceError(.unavailable, detail: "shutting down") }
        arrivals.signal()
        ticket.done.wait()
        return try ticket.outcome.withLock { $0! }.get()
    }

    public func run() throws {
        while true {
            arrivals.wait()
            // A batch takes the tickets of later signals too: those then find nothing.
            let (batch, stopped) = queue.withLock { queue in
                let batch = Array(queue.waiting.prefix(maxBatch))
                queue.waiting.removeFirst(batch.count)
                return (batch, queue.stopped)
            }
            if batch.isEmpty {
                if stopped { return }
                continue
            }
            commit(batch)
        }
    }

    private func commit(_ batch: [Ticket]) {
        do {
            let outcomes = try store.accept(batch.map(\.message))
            for (ticket, outcome) in zip(batch, outcomes) { ticket.outcome.withLock { $0 = .success(outcome) } }
        } catch {
            logger.error(
                "accept.failed",
                [
                    "batch": .number(Double(batch.count)),
                    "error": .string(String(describing: error)),
                ])
            for ticket in batch { ticket.outcome.withLock { $0 = .failure(error) } }
        }
        for ticket in batch { ticket.done.signal() }
        afterCommit()
    }

    /// Stops taking new requests; those already waiting are still committed.
    public func shutdown() {
        queue.withLock { $0.stopped = true }
        arrivals.signal()
    }
}
