import Foundation
import Sockets

/// A raw client connection for tests that must send what no well-behaved client
/// would: arbitrary bytes, half lines, pipelined requests. Reads reply lines.
final class LineSocket: @unchecked Sendable {
    let fd: Int32
    private var buffer = [UInt8]()
    private var chunk = [UInt8](repeating: 0, count: 65536)
    private var closed = false

    init(_ path: String, timeout: TimeInterval = 30) throws {
        fd = try UnixSocket.connect(path, timeout: timeout)
    }

    deinit { if !closed { Glibc.close(fd) } }

    @discardableResult
    func write(_ data: Data) -> Bool { UnixSocket.writeAll(fd, data) }

    /// The next reply line (without `\n`), or nil if the server closed or the read timed out.
    func readLine() -> Data? {
        var scanned = 0
        while true {
            if let i = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Data(buffer[..<i])
                buffer.removeFirst(i + 1)
                return line
            }
            scanned = buffer.count
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// True if the server closed the connection within the receive timeout: EOF, or a
    /// reset when it closed with our unread bytes still queued.
    func readsEOF() -> Bool {
        guard buffer.isEmpty else { return false }
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }
}
