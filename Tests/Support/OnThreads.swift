import Foundation

/// Runs `body(i)` for i in 0..<count on that many threads at once, and waits for all.
/// (DispatchQueue.concurrentPerform runs only as many at once as there are cores, so
/// "32 clients" would be 2 at a time on a 2-core machine.) For load tests and benchmarks.
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let t = Thread {
            body(i)
            group.leave()
        }
        t.stackSize = 1 << 20
        t.start()
    }
    group.wait()
}
