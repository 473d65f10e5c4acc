import CMicroHTTPD
import Foundation
import Runtime
import Synchronization

/// GNU libmicrohttpd serving the portal: a bounded pool of threads polling the
/// listening socket, keep-alive, bodies collected here (never the library's form
/// parser) up to `maxBody`, one synchronous handler per request.
public final class HTTPServer: Service, Sendable {
    public struct Options: Sendable {
        public var threads: Int = 8
        public var maxBody: Int = 64 << 10
        public var connectionTimeout: Int = 30
        public var maxConnections: Int = 1024
        public init() {}
    }

    public let name = "http"
    private let listenFD: Int32
    private let options: Options
    private let handler: Handler
    private let daemon = Mutex<UInt>(0)
    private let stopped = DispatchSemaphore(value: 0)
    /// A Unix socket's path, removed when the server stops.
    private let socketPath: String?

    /// `listenFD` is a bound, listening socket (TCP or Unix); the server owns it.
    public init(
        listenFD: Int32, socketPath: String? = nil, options: Options = Options(),
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.listenFD = listenFD
        self.socketPath = socketPath
        self.options = options
        self.handler = Handler(handle: handler, maxBody: options.maxBody)
    }

    public func start() throws {
        let cls = Unmanaged.passUnretained(handler).toOpaque()
        let completed: MHD_RequestCompletedCallback = { _, _, conCls, _ in
            guard let conCls, let raw = conCls.pointee else { return }
            Unmanaged<PendingRequest>.fromOpaque(raw).release()
            conCls.pointee = nil
        }
        var items: [MHD_OptionItem] = [
            MHD_OptionItem(option: .LISTEN_SOCKET, value: Int(listenFD), ptr_value: nil),
            MHD_OptionItem(option: .THREAD_POOL_SIZE, value: options.threads, ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_TIMEOUT, value: options.connectionTimeout, ptr_value: nil),
            MHD_OptionItem(option: .CONNECTION_LIMIT, value: options.maxConnections, ptr_value: nil),
            MHD_OptionItem(option: .NOTIFY_COMPLETED, value: unsafeBitCast(completed, to: Int.self), ptr_value: nil),
            MHD_OptionItem(option: .END, value: 0, ptr_value: nil),
        ]
        let flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_AUTO.rawValue | MHD_USE_ERROR_LOG.rawValue
        let d = items.withUnsafeMutableBufferPointer { buf in
            portal_mhd_start(UInt32(flags), accessHandler, cls, buf.baseAddress)
        }
        guard let d else { throw ConfigError("PORTAL_LISTEN", "libmicrohttpd could not start on the socket") }
        daemon.withLock { $0 = UInt(bitPattern: Int(bitPattern: UnsafeMutableRawPointer(d))) }
    }

    public func run() throws {
        if daemon.withLock({ $0 }) == 0 { try start() }
        stopped.wait()
    }

    public func shutdown() {
        let d = daemon.withLock { d -> UInt in
            let old = d
            d = 0
            return old
        }
        // MHD_stop_daemon closes the listening socket it was given: closing it again
        // could close a descriptor another thread has been handed since.
        if d != 0, let p = OpaquePointer(bitPattern: d) { MHD_stop_daemon(p) } else { close(listenFD) }
        if let socketPath { unlink(socketPath) }
        stopped.signal()
    }
}

/// What the C callbacks reach through `cls`.
final class Handler: Sendable {
    let handle: @Sendable (HTTPRequest) -> HTTPResponse
    let maxBody: Int
    init(handle: @escaping @Sendable (HTTPRequest) -> HTTPResponse, maxBody: Int) {
        self.handle = handle
        self.maxBody = maxBody
    }
}

/// The body of one request while it arrives; lives in the connection's `con_cls`
/// from the first call to the completion callback, touched by one thread at a time.
final class PendingRequest {
    var body: [UInt8] = []
    var tooLarge = false
}

