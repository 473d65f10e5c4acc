import Foundation
import Wire
import Runtime

/// Batches concurrent `notifier.send` requests into one transaction, so that one
/// fsync makes many messages durable. Each request thread enqueues its message and
/// blocks; the committer thread takes everything waiting, commits it in one
/// `MessageStore.accept`, and only then releases each waiter with its outcome — so
/// a reply still goes out only after its row is committed.
public final class GroupCommit: Service, @unchecked Sendable {
    public let name = "group-commit"
    private let store: MessageStore
    private let logger: Logger
    private let maxBatch: Int
    private let afterCommit: @Sendable () -> Void
    private let condition = NSCondition()
    private var waiting: [Ticket] = []
    private var stopped = false

    private final class Ticket: @unchecked Sendable {
        let message: NewMessage
        var outcome: Result<Acceptance, Error>?
        let done = DispatchSemaphore(value: 0)
        init(_ message: NewMessage) { self.message = message }
    }

    public init(store: MessageStore, logger: Logger, maxBatch: Int = 512,
                afterCommit: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.logger = logger
        self.maxBatch = maxBatch
        self.afterCommit = afterCommit
    }

    /// Blocks until the message is committed (or refused); called on request threads.
    public func submit(_ message: NewMessage) throws -> Acceptance {
        let ticket = Ticket(message)
        condition.lock()
        if stopped {
            condition.unlock()
            throw ServiceError(.unavailable, detail: "shutting down")
        }
        waiting.append(ticket)
        condition.signal()
        condition.unlock()
        ticket.done.wait()
        return try ticket.outcome!.get()
    }

    public func run() throws {
        while true {
            condition.lock()
            while waiting.isEmpty && !stopped { condition.wait() }
            if waiting.isEmpty && stopped { condition.unlock(); return }
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            condition.unlock()
            commit(batch)
        }
    }

    private func commit(_ batch: [Ticket]) {
        do {
            let outcomes = try store.accept(batch.map(\.message))
            for (ticket, outcome) in zip(batch, outcomes) { ticket.outcome = .success(outcome) }
        } catch {
            logger.error("accept.failed", ["batch": .number(Double(batch.count)),
                                           "error": .string(String(describing: error))])
            for ticket in batch { ticket.outcome = .failure(error) }
        }
        for ticket in batch { ticket.done.signal() }
        afterCommit()
    }

    /// Stops taking new requests; those already waiting are still committed.
    public func shutdown() {
        condition.lock(); stopped = true; condition.broadcast(); condition.unlock()
    }
}
