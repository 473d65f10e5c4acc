import Foundation
import Wire
import Contracts
import Runtime
import TestSupport

/// A stand-in notifier in the bench process: a FakePeer on `notifier.sock` that
/// accepts every `notifier.send` and keeps each recipient's codes in memory, so a
/// benchmark reads SMS and e-mail codes without any file or real delivery.
final class CodeBook: @unchecked Sendable {
    private let cond = NSCondition()
    private var codes: [String: [String]] = [:]
    let peer: FakePeer

    init(socketPath: String) {
        peer = FakePeer(socketPath: socketPath)
        peer.on(NotifierSend.self) { [self] body in
            if let code = body.params["code"] {
                cond.lock(); codes[body.to.lowercased(), default: []].append(code); cond.broadcast(); cond.unlock()
            }
            return NotifierSend.Reply(messageId: "msg_" + body.idempotencyKey, status: "queued")
        }
        peer.start()
    }

    func count(_ to: String) -> Int {
        cond.lock(); defer { cond.unlock() }
        return codes[to.lowercased()]?.count ?? 0
    }

    /// The first code sent to `to` after it had `after` codes.
    func code(_ to: String, after: Int, timeout: TimeInterval = 10) throws -> String {
        let deadline = Date() + timeout
        cond.lock(); defer { cond.unlock() }
        while true {
            if let list = codes[to.lowercased()], list.count > after { return list[after] }
            guard cond.wait(until: deadline) else { throw ServiceError(.unavailable, detail: "no code for \(to)") }
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
func forDuration(threads: Int, seconds: Double, _ body: @escaping @Sendable (Int) throws -> Void) -> (Int, Samples, Double) {
    let box = SampleBox()
    let errors = ErrorCount()
    let start = monotonicSeconds()
    let deadline = start + seconds
    onThreads(threads) { t in
        var local = Samples()
        while monotonicSeconds() < deadline {
            let t0 = monotonicSeconds()
            do { try body(t); local.add(monotonicSeconds() - t0) } catch { errors.add("\(error)") }
        }
        box.add(local)
    }
    let elapsed = monotonicSeconds() - start
    if errors.count > 0 { FileHandle.standardError.write(Data("bench: \(errors.count) errors, first: \(errors.first ?? "")\n".utf8)) }
    return (box.samples.count, box.samples, elapsed)
}

final class ErrorCount: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var count = 0
    private(set) var first: String?
    func add(_ e: String) { lock.lock(); count += 1; if first == nil { first = e }; lock.unlock() }
}
