import Foundation
import Sockets
import Synchronization
import Wire

/// The baseline: a bare Unix-socket line echo with the same threading model as
/// SocketServer (a thread per connection) but no JSON, no routing, no logging.
final class EchoServer: Sendable {
    let path: String
    private let fd = Atomic<Int32>(-1)

    init(path: String) { self.path = path }

    func start() throws {
        unlink(path)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        fd.store(listener, ordering: .releasing)
        try UnixSocket.bindForTest(listener, path: path)
        listen(listener, 128)
        Thread {
            while true {
                let c = accept(listener, nil, nil)
                if c < 0 { return }
                Thread {
                    var buf = [UInt8](repeating: 0, count: 65536)
                    while true {
                        let n = recv(c, &buf, buf.count, 0)
                        if n <= 0 {
                            close(c)
                            return
                        }
                        _ = buf.withUnsafeBytes { send(c, $0.baseAddress, n, Int32(MSG_NOSIGNAL)) }
                    }
                }.start()
            }
        }.start()
    }

    func stop() {
        let listener = fd.load(ordering: .acquiring)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(path)
    }
}

/// A client connection that sends a line and reads one line back (for the echo baseline).
final class LineConnection: Sendable {
    let fd: Int32
    /// Uncontended: one thread uses a connection.
    private let buf = Mutex([UInt8](repeating: 0, count: 65536))
    init(path: String) throws { fd = try UnixSocket.connect(path, timeout: 10) }
    deinit { close(fd) }
    func roundTrip(_ line: Data) throws {
        UnixSocket.writeAll(fd, line)
        try buf.withLock { buf in
            while true {
                let n = recv(fd, &buf, buf.count, 0)
                if n <= 0 { throw ServiceError(.unavailable) }
                if buf[n - 1] == 0x0A { return }
            }
        }
    }
}
