import CPosix
import Glibc

/// Starts `body` on a new detached thread: the long-running parts that block
/// (accept loops, a client's line reader, workers). POSIX threads directly, so a
/// service needs no more of Foundation than FoundationEssentials.
/// - Parameter name: shown by `top -H`, `ps -L` and gdb (the kernel keeps 15 bytes).
/// - Parameter stackSize: bytes, or nil for the system's default (8 MiB).
/// - Throws: `ThreadStartError` when the system refuses a thread (a pids limit, memory).
public func startThread(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) throws {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    if let stackSize, pthread_attr_setstacksize(&attributes, stackSize) != 0 {
        throw ThreadStartError(name: name, code: EINVAL)
    }
    let start = Unmanaged.passRetained(ThreadStart(name: name, body: body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(
        &thread, &attributes,
        { raw in
            let start = Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue()
            start.nameThisThread()
            start.body()
            return nil
        }, start)
    guard rc == 0 else {
        Unmanaged<ThreadStart>.fromOpaque(start).release()
        throw ThreadStartError(name: name, code: rc)
    }
}

public struct ThreadStartError: Error, CustomStringConvertible, Sendable {
    public let name: String
    public let code: Int32
    public var description: String { "cannot start the thread \(name): \(String(cString: strerror(code)))" }
}

private final class ThreadStart: Sendable {
    let name: String
    let body: @Sendable () -> Void
    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }

    func nameThisThread() { _ = cposix_name_this_thread(name) }
}
