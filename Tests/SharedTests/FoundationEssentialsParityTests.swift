import Foundation
import Runtime
import SwissTime
import Wire
import XCTest

/// The services use FoundationEssentials only; these helpers replace what they took from
/// full Foundation, and must answer as Foundation did.
final class FoundationEssentialsParityTests: XCTestCase {
    func testTrimmedTakesOffWhatTrimmingCharactersTakesOff() {
        let blanks = [
            " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{2028}", "\u{3000}",
        ]
        for blank in blanks {
            let text = blank + "a" + blank + "b" + blank
            XCTAssertEqual(text.trimmed(.spaces), text.trimmingCharacters(in: .whitespaces), blank.debugDescription)
            XCTAssertEqual(text.trimmed(.newlines), text.trimmingCharacters(in: .newlines), blank.debugDescription)
            XCTAssertEqual(
                text.trimmed(.spacesAndNewlines), text.trimmingCharacters(in: .whitespacesAndNewlines),
                blank.debugDescription)
        }
        XCTAssertEqual("  \n ".trimmed(.spacesAndNewlines), "")
        // Every scalar, alone between two letters' worth of text: the same set as Foundation's.
        var differing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar)) + "a"
            if text.trimmed(.spaces) != text.trimmingCharacters(in: .whitespaces)
                || text.trimmed(.newlines) != text.trimmingCharacters(in: .newlines)
                || text.trimmed(.spacesAndNewlines) != text.trimmingCharacters(in: .whitespacesAndNewlines)
            {
                differing.append(value)
            }
        }
        XCTAssertEqual(differing, [])
        XCTAssertEqual("".trimmed(.spaces), "")
    }

    func testSwissDatesAreZurichDaysAcrossBothClockChanges() {
        XCTAssertTrue(SwissDate.hasZurichZone)
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Zurich")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        // Either side of midnight in winter (UTC+1) and summer (UTC+2), and the change days.
        let instants = [
            "2026-11-27T22:59:59Z", "2026-11-27T23:00:00Z", "2026-07-01T21:59:59Z", "2026-07-01T22:00:00Z",
            "2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:59Z", "2026-10-25T01:00:00Z",
        ]
        for text in instants {
            let date = Date(rfc3339: text)!
            formatter.dateFormat = "dd.MM.yyyy"
            XCTAssertEqual(SwissDate.day(date), formatter.string(from: date), text)
            formatter.dateFormat = "yyyy-MM-dd"
            XCTAssertEqual(SwissDate.isoDay(date), formatter.string(from: date), text)
            formatter.dateFormat = "dd.MM.yyyy HH:mm:ss"
            XCTAssertEqual(SwissDate.dayAndTime(date), formatter.string(from: date), text)
        }
        XCTAssertEqual(SwissDate.midnight(year: 2026, month: 12, day: 1), Date(rfc3339: "2026-11-30T23:00:00Z"))
        XCTAssertEqual(SwissDate.midnight(year: 2026, month: 7, day: 2), Date(rfc3339: "2026-07-01T22:00:00Z"))
    }

    func testRFC3339ReadsWhatISO8601DateFormatterRead() {
        let reference = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let texts = [
            "2026-12-01T10:00:00Z", "2026-12-01T10:00:00+01:00", "2026-12-01T10:00:00-05:30",
            "2026-12-01T10:00:00.123Z", "2026-12-01T10:00:00.5+02:00", "2026-12-01", "2026-12-01 10:00:00Z",
            "2026-12-01T10:00:60Z", "not a date", "",
        ]
        for text in texts {
            let expected = reference.date(from: text) ?? fractional.date(from: text)
            let read = Date(rfc3339: text)
            XCTAssertEqual(read == nil, expected == nil, text)
            if let read, let expected {
                XCTAssertEqual(read.timeIntervalSince1970, expected.timeIntervalSince1970, accuracy: 1e-6, text)
            }
        }
        // Deliberately stricter than the formatter was: no blank around a wire value.
        XCTAssertNotNil(reference.date(from: " 2026-12-01T10:00:00Z"))
        XCTAssertNil(Date(rfc3339: " 2026-12-01T10:00:00Z"))
    }

    func testPathPartsSplitsAsNSStringDid() {
        for path in ["/run/connect/identity.sock", "identity.sock", "./run/x.sock", "/x.sock", "a/b/c"] {
            let parts = PathParts(path)
            XCTAssertEqual(parts.directory, (path as NSString).deletingLastPathComponent, path)
            XCTAssertEqual(parts.name, (path as NSString).lastPathComponent, path)
        }
    }
}
