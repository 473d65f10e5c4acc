import Foundation
import Sockets
import Synchronization

/// A raw client connection for tests that must send what no well-behaved client
/// would: arbitrary bytes, half lines, pipelined requests. Reads reply lines.
final class LineSocket: Sendable {
    let fd: Int32
    /// What was received but not yet returned; held while a read waits on the socket
    /// (reads come from one thread, writes need no state).
    private struct Received {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
    }
    private let received = Mutex(Received())
    private let closed = Atomic<Bool>(false)

    init(_ path: String, timeout: TimeInterval = 30) throws {
        fd = try UnixSocket.connect(path, timeout: timeout)
    }

    deinit { if !closed.load(ordering: .acquiring) { Glibc.close(fd) } }

    @discardableResult
    func write(_ data: Data) -> Bool { UnixSocket.writeAll(fd, data) }

    /// The next reply line (without `\n`), or nil if the server closed or the read timed out.
    func readLine() -> Data? {
        received.withLock { r in
            var scanned = 0
            while true {
                if let i = r.buffer[scanned...].firstIndex(of: 0x0A) {
                    let line = Data(r.buffer[..<i])
                    r.buffer.removeFirst(i + 1)
                    return line
                }
                scanned = r.buffer.count
                let n = r.chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return nil }
                r.buffer.append(contentsOf: r.chunk[0..<n])
            }
        }
    }

    /// True if the server closed the connection within the receive timeout: EOF, or a
    /// reset when it closed with our unread bytes still queued.
    func readsEOF() -> Bool {
        received.withLock { r in
            guard r.buffer.isEmpty else { return false }
            let n = r.chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            return n == 0 || (n < 0 && errno == ECONNRESET)
        }
    }

    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Glibc.close(fd)
    }
}
