import Foundation
import Synchronization

/// One run of the document helper. Foundation starts it in a process group of its
/// own, so a kill ends whatever the helper started too: a grandchild left alive
/// would hold the reply pipe open and the read would never see its end.
final class HelperRun {
    enum Ending {
        case status(Int32)
        case signal(Int32)
    }

    private let process = Process()
    private let input = Pipe()
    private let pipe = Pipe()
    private let state: State
    private let watchdog: DispatchWorkItem
    var output: FileHandle { pipe.fileHandleForReading }

    /// What the termination handler and the watchdog share with the caller.
    private final class State: Sendable {
        let pid = Atomic<Int32>(0)
        /// Set once the helper is reaped: from then on its pid may be another process's.
        let reaped = Atomic<Bool>(false)
        let timedOut = Atomic<Bool>(false)
        let exited = DispatchSemaphore(value: 0)

        func kill() {
            let pid = pid.load(ordering: .acquiring)
            guard pid > 0, !reaped.load(ordering: .acquiring) else { return }
            Glibc.kill(-pid, SIGKILL)
            Glibc.kill(pid, SIGKILL)
        }
    }

    /// Starts the helper; past `timeout` it is killed (and the reply reads as cut off).
    init(path: String, timeout: TimeInterval) throws {
        let state = State()
        self.state = state
        process.executableURL = URL(fileURLWithPath: path)
        process.standardInput = input
        process.standardOutput = pipe
        process.terminationHandler = { _ in
            state.reaped.store(true, ordering: .releasing)
            state.exited.signal()
        }
        watchdog = DispatchWorkItem {
            state.timedOut.store(true, ordering: .releasing)
            state.kill()
        }
        do { try process.run() } catch {
            throw DocumentRenderer.Failure("cannot start \(DocumentRenderer.helperName): \(error)")
        }
        state.pid.store(process.processIdentifier, ordering: .releasing)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    }

    /// The request, then the end of the helper's input. A helper that is gone (or
    /// killed for its time) is noticed by the read that follows.
    func send(_ data: Data) {
        try? input.fileHandleForWriting.write(contentsOf: data)
        try? input.fileHandleForWriting.close()
    }

    /// A reply read short (or refused) leaves the helper writing into a full pipe:
    /// closing our end ends that write, and a helper that still does not exit is killed.
    func finish(grace: TimeInterval) {
        try? pipe.fileHandleForReading.close()
        if state.exited.wait(timeout: .now() + grace) == .timedOut {
            state.kill()
            state.exited.wait()
        }
        watchdog.cancel()
    }

    /// Whether the watchdog killed the helper. Read after `finish`.
    var timedOut: Bool { state.timedOut.load(ordering: .acquiring) }

    /// How the helper ended. Read after `finish`.
    var ending: Ending {
        process.terminationReason == .uncaughtSignal
            ? .signal(process.terminationStatus) : .status(process.terminationStatus)
    }
}
