import Dispatch
import FoundationEssentials
import Glibc
import Runtime
import Sockets
import Synchronization
import Wire

/// Serves one Unix stream socket: one JSON request per line, replies in request
/// order on each connection, each connection on its own thread so that a slow or
/// silent client never holds up the others.
public final class SocketServer: Service, Sendable {
    public let name = "socket-server"
    public static let lineLimit = 1 << 20

    private let path: String
    private let responder: Responder
    private let logger: Logger
    private let maxConnections: Int
    /// What the accept loop and the connections' threads share.
    private struct State {
        var connections: Set<Int32> = []
        /// Open connections per peer uid, so one peer cannot take every slot.
        var perUID: [UInt32: Int] = [:]
        var burst = MemoryAfterBurst()
        var stopping = false
    }
    private let state = Mutex(State())
    private let maxPerUID: Int
    /// Once a line has begun, all of it must arrive within this (see `LineReader`).
    private let lineTimeout: TimeInterval
    /// Requests being handled, and whether new ones may start: atomics rather than
    /// locks, since every request of every connection passes here (with 32 busy
    /// connections, two shared locks per request were contended).
    private let inFlight = Atomic<Int>(0)
    private let closing = Atomic<Bool>(false)
    private let ready = DispatchSemaphore(value: 0)

    /// A connection silent this long is closed, so idle clients cannot hold every
    /// slot of `maxConnections` (peers' pools reconnect transparently).
    private let idleTimeout: TimeInterval

    /// `maxPerUID` nil: half of `maxConnections`.
    public init(
        path: String, responder: Responder, logger: Logger, maxConnections: Int = 4096,
        idleTimeout: TimeInterval = 300, maxPerUID: Int? = nil, lineTimeout: TimeInterval = 10
    ) {
        self.path = path
        self.responder = responder
        self.logger = logger
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.maxPerUID = maxPerUID ?? max(1, maxConnections / 2)
        self.lineTimeout = lineTimeout
    }

    /// Blocks until the socket is listening (or binding failed). For tests and
    /// in-process fakes.
    public func waitUntilListening(timeout: TimeInterval = 5) -> Bool {
        ready.wait(timeout: .now() + timeout) == .success
    }

    public func run() throws {
        let fd: Int32
        let inode: ino_t
        do {
            (fd, inode) = try bindAtomically()
        } catch {
            ready.signal()
            throw error
        }
        let stop = state.withLock { $0.stopping }
        ready.signal()
        logger.info("listening", ["socket": .string(path)])
        if stop {
            close(fd)
            return
        }
        acceptLoop(fd, socketInode: inode)
        drain()
    }

