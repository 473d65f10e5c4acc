import Foundation
import Runtime

/// Opens the listening socket the HTTP server is given: TCP (IPv4 or IPv6) or
/// a Unix socket for nginx (replaced atomically if a stale one is left over).
public enum Listener {
    public static func open(_ listen: PortalConfig.Listen) throws -> Int32 {
        switch listen {
        case .tcp(let host, let port): return try tcp(host, port)
        case .unix(let path): return try unix(path)
        }
    }

    static func tcp(_ host: String, _ port: UInt16) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &res) == 0, let ai = res else {
            throw ConfigError("PORTAL_LISTEN", "'\(host)' is not a numeric IP address")
        }
        defer { freeaddrinfo(res) }
        let fd = socket(ai.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConfigError("PORTAL_LISTEN", "socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0, listen(fd, 512) == 0 else {
            let e = String(cString: strerror(errno))
            close(fd)
            throw ConfigError("PORTAL_LISTEN", "cannot listen on \(host):\(port): \(e)")
        }
        return fd
    }

    static func unix(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConfigError("PORTAL_LISTEN", "socket: \(String(cString: strerror(errno)))") }
        let temp = path + ".\(getpid()).tmp"
        unlink(temp)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in
            let bytes = Array(temp.utf8.prefix(buf.count - 1))
            buf.copyBytes(from: bytes)
            buf[bytes.count] = 0
        }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        // Group-writable: nginx reaches it through the sockets group.
        guard ok == 0, chmod(temp, 0o660) == 0, rename(temp, path) == 0, listen(fd, 512) == 0 else {
            let e = String(cString: strerror(errno))
            close(fd)
            unlink(temp)
            throw ConfigError("PORTAL_LISTEN", "cannot listen on unix:\(path): \(e)")
        }
        return fd
    }
}
