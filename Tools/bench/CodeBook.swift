import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire

/// A stand-in notifier in the bench process: a FakePeer on `notifier.sock` that
/// accepts every `notifier.send` and keeps each recipient's codes in memory, so a
/// benchmark reads SMS and e-mail codes without any file or real delivery.
final class CodeBook: Sendable {
    private struct Book {
        var codes: [String: [String]] = [:]
        /// Threads waiting for a recipient's next code.
        var waiting: [String: [DispatchSemaphore]] = [:]
    }
    private let book = Mutex(Book())
    let peer: FakePeer

    init(socketPath: String) {
        peer = FakePeer(socketPath: socketPath)
        peer.on(NotifierSend.self) { [self] body in
            if let code = body.params["code"] {
                let to = body.to.lowercased()
                let waiting = book.withLock { b in
                    b.codes[to, default: []].append(code)
                    return b.waiting.removeValue(forKey: to) ?? []
                }
                for w in waiting { w.signal() }
            }
            return NotifierSend.Reply(messageId: "msg_" + body.idempotencyKey, status: "queued")
        }
        peer.start()
    }

    func count(_ to: String) -> Int {
        book.withLock { $0.codes[to.lowercased()]?.count ?? 0 }
    }

    /// The first code sent to `to` after it had `after` codes.
    func code(_ to: String, after: Int, timeout: TimeInterval = 10) throws -> String {
        let deadline = DispatchTime.now() + timeout
        let to = to.lowercased()
        while true {
            let arrival = DispatchSemaphore(value: 0)
            let code = book.withLock { b -> String? in
                if let list = b.codes[to], list.count > after { return list[after] }
                b.waiting[to, default: []].append(arrival)
                return nil
            }
            if let code { return code }
            guard arrival.wait(timeout: deadline) == .success else {
                throw ServiceError(.unavailable, detail: "no code for \(to)")
            }
        }
    }

    func stop() { peer.stop() }
}

/// Accepts identity's events to admin (so its relay has somewhere to deliver).
func fakeAdmin(socketPath: String) -> FakePeer {
    let peer = FakePeer(socketPath: socketPath)
    peer.on(AccountRegistered.self) { _ in Empty() }
    peer.on(AccountChanged.self) { _ in Empty() }
    peer.start()
    return peer
}

/// Runs `body` on `threads` threads until `seconds` passed; returns completed counts and latencies.
func forDuration(threads: Int, seconds: Double, _ body: @escaping @Sendable (Int) throws -> Void) -> (
    Int, Samples, Double
) {
    let box = SampleBox()
    let errors = ErrorCount()
    let start = monotonicSeconds()
    let deadline = start + seconds
    onThreads(threads) { t in
        var local = Samples()
        while monotonicSeconds() < deadline {
            let t0 = monotonicSeconds()
            do {
                try body(t)
                local.add(monotonicSeconds() - t0)
            } catch { errors.add("\(error)") }
        }
        box.add(local)
    }
    let elapsed = monotonicSeconds() - start
    if errors.count > 0 {
        FileHandle.standardError.write(Data("bench: \(errors.count) errors, first: \(errors.first ?? "")\n".utf8))
    }
    return (box.samples.count, box.samples, elapsed)
}

final class ErrorCount: Sendable {
    private let state = Mutex<(count: Int, first: String?)>((0, nil))
    var count: Int { state.withLock { $0.count } }
    var first: String? { state.withLock { $0.first } }
    func add(_ e: String) {
        state.withLock { s in
            s.count += 1
            if s.first == nil { s.first = e }
        }
    }
}
