import Foundation
import Shared

/// Admin's clock: the system's, or for tests only (`ADMIN_TEST_CLOCK_FILE`) a
/// file holding an RFC 3339 time or epoch seconds, so integration tests can pass
/// a delegation's end date or the step-up window without waiting. Never set it
/// in production (start-up logs a warning).
public struct AdminFileClock: Clock {
    public let path: String
    public init(path: String) { self.path = path }

    public func now() -> Date {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return Date() }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let seconds = Double(t) { return Date(timeIntervalSince1970: seconds) }
        return Date(rfc3339: t) ?? Date()
    }

    static func configured(_ env: Environment, logger: Logger) -> Clock {
        guard let file = env.optionalString("ADMIN_TEST_CLOCK_FILE") else { return SystemClock() }
        logger.warning("test_clock", ["file": .string(file), "note": "ADMIN_TEST_CLOCK_FILE is for tests only"])
        return AdminFileClock(path: file)
    }
}
