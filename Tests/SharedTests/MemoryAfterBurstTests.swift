import XCTest

@testable import Server

/// When the socket server hands memory back: only after a burst of connections is
/// over, never in ordinary traffic on a few pooled connections.
final class MemoryAfterBurstTests: XCTestCase {
    func testFewPooledConnectionsNeverTrim() {
        var rule = MemoryAfterBurst()
        for round in 0..<1000 {
            rule.connectionOpened(open: 1 + round % 8)
            XCTAssertFalse(rule.connectionClosed(open: round % 8))
        }
    }

    func testTheEndOfABurstTrimsAFewTimesThenStops() {
        var rule = MemoryAfterBurst()
        for open in 1...1000 { rule.connectionOpened(open: open) }
        var trimmedAt: [Int] = []
        for open in stride(from: 999, through: 0, by: -1) where rule.connectionClosed(open: open) {
            trimmedAt.append(open)
        }
        // A quarter of the peak each time, until the peak is no burst any more.
        XCTAssertEqual(trimmedAt, [250, 62, 15])
    }
}
