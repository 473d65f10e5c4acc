import CPosix
import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

/// A program started with posix_spawn, its stdin a pipe from us and its stdout a pipe
/// to us or discarded; a thread waits for its exit. What the sendmail outbox and the
/// document helper need of Foundation's `Process`, without linking all of Foundation.
/// As `Process` did, the child gets no descriptor of ours but its three standard ones.
public final class ChildProcess: Sendable {
    public enum Output: Sendable {
        case pipe
        case discard
        /// Ours (the child writes where we do).
        case inherit
        /// An open descriptor of the caller's (a file it opened), which it closes after.
        case descriptor(Int32)
    }

    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        /// waitpid failed: how it ended is not known (never read as a success).
        case unknown
    }

    public let pid: pid_t
    private let group: Bool
    /// Our end of its stdin.
    public let input: Int32
    /// Our end of its stdout, when `stdout` was `.pipe`.
    public let output: Int32?
    private let termination = Mutex<Termination?>(nil)
    private let exited = DispatchSemaphore(value: 0)
    private let closed = Mutex((input: false, output: false))

    /// Starts `path` with `arguments`; the error names the program and the reason.
    /// - Parameter ownProcessGroup: the child leads a process group of its own (as
    ///   `Process` started every child), and `kill()` ends the whole group.
    public init(
        _ path: String, arguments: [String] = [], stdout: Output = .discard, stderr: Output = .discard,
        ownProcessGroup: Bool = false
    ) throws {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard cposix_pipe_cloexec(&toChild) == 0 else { throw ChildProcessError(path, errno) }
        if case .pipe = stdout, cposix_pipe_cloexec(&fromChild) != 0 {
            let e = errno
            close(toChild[0])
            close(toChild[1])
            throw ChildProcessError(path, e)
        }
        let rc = SpawnRequest(
            path: path, arguments: arguments, stdin: toChild[0], stdout: stdout, stdoutPipe: fromChild[1],
            stderr: stderr, ownProcessGroup: ownProcessGroup
        ).spawn()
        close(toChild[0])
        if fromChild[1] >= 0 { close(fromChild[1]) }
        guard let child = rc.pid else {
            close(toChild[1])
            if fromChild[0] >= 0 { close(fromChild[0]) }
            throw ChildProcessError(path, rc.error)
        }
        pid = child
        group = ownProcessGroup
        input = toChild[1]
        output = fromChild[0] >= 0 ? fromChild[0] : nil
        do {
            try startThread(name: "child-wait") { [self] in reap() }
        } catch {
            kill()
            throw error
        }
    }

    deinit {
        closeInput()
        closeOutput()
    }

    /// The exit, waiting up to `timeout` seconds; nil if it is still running.
    public func wait(timeout: TimeInterval) -> Termination? {
        if let t = termination.withLock({ $0 }) { return t }
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal() // for the next caller
        return termination.withLock { $0 }
    }

    /// Waits for the exit, however long it takes.
    public func waitForExit() {
        if termination.withLock({ $0 }) != nil { return }
        exited.wait()
        exited.signal()
    }

    /// SIGKILL to its process group when it has one (a group id is not reused while a
    /// member lives, so this also reaches what it left behind after exiting), and to
    /// the child itself unless it was reaped: its pid may then be another process's.
    public func kill() {
        termination.withLock { ended in
            if group { _ = Glibc.kill(-pid, SIGKILL) }
            if ended == nil { _ = Glibc.kill(pid, SIGKILL) }
        }
    }

    /// Ends its stdin (once): a program reading to the end of its input goes on.
    public func closeInput() {
        closed.withLock { closed in
            if !closed.input { close(input) }
            closed.input = true
        }
    }

    /// Closes our end of its stdout (once): a program still writing gets EPIPE.
    public func closeOutput() {
        closed.withLock { closed in
            if let output, !closed.output { close(output) }
            closed.output = true
        }
    }

    /// Waits for the exit without reaping (WNOWAIT), then reaps under the lock `kill()`
    /// takes: no signal can reach a pid once it is free for reuse.
    private func reap() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        termination.withLock { ended in
            var status: Int32 = 0
            var rc: pid_t
            repeat { rc = waitpid(pid, &status, 0) } while rc < 0 && errno == EINTR
            let signal = status & 0x7f
            ended = rc < 0 ? .unknown : signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        }
        exited.signal()
    }
}

public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ path: String, _ code: Int32) {
        description = "cannot start \(path): \(String(cString: strerror(code)))"
    }
}
