import Runtime

#if canImport(FoundationEssentials)
    import FoundationEssentials
    import Glibc
#else
    import Foundation
#endif

/// Thin, honest wrappers over the POSIX calls for Unix stream sockets.
public enum UnixSocket {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let call: String
        public let errno: Int32
        public let path: String?

        package init(call: String, errno: Int32, path: String?) {
            self.call = call
            self.errno = errno
            self.path = path
        }
        public var description: String {
            "\(call) failed: \(String(cString: strerror(errno)))" + (path.map { " (\($0))" } ?? "")
        }
    }

    package static func address(_ path: String) throws -> sockaddr_un {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else {
            throw Failure(call: "socket path too long (max \(capacity - 1) bytes)", errno: ENAMETOOLONG, path: path)
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return addr
    }

    package static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws -> T {
        var addr = try address(path)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    /// Opens a connected client socket, or throws.
    public static func connect(_ path: String, timeout: TimeInterval) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", errno: errno, path: path) }
        let rc = try withAddress(path) { Glibc.connect(fd, $0, $1) }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw Failure(call: "connect", errno: e, path: path)
        }
        setTimeouts(fd, receive: timeout, send: timeout)
        return fd
    }

    package static func setTimeouts(_ fd: Int32, receive: TimeInterval, send: TimeInterval) {
        func tv(_ t: TimeInterval) -> timeval {
            timeval(tv_sec: Int(t), tv_usec: Int((t - Double(Int(t))) * 1_000_000))
        }
        var r = tv(receive)
        var s = tv(send)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &r, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &s, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `data`; false if the peer went away or timed out.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            guard var p = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let n = send(fd, p, left, Int32(MSG_NOSIGNAL))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                p += n
                left -= n
            }
            return true
        }
    }
}

/// The socket peer's process credentials (SO_PEERCRED). Glibc's Swift module
/// hides `struct ucred`, so this struct repeats its layout: pid, uid, gid.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    public static func of(socket fd: Int32) -> PeerCredentials? {
        var cred = PeerCredentials(pid: 0, uid: UInt32.max, gid: UInt32.max)
        var len = socklen_t(MemoryLayout<PeerCredentials>.size)
        let rc = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)
        return rc == 0 ? cred : nil
    }
}

/// Reads `\n`-terminated lines from a socket, refusing any line over `limit` bytes.
/// Keeps one receive buffer for the connection's life (no allocation per request).
package struct LineReader {
    package enum Next {
        case line(Data)
        case tooLong, closed, tooSlow
    }

    private var buffer = [UInt8]()
    private var start = 0
    private var scanned = 0
    private var chunk = [UInt8](repeating: 0, count: 16384)
    package let limit: Int
    /// Server side: a connection with no line begun may stay silent `idle` seconds;
    /// once a line has begun, the whole line must arrive within `line` seconds, so a
    /// byte now and then cannot hold a connection (issue 18, item 12). Nil: the
    /// socket's own receive timeout alone (clients).
    let deadlines: (idle: TimeInterval, line: TimeInterval)?
    /// When the first byte of the line being read arrived (monotonic seconds).
    private var lineBegan: Double?

    package init(limit: Int, deadlines: (idle: TimeInterval, line: TimeInterval)? = nil) {
        self.limit = limit
        self.deadlines = deadlines
    }

    package mutating func next(from fd: Int32) -> Next {
        while true {
            if let i = buffer[(start + scanned)...].firstIndex(of: 0x0A) {
                let length = i - start
                let line = Data(buffer[start..<i])
                start = i + 1
                scanned = 0
                if start == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    start = 0
                }
                lineBegan = start < buffer.count ? monotonicSeconds() : nil
                if length > limit { return .tooLong }
                return .line(line)
            }
            scanned = buffer.count - start
            if scanned > limit { return .tooLong }
            // Drop consumed bytes before growing, so a long-lived connection stays small.
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            // Between lines the socket's receive timeout (the idle timeout) does the
            // waiting, at no extra system call; only a line already begun is waited for
            // with poll, against its deadline.
            if let deadlines, let began = lineBegan {
                let wait = began + deadlines.line - monotonicSeconds()
                if wait <= 0 { return .tooSlow }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let rc = poll(&pfd, 1, Int32(min(wait * 1000, 86_400_000).rounded(.up)))
                if rc < 0 && errno == EINTR { continue }
                if rc == 0 { return .tooSlow }
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .closed }
            if buffer.isEmpty { lineBegan = monotonicSeconds() }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}

extension UnixSocket {
    /// Binds `fd` to `path` (tests use it to leave a stale socket file behind).
    public static func bindForTest(_ fd: Int32, path: String) throws {
        let rc = try withAddress(path) { bind(fd, $0, $1) }
        guard rc == 0 else { throw Failure(call: "bind", errno: errno, path: path) }
    }
}
