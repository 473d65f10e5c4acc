import Foundation
import Synchronization

/// What one thread records and another waits for: each `append` wakes the waiters
/// (a condition variable with a deadline), so a test waits exactly as long as the
/// event takes, never a guessed sleep.
public final class Arrivals<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    private let changed = NSCondition()

    public init() {}

    public func append(_ element: Element) {
        items.withLock { $0.append(element) }
        // Taking the condition's lock orders this after a waiter's check of the items.
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }

    public var all: [Element] { items.withLock { $0 } }

    /// Waits until `satisfied` holds for what arrived so far, or `timeout` passed;
    /// returns what arrived (the caller checks it again to tell the two apart).
    @discardableResult
    public func wait(timeout: TimeInterval = 10, until satisfied: ([Element]) throws -> Bool) rethrows -> [Element] {
        let deadline = Date() + timeout
        changed.lock()
        defer { changed.unlock() }
        while true {
            let now = all
            if try satisfied(now) || !changed.wait(until: deadline) { return all }
        }
    }
}

/// The tests' one bounded poll, for what only another process can tell and signals
/// no event the test can wait on (a row in its database, its health answer, a file
/// another program writes): checks `condition` every `interval` until it holds or the
/// deadline passes. Returns whether it held.
public enum Poll {
    @discardableResult
    public static func until(timeout: TimeInterval, every interval: TimeInterval = 0.02,
                             _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date() + timeout
        while true {
            if try condition() { return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            Thread.sleep(forTimeInterval: min(interval, left))
        }
    }
}
