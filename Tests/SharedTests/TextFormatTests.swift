import Foundation
import Runtime
import XCTest

/// The hand-written formats on hot paths agree with Foundation's slow ones.
final class TextFormatTests: XCTestCase {
    func testRfc3339MatchesISO8601DateFormatter() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        var rng = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [
            0, -1, -0.5, 0.999, 59.9999,
            951_782_400, // 2000-02-29
            4_102_444_799.75,
            -2_208_988_800, // 1900
            1_795_780_000.123,
        ]
        let random = (0..<2000).map { _ in Double.random(in: -3_000_000_000...6_000_000_000, using: &rng) }
        for t in fixed + random {
            let d = Date(timeIntervalSince1970: t)
            XCTAssertEqual(d.rfc3339, f.string(from: d), "at \(t)")
        }
    }

    func testHex() {
        XCTAssertEqual(Identifier.hex([0x00, 0x0f, 0xa5, 0xff]), "000fa5ff")
        XCTAssertEqual(Identifier.hex([]), "")
        let id = Identifier.make("x")
        XCTAssertTrue(id.hasPrefix("x_"))
        XCTAssertEqual(id.count, 2 + 32)
        XCTAssertTrue(id.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) })
    }
}