private let accessHandler: MHD_AccessHandlerCallback = {
    cls, connection, url, method, _, uploadData, uploadSize, conCls in
    guard let cls, let connection, let conCls, let uploadSize else { return MHD_Result.NO }
    let handler = Unmanaged<Handler>.fromOpaque(cls).takeUnretainedValue()
    guard let raw = conCls.pointee else {
        // First call: headers only. Refuse a declared body that is too big at once.
        let pending = PendingRequest()
        if let length = MHD_lookup_connection_value(connection, MHD_ValueKind.HEADER_KIND, "Content-Length"),
            let n = Int(String(cString: length)), n > handler.maxBody
        {
            pending.tooLarge = true
        }
        conCls.pointee = Unmanaged.passRetained(pending).toOpaque()
        return MHD_Result.YES
    }
    let pending = Unmanaged<PendingRequest>.fromOpaque(raw).takeUnretainedValue()
    if uploadSize.pointee > 0 {
        let n = uploadSize.pointee
        if !pending.tooLarge, let uploadData {
            if pending.body.count + n > handler.maxBody {
                pending.tooLarge = true
                pending.body = []
            } else {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: n) {
                    pending.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
                }
            }
        }
        uploadSize.pointee = 0
        return MHD_Result.YES
    }
    let request = HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        path: url.map { String(cString: $0) } ?? "/",
        query: ConnectionValues.collect(connection, MHD_ValueKind.GET_ARGUMENT_KIND),
        headers: ConnectionValues.headers(connection), body: pending.body,
        peer: ConnectionValues.peer(connection))
    let response = pending.tooLarge ? ErrorPages.tooLarge(request) : handler.handle(request)
    return ConnectionValues.queue(response, on: connection)
}

enum ConnectionValues {
    final class Collected { var pairs: [(String, String)] = [] }

    static func collect(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(String, String)] {
        let box = Collected()
        let iterator: MHD_KeyValueIterator = { cls, _, key, value in
            guard let cls, let key else { return MHD_Result.YES }
            let box = Unmanaged<Collected>.fromOpaque(cls).takeUnretainedValue()
            // Bad UTF-8 becomes U+FFFD, which the forms then refuse as not valid.
            let k = String(decoding: UnsafeRawBufferPointer(start: key, count: strlen(key)), as: UTF8.self)
            let v =
                value.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) }
                ?? ""
            box.pairs.append((k, v))
            return MHD_Result.YES
        }
        withExtendedLifetime(box) {
            _ = MHD_get_connection_values(connection, kind, iterator, Unmanaged.passUnretained(box).toOpaque())
        }
        return box.pairs
    }

    static func headers(_ connection: OpaquePointer) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in collect(connection, MHD_ValueKind.HEADER_KIND) {
            let key = k.lowercased()
            if let old = out[key] { out[key] = old + (key == "cookie" ? "; " : ", ") + v } else { out[key] = v }
        }
        return out
    }

    static func peer(_ connection: OpaquePointer) -> String {
        guard let addr = portal_mhd_client_address(connection) else { return "unknown" }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        switch Int32(addr.pointee.sa_family) {
        case AF_INET:
            let len = socklen_t(MemoryLayout<sockaddr_in>.size)
            if getnameinfo(addr, len, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 { return text(host) }
        case AF_INET6:
            let len = socklen_t(MemoryLayout<sockaddr_in6>.size)
            if getnameinfo(addr, len, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 { return text(host) }
        case AF_UNIX: return "unix"
        default: break
        }
        return "unknown"
    }

    private static func text(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
        let r = response.body.withUnsafeBytes { buf in
            MHD_create_response_from_buffer(
                buf.count, UnsafeMutableRawPointer(mutating: buf.baseAddress),
                MHD_ResponseMemoryMode.RESPMEM_MUST_COPY)
        }
        guard let r else { return MHD_Result.NO }
        defer { MHD_destroy_response(r) }
        for (name, value) in response.headers {
            _ = MHD_add_response_header(r, name, value)
        }
        return MHD_queue_response(connection, UInt32(response.status), r)
    }
}
