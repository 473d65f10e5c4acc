import Dispatch
import FoundationEssentials
import Runtime
import Synchronization

/// One run of the document helper, in a process group of its own, so a kill ends
/// whatever the helper started too: a grandchild left alive would hold the reply
/// pipe open and the read would never see its end.
final class HelperRun {
    enum Ending {
        case status(Int32)
        case signal(Int32)
    }

    private let child: ChildProcess
    private let watchdog: DispatchWorkItem
    private let timeUp = TimeUp()
    /// Our end of the helper's stdout.
    var output: Int32 { child.output! }

    private final class TimeUp: Sendable {
        let killed = Atomic<Bool>(false)
    }

    /// Starts the helper; past `timeout` it is killed (and the reply reads as cut off).
    init(path: String, timeout: TimeInterval) throws {
        do {
            child = try ChildProcess(path, stdout: .pipe, stderr: .inherit, ownProcessGroup: true)
        } catch {
            throw DocumentRenderer.Failure("cannot start \(DocumentRenderer.helperName): \(error)")
        }
        let (child, timeUp) = (child, timeUp)
        watchdog = DispatchWorkItem {
            timeUp.killed.store(true, ordering: .releasing)
            child.kill()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    }

    /// The request, then the end of the helper's input. A helper that is gone (or
    /// killed for its time) is noticed by the read that follows.
    func send(_ data: Data) {
        _ = writeAll(child.input, data)
        child.closeInput()
    }

    /// A reply read short (or refused) leaves the helper writing into a full pipe:
    /// closing our end ends that write, and a helper that still does not exit is killed.
    func finish(grace: TimeInterval) {
        child.closeOutput()
        if child.wait(timeout: grace) == nil {
            child.kill()
            child.waitForExit()
        }
        watchdog.cancel()
    }

    /// Whether the watchdog killed the helper. Read after `finish`.
    var timedOut: Bool { timeUp.killed.load(ordering: .acquiring) }

    /// How the helper ended. Read after `finish`.
    var ending: Ending {
        switch child.wait(timeout: 0) {
        case .signalled(let s): return .signal(s)
        case .exited(let s): return .status(s)
        case .unknown, nil: return .status(-1)
        }
    }
}
