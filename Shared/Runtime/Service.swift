import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

/// A long-running part of a program (the socket server, a relay, a dispatcher):
/// `run()` blocks until `shutdown()` is called, then returns once its work in
/// flight is done.
public protocol Service: AnyObject, Sendable {
    var name: String { get }
    func run() throws
    func shutdown()
}

/// Starts services in order, each on its own thread; on SIGTERM or SIGINT (or when
/// one fails) shuts them down in reverse order, so the socket server, started last,
/// stops first and nothing new arrives while workers finish.
public final class ServiceGroup: Sendable {
    private let services: [Service]
    private let logger: Logger
    private let done = DispatchSemaphore(value: 0)
    private struct State {
        var stopping = false
        var failure: Error?
    }
    private let state = Mutex(State())
    private let signalQueue = DispatchQueue(label: "connect.signals")

    public init(services: [Service], logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Runs until a signal or a failure; returns after every service has stopped.
    public func run() throws {
        let signalSources = installSignalHandlers()
        defer { withExtendedLifetime(signalSources) {} }
        let finished = DispatchGroup()
        for service in services {
            finished.enter()
            do {
                try startThread(name: service.name, stackSize: 1 << 20) { [self] in
                    defer { finished.leave() }
                    do {
                        try service.run()
                    } catch {
                        logger.error(
                            "service.failed",
                            [
                                "part": .string(service.name),
                                "error": .string(String(describing: error)),
                            ])
                        state.withLock { if $0.failure == nil { $0.failure = error } }
                    }
                    // A part that ends on its own (failure or not) brings the program down.
                    triggerShutdown()
                }
            } catch {
                // A part that cannot get its thread: the program does not start half-way.
                finished.leave()
                state.withLock { if $0.failure == nil { $0.failure = error } }
                triggerShutdown()
                break
            }
        }
        done.wait()
        for service in services.reversed() {
            service.shutdown()
        }
        let stopped = finished.wait(timeout: .now() + 4.5)
        if stopped == .timedOut {
            logger.warning("shutdown.timeout", [:])
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    public func triggerShutdown() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first { done.signal() }
    }

    /// The signal sources: kept alive by the caller while the group runs.
    private func installSignalHandlers() -> [DispatchSourceSignal] {
        var signalSources: [DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            // A queue of its own (overcommit: always gets a thread), never the width-limited
            // global queue, where blocking work such as the relay's sends could delay the stop.
            let source = DispatchSource.makeSignalSource(signal: sig, queue: signalQueue)
            source.setEventHandler { [weak self] in
                self?.logger.info("shutdown.signal", ["signal": .number(Double(sig))])
                self?.triggerShutdown()
            }
            source.resume()
            signalSources.append(source)
        }
        signal(SIGPIPE, SIG_IGN)
        return signalSources
    }
}

/// A background loop: calls `tick` until it reports no more work, then sleeps
/// until `interval` passes or `wake()` is called. Used by relays and dispatchers.
public final class Worker: Service, Sendable {
    public let name: String
    private let interval: TimeInterval
    private let tick: @Sendable () throws -> Bool
    private let logger: Logger
    private let wakeUps = WakeSignal()
    private let stopped = Atomic<Bool>(false)

    /// `tick` returns true when it did work and should be called again at once.
    public init(
        name: String, interval: TimeInterval, logger: Logger,
        tick: @escaping @Sendable () throws -> Bool
    ) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.tick = tick
    }

    public func run() throws {
        while true {
            if stopped.load(ordering: .acquiring) { return }
            wakeUps.clear()
            var more = false
            do {
                more = try tick()
            } catch {
                logger.error("worker.error", ["part": .string(name), "error": .string(String(describing: error))])
            }
            if more { continue }
            if stopped.load(ordering: .acquiring) { return }
            wakeUps.sleep(upTo: interval)
        }
    }

    public func wake() { wakeUps.wake() }

    public func shutdown() {
        stopped.store(true, ordering: .releasing)
        wakeUps.wake()
    }
}

/// How a loop sleeps until woken: `clear()` before a round of work, then
/// `sleep(upTo:)`; a `wake()` from the `clear()` on ends that sleep (or skips it).
/// Wake-ups during one round count once, so the loop does not spin through stale ones.
public final class WakeSignal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let woken = Atomic<Bool>(false)

    public init() {}

    /// Called before a round: forgets the wake-ups the round is about to serve, so that busy
    /// rounds do not pile up spare ticks. Drained first: a wake-up landing between the two
    /// steps is served by the round that follows.
    public func clear() {
        while semaphore.wait(timeout: .now()) == .success {}
        woken.store(false, ordering: .sequentiallyConsistent)
    }

    public func wake() {
        if !woken.exchange(true, ordering: .sequentiallyConsistent) { semaphore.signal() }
    }

    public func sleep(upTo seconds: TimeInterval) { _ = semaphore.wait(timeout: .now() + seconds) }
}
