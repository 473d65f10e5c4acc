import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

/// A program started with posix_spawn, its stdin a pipe from us and its stdout a pipe
/// to us or discarded; a thread waits for its exit. What the sendmail outbox and the
/// document helper need of Foundation's `Process`, without linking all of Foundation.
public final class ChildProcess: Sendable {
    public enum Output: Sendable {
        case pipe
        case discard
        /// Ours (the child writes where we do).
        case inherit
        /// Appended to this file (created if missing).
        case file(String)
    }

    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    public let pid: pid_t
    private let group: Bool
    /// Our end of its stdin.
    public let input: Int32
    /// Our end of its stdout, when `stdout` was `.pipe`.
    public let output: Int32?
    private let termination = Mutex<Termination?>(nil)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `path` with `arguments`; the error names the program and the reason.
    /// - Parameter ownProcessGroup: the child leads a process group of its own, and `kill()`
    ///   ends the whole group (whatever it started too).
    public init(
        _ path: String, arguments: [String] = [], stdout: Output = .discard, stderr: Output = .discard,
        ownProcessGroup: Bool = false
    ) throws {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard makePipe(&toChild) == 0 else { throw Self.failure(path, errno) }
        if case .pipe = stdout, makePipe(&fromChild) != 0 {
            let e = errno
            close(toChild[0])
            close(toChild[1])
            throw Self.failure(path, e)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        Self.redirect(&actions, stdout, fd: 1, pipe: fromChild[1])
        Self.redirect(&actions, stderr, fd: 2, pipe: -1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if ownProcessGroup {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        close(toChild[0])
        if fromChild[1] >= 0 { close(fromChild[1]) }
        guard rc == 0 else {
            close(toChild[1])
            if fromChild[0] >= 0 { close(fromChild[0]) }
            throw Self.failure(path, rc)
        }
        pid = child
        group = ownProcessGroup
        input = toChild[1]
        output = fromChild[0] >= 0 ? fromChild[0] : nil
        startThread(name: "child-wait") { [self] in reap() }
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

    /// SIGKILL to the child (and its group, if it has its own), unless it was already
    /// reaped: its pid may then be another process's.
    public func kill() {
        termination.withLock { ended in
            guard ended == nil else { return }
            if group { _ = Glibc.kill(-pid, SIGKILL) }
            _ = Glibc.kill(pid, SIGKILL)
        }
    }

    /// Waits for the exit, however long it takes.
    public func waitForExit() {
        if termination.withLock({ $0 }) != nil { return }
        exited.wait()
        exited.signal()
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
    private let closed = Mutex((input: false, output: false))

    private func reap() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        let t: Termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        termination.withLock { $0 = t }
        exited.signal()
    }

    private static func redirect(_ actions: inout posix_spawn_file_actions_t, _ output: Output, fd: Int32, pipe: Int32)
    {
        switch output {
        case .pipe: posix_spawn_file_actions_adddup2(&actions, pipe, fd)
        case .discard: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
        case .inherit: break
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> ChildProcessError {
        ChildProcessError(description: "cannot start \(path): \(String(cString: strerror(code)))")
    }
}

public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Writes all of `bytes` to `fd`; false when the reader went away (EPIPE) or on another error.
public func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) -> Bool {
    let data = Array(bytes)
    var done = 0
    while done < data.count {
        let n = data.withUnsafeBytes { write(fd, $0.baseAddress! + done, data.count - done) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        done += n
    }
    return true
}

/// Reads up to `count` bytes from `fd`, fewer only at its end (or on an error).
public func readUpTo(_ fd: Int32, _ count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
        let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, count - done) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        done += n
    }
    out.removeSubrange(done...)
    return out
}

/// A pipe whose two ends close on exec (so no other child inherits them); 0 or -1.
private func makePipe(_ ends: inout [Int32]) -> Int32 {
    guard pipe(&ends) == 0 else { return -1 }
    for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return 0
}
