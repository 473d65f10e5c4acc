import FoundationEssentials
import Glibc
import Wire

/// The time source, injectable so that lockouts, expiries and backoff are tested
/// without waiting.
public protocol Clock: Sendable {
    func now() -> Date
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Tests only: the time is read from a file holding an RFC 3339 time or epoch
/// seconds, so integration tests against a real executable can jump 15 minutes
/// (a lockout, an end date) without waiting. An unreadable file reads as the system
/// time. Never set in production: start-up logs a warning when it is.
public struct FileClock: Clock {
    public let path: String
    public init(path: String) { self.path = path }

    public func now() -> Date {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return Date() }
        let t = text.trimmed(.spacesAndNewlines)
        if let seconds = Double(t) { return Date(timeIntervalSince1970: seconds) }
        return Date(rfc3339: t) ?? Date()
    }

    /// Whether this build reads a test clock file at all: debug builds only (the
    /// tests run them), so a stray variable cannot stop codes expiring in production.
    #if DEBUG
        public static let compiledIn = true
    #else
        public static let compiledIn = false
    #endif

    /// The system clock, or (debug builds only) a FileClock when the test-only
    /// `variable` names a file. A release build ignores the variable and says so.
    public static func configured(_ env: Environment, variable: String, logger: Logger) -> Clock {
        guard let file = env.optionalString(variable) else { return SystemClock() }
        guard compiledIn else {
            logger.error(
                "test_clock_ignored",
                [
                    "variable": .string(variable),
                    "note": .string("a release build always uses the system clock"),
                ])
            return SystemClock()
        }
        logger.warning("test_clock", ["file": .string(file), "note": .string("\(variable) is for tests only")])
        return FileClock(path: file)
    }
}

extension Date {
    /// RFC 3339 UTC, seconds precision: the wire format of every time.
    /// Formatted by hand, like `rfc3339Millis`: an ISO8601DateFormatter per call
    /// (ICU underneath) was the largest cost of a login after the password hash.
    public var rfc3339: String {
        // Milliseconds first, then the second they fall in: as Foundation's formatter does.
        var seconds = time_t(floor((timeIntervalSince1970 * 1000).rounded() / 1000))
        return Self.utc(&seconds) + "Z"
    }

    /// RFC 3339 UTC with milliseconds, for log lines. Formatted by hand: building an
    /// ISO8601DateFormatter per line was a quarter of the notifier's CPU at info level.
    var rfc3339Millis: String {
        let total = Int64((timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(total >= 0 ? total / 1000 : (total - 999) / 1000)
        let millis = Int(total - Int64(seconds) * 1000)
        return Self.utc(&seconds) + "." + Self.pad(millis, 3) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC.
    private static func utc(_ seconds: inout time_t) -> String {
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
    }

    private static func pad(_ v: Int, _ width: Int) -> String { zeroPadded(v, width) }

    public init?(rfc3339 text: String) {
        // A 60th second (which ISO8601DateFormatter refused) is refused too.
        guard !text.utf8.dropFirst(17).starts(with: "60".utf8) else { return nil }
        let whole = try? Date.ISO8601FormatStyle().parse(text)
        guard let d = whole ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) else {
            return nil
        }
        self = d
    }
}

/// `n` in decimal, zero-padded to `width` digits.
public func zeroPadded(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Monotonic seconds, for durations and uptime (not affected by clock changes).
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
