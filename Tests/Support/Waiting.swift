import Foundation
import Synchronization

/// What one thread records and another waits for: each `append` wakes the waiters
/// (each waits on its own semaphore with a deadline), so a test waits exactly as long
/// as the event takes, never a guessed sleep.
public final class Arrivals<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        /// Counts appends, so a waiter that checked an older list looks again.
        var version = 0
        var waiters: [DispatchSemaphore] = []
    }
    private let state = Mutex(State())

    public init() {}

    public func append(_ element: Element) {
        let woken = state.withLock { state -> [DispatchSemaphore] in
            state.items.append(element)
            state.version += 1
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in woken { waiter.signal() }
    }

    public var all: [Element] { state.withLock { $0.items } }

    /// Waits until `satisfied` holds for what arrived so far, or `timeout` passed;
    /// returns what arrived (the caller checks it again to tell the two apart).
    @discardableResult
    public func wait(timeout: TimeInterval = 10, until satisfied: ([Element]) throws -> Bool) rethrows -> [Element] {
        let deadline = DispatchTime.now() + timeout
        while true {
            let (items, seen) = state.withLock { ($0.items, $0.version) }
            if try satisfied(items) { return items }
            let waiter = DispatchSemaphore(value: 0)
            // Registered only if nothing arrived since the check; else check again at once.
            let registered = state.withLock { state -> Bool in
                guard state.version == seen else { return false }
                state.waiters.append(waiter)
                return true
            }
            if registered, waiter.wait(timeout: deadline) == .timedOut { return all }
        }
    }
}

/// The tests' one bounded poll, for what only another process can tell and signals
/// no event the test can wait on (a row in its database, its health answer, a file
/// another program writes): checks `condition` every `interval` until it holds or the
/// deadline passes. Returns whether it held.
public enum Poll {
    @discardableResult
    public static func until(
        timeout: TimeInterval, every interval: TimeInterval = 0.02,
        _ condition: () throws -> Bool
    ) rethrows -> Bool {
        let deadline = Date() + timeout
        while true {
            if try condition() { return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            Thread.sleep(forTimeInterval: min(interval, left))
        }
    }
}
