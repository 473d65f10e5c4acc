import Contracts
import Foundation
import Runtime
import Wire
import XCTest

@testable import Runtime

/// Log timestamps are formatted by hand for speed: the text must stay what
/// ISO8601DateFormatter wrote.
final class LogTimestampTests: XCTestCase {
    func testSameTextAsISO8601DateFormatter() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for t in [0, 1_795_000_000.123, 1_795_000_000.9996, 951_782_400.5, 4_102_444_799.999, 1_700_000_000] as [Double]
        {
            let d = Date(timeIntervalSince1970: t)
            XCTAssertEqual(d.rfc3339Millis.prefix(20), f.string(from: d).prefix(20), "\(t)")
            XCTAssertEqual(d.rfc3339Millis.count, 24)
        }
        XCTAssertEqual(Date(timeIntervalSince1970: 1_795_000_000.123).rfc3339Millis, "2026-11-18T11:06:40.123Z")
    }

    func testLogLinesCarryIt() throws {
        let sink = LogSink.memory()
        Logger(service: "t", sink: sink).info("x")
        let line = try JSONDecoder().decode([String: String].self, from: Data(sink.captured.utf8))
        let parsed = try XCTUnwrap(Date(rfc3339: try XCTUnwrap(line["time"])))
        XCTAssertLessThan(abs(parsed.timeIntervalSinceNow), 5)
    }
}
