import CPosix
import Glibc

/// One posix_spawn call: the standard descriptors as asked, every other one closed in
/// the child (closefrom: a child must not hold a service's sockets or another child's
/// pipe), optionally in a process group of its own.
struct SpawnRequest {
    let path: String
    let arguments: [String]
    let stdin: Int32
    let stdout: ChildProcess.Output
    let stdoutPipe: Int32
    let stderr: ChildProcess.Output
    let ownProcessGroup: Bool

    /// The child, or the error number.
    func spawn() -> (pid: pid_t?, error: Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        redirect(&actions, stdout, fd: 1, pipe: stdoutPipe)
        redirect(&actions, stderr, fd: 2, pipe: -1)
        cposix_spawn_add_closefrom(&actions, 3)
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
        return rc == 0 ? (child, 0) : (nil, rc)
    }

    private func redirect(
        _ actions: inout posix_spawn_file_actions_t, _ output: ChildProcess.Output, fd: Int32, pipe: Int32
    ) {
        switch output {
        case .pipe: posix_spawn_file_actions_adddup2(&actions, pipe, fd)
        case .discard: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
        case .inherit: break
        case .descriptor(let own): posix_spawn_file_actions_adddup2(&actions, own, fd)
        }
    }
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

/// Reads up to `count` bytes from `fd`, fewer only at its end (or on an error). The
/// buffer grows as bytes arrive: a count from a peer's header is not an allocation.
public func readUpTo(_ fd: Int32, _ count: Int) -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: min(max(count, 0), 64 * 1024))
    while out.count < count {
        let want = min(chunk.count, count - out.count)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, want) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        out += chunk[..<n]
    }
    return out
}
