import Foundation

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
public final class ServiceGroup: @unchecked Sendable {
    private let services: [Service]
    private let logger: Logger
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopping = false
    private var failure: Error?
    private var signalSources: [DispatchSourceSignal] = []
    private let signalQueue = DispatchQueue(label: "connect.signals")

    public init(services: [Service], logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Runs until a signal or a failure; returns after every service has stopped.
    public func run() throws {
        installSignalHandlers()
        let finished = DispatchGroup()
        for service in services {
            finished.enter()
            let thread = Thread { [self] in
                defer { finished.leave() }
                do {
                    try service.run()
                } catch {
                    logger.error("service.failed", ["part": .string(service.name),
                                                    "error": .string(String(describing: error))])
                    lock.lock(); if failure == nil { failure = error }; lock.unlock()
                }
                // A part that ends on its own (failure or not) brings the program down.
                triggerShutdown()
            }
            thread.name = service.name
            thread.stackSize = 1 << 20
            thread.start()
        }
        done.wait()
        for service in services.reversed() {
            service.shutdown()
        }
        let stopped = finished.wait(timeout: .now() + 4.5)
        if stopped == .timedOut {
            logger.warning("shutdown.timeout", [:])
        }
        lock.lock(); let f = failure; lock.unlock()
        if let f { throw f }
    }

    public func triggerShutdown() {
        lock.lock()
        let first = !stopping
        stopping = true
        lock.unlock()
        if first { done.signal() }
    }

    private func installSignalHandlers() {
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
    }
}

/// A background loop: calls `tick` until it reports no more work, then sleeps
/// until `interval` passes or `wake()` is called. Used by relays and dispatchers.
public final class Worker: Service, @unchecked Sendable {
    public let name: String
    private let interval: TimeInterval
    private let tick: @Sendable () throws -> Bool
    private let logger: Logger
    private let condition = NSCondition()
    private var stopped = false
    private var woken = false

    /// `tick` returns true when it did work and should be called again at once.
    public init(name: String, interval: TimeInterval, logger: Logger,
                tick: @escaping @Sendable () throws -> Bool) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.tick = tick
    }

    public func run() throws {
        while true {
            condition.lock()
            if stopped { condition.unlock(); return }
            condition.unlock()
            var more = false
            do {
                more = try tick()
            } catch {
                logger.error("worker.error", ["part": .string(name), "error": .string(String(describing: error))])
            }
            if more { continue }
            condition.lock()
            if !woken && !stopped { _ = condition.wait(until: Date() + interval) }
            woken = false
            condition.unlock()
        }
    }

    public func wake() {
        condition.lock(); woken = true; condition.signal(); condition.unlock()
    }

    public func shutdown() {
        condition.lock(); stopped = true; condition.signal(); condition.unlock()
    }
}
