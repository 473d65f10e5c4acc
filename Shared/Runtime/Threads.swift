import Glibc

/// Starts `body` on a new detached thread: the long-running parts that block
/// (accept loops, a client's line reader, workers). POSIX threads directly, so a
/// service needs no more of Foundation than FoundationEssentials.
/// - Parameter stackSize: bytes, or nil for the system's default (8 MiB).
public func startThread(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
    let start = Unmanaged.passRetained(ThreadStart(name: name, body: body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(
        &thread, &attributes,
        { raw in
            let start = Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue()
            start.body()
            return nil
        }, start)
    if rc != 0 {
        Unmanaged<ThreadStart>.fromOpaque(start).release()
        fatalError("pthread_create: \(String(cString: strerror(rc)))")
    }
}

private final class ThreadStart: Sendable {
    let name: String
    let body: @Sendable () -> Void
    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
