import FoundationEssentials
import Glibc
import Synchronization
import Wire

public enum LogLevel: Int, Sendable, Comparable {
    case debug, info, warning, error
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
    var name: String { ["debug", "info", "warning", "error"][rawValue] }
    public init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warning", "warn": self = .warning
        case "error": self = .error
        default: return nil
        }
    }
}

/// One JSON object per line on stderr: time, level, service, event and fields.
/// Fields are chosen by the caller from known, non-secret facts; request bodies
/// are never logged, so passwords, codes and tokens cannot reach a log line.
public struct Logger: Sendable {
    public let service: String
    public let minimum: LogLevel
    private let sink: LogSink

    public init(service: String, minimum: LogLevel = .info, sink: LogSink = .standardError) {
        self.service = service
        self.minimum = minimum
        self.sink = sink
    }

    public func debug(_ event: String, _ fields: [String: JSONValue] = [:]) { log(.debug, event, fields) }
    public func info(_ event: String, _ fields: [String: JSONValue] = [:]) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: [String: JSONValue] = [:]) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: [String: JSONValue] = [:]) { log(.error, event, fields) }

    public func log(_ level: LogLevel, _ event: String, _ fields: [String: JSONValue]) {
        guard level >= minimum else { return }
        var object = fields
        object["time"] = .string(Date().rfc3339Millis)
        object["level"] = .string(level.name)
        object["service"] = .string(service)
        object["event"] = .string(event)
        guard var line = try? JSONCoding.encode(JSONValue.object(object)) else { return }
        line.append(0x0A)
        sink.write(line)
    }
}

/// Where log lines go: stderr in services, a buffer in tests that search the log.
public final class LogSink: Sendable {
    /// Lines kept in memory (tests), or nil when they go to `fd`; the lock also keeps
    /// lines written at once from interleaving.
    private let buffer: Mutex<Data?>
    private let fd: Int32

    public static let standardError = LogSink(fd: 2)

    init(fd: Int32, buffer: Data? = nil) {
        self.fd = fd
        self.buffer = Mutex(buffer)
    }

    /// A sink that keeps every line in memory.
    public static func memory() -> LogSink { LogSink(fd: -1, buffer: Data()) }

    func write(_ data: Data) {
        buffer.withLock { buffer in
            if buffer != nil {
                buffer!.append(data)
            } else {
                writeAll(data)
            }
        }
    }

    private func writeAll(_ data: Data) {
        data.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { break }
                off += n
            }
        }
    }

    public var captured: String {
        String(decoding: buffer.withLock { $0 } ?? Data(), as: UTF8.self)
    }
}