    /// Binds under a temporary name, sets mode 0660, listens, then renames over the
    /// final path: clients never see a half-made socket and a stale file left by a
    /// crash is simply replaced. A live server at the path is never replaced.
    /// Returns the listening socket and the inode of the socket file.
    private func bindAtomically() throws -> (Int32, ino_t) {
        let dir = PathParts(path).directory
        try FileManager.default.createDirectory(
            atPath: dir.isEmpty ? "." : dir,
            withIntermediateDirectories: true)
        if let probe = try? UnixSocket.connect(path, timeout: 1) {
            close(probe)
            throw UnixSocket.Failure(call: "bind: another server is already listening", errno: EADDRINUSE, path: path)
        }
        let temp = "\(dir.isEmpty ? "." : dir)/.\(PathParts(path).name).\(getpid())"
        unlink(temp)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw UnixSocket.Failure(call: "socket", errno: errno, path: path) }
        func fail(_ call: String) -> UnixSocket.Failure {
            let e = errno
            close(fd)
            unlink(temp)
            return UnixSocket.Failure(call: call, errno: e, path: path)
        }
        guard try UnixSocket.withAddress(temp, { bind(fd, $0, $1) }) == 0 else { throw fail("bind") }
        guard chmod(temp, 0o660) == 0 else { throw fail("chmod") }
        guard listen(fd, 512) == 0 else { throw fail("listen") }
        guard rename(temp, path) == 0 else { throw fail("rename") }
        var st = stat()
        return (fd, stat(path, &st) == 0 ? st.st_ino : 0)
    }

    private func acceptLoop(_ fd: Int32, socketInode: ino_t) {
        while true {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let rc = poll(&pfd, 1, 200)
            if state.withLock({ $0.stopping }) { break }
            if rc <= 0 { continue }
            let client = accept(fd, nil, nil)
            if client < 0 { continue }
            let peer = PeerCredentials.of(socket: client) ?? PeerCredentials(pid: 0, uid: UInt32.max, gid: UInt32.max)
            let (full, peerFull) = state.withLock { state in
                let full = state.connections.count >= maxConnections
                let peerFull = state.perUID[peer.uid, default: 0] >= maxPerUID
                if !full && !peerFull {
                    state.connections.insert(client)
                    state.perUID[peer.uid, default: 0] += 1
                    state.burst.connectionOpened(open: state.connections.count)
                }
                return (full, peerFull)
            }
            if full || peerFull {
                logger.warning(
                    "connection.refused",
                    [
                        "reason": .string(full ? "too many connections" : "too many connections from this uid"),
                        "uid": .number(Double(peer.uid)),
                    ])
                close(client)
                continue
            }
            do {
                try startThread(name: "client", stackSize: 1 << 20) { [self] in serve(client, peer: peer) }
            } catch {
                // No thread for this client (a pids limit, memory): it alone is refused.
                logger.error("connection.refused", ["reason": .string(String(describing: error))])
                forget(client, peer: peer)
            }
        }
        close(fd)
        // Remove the socket file only if it is still ours (a new server may own the path).
        var st = stat()
        if stat(path, &st) == 0, st.st_ino == socketInode { unlink(path) }
    }

    /// A client's connection ends: its count goes, the socket closes.
    private func forget(_ fd: Int32, peer: PeerCredentials) {
        let trim = state.withLock { state in
            state.connections.remove(fd)
            if let n = state.perUID[peer.uid] { state.perUID[peer.uid] = n > 1 ? n - 1 : nil }
            return state.burst.connectionClosed(open: state.connections.count)
        }
        close(fd)
        if trim { MemoryAfterBurst.giveBack() }
    }

    private func serve(_ fd: Int32, peer: PeerCredentials) {
        defer { forget(fd, peer: peer) }
        // A client that stops reading its replies, stays silent, or sends a line a
        // byte at a time, must not hold a thread for ever.
        UnixSocket.setTimeouts(fd, receive: idleTimeout, send: 30)
        var reader = LineReader(limit: Self.lineLimit, deadlines: (idleTimeout, lineTimeout))
        while true {
            switch reader.next(from: fd) {
            case .closed:
                return
            case .tooSlow:
                logger.info(
                    "request",
                    [
                        "ok": false, "code": "bad_request", "reason": "line not complete in time",
                        "uid": .number(Double(peer.uid)),
                    ])
                return
            case .tooLong:
                let reply = responder.reply(
                    id: nil, error: ServiceError(.badRequest, messageKey: .badRequestTooLong),
                    lang: .en)
                logger.info("request", ["ok": false, "code": "bad_request", "reason": "line over 1 MiB"])
                UnixSocket.writeAll(fd, reply + Data([0x0A]))
                return
            case .line(let line):
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                guard begin() else { return }
                let reply = responder.handle(line: line, peer: peer, newline: true)
                let sent = UnixSocket.writeAll(fd, reply)
                end()
                if !sent { return }
            }
        }
    }

    /// Counts the request in, unless the server is closing. Counting first, then
    /// checking: `drain` sets `closing` before it reads the count, so a request
    /// either is counted before that read (and waited for) or sees `closing`.
    private func begin() -> Bool {
        inFlight.add(1, ordering: .sequentiallyConsistent)
        if closing.load(ordering: .sequentiallyConsistent) {
            inFlight.subtract(1, ordering: .sequentiallyConsistent)
            return false
        }
        return true
    }

    private func end() {
        inFlight.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// After accepting stops: wake every idle reader, let requests in flight finish
    /// (for up to 4 s).
    private func drain() {
        closing.store(true, ordering: .sequentiallyConsistent)
        let open = state.withLock { $0.connections }
        for fd in open { Glibc.shutdown(fd, Int32(SHUT_RD)) }
        let deadline = monotonicSeconds() + 4
        while inFlight.load(ordering: .sequentiallyConsistent) > 0 && monotonicSeconds() < deadline { usleep(1000) }
        logger.info("stopped", [:])
    }

    public func shutdown() {
        state.withLock { $0.stopping = true }
        closing.store(true, ordering: .sequentiallyConsistent)
    }
}
