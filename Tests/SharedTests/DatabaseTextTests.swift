import Foundation
import SQLite
import TestSupport
import XCTest

/// Text goes into SQLite and comes back whole: a NUL inside a string used to cut it
/// short (bound and read as C strings). Found by issue 8's text round trip.
final class DatabaseTextTests: XCTestCase {
    func testTextWithNULEmptyAndNonASCIIRoundTripsWhole() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(
            path: dir.file("t.sqlite"), migrations: [Migration(1, "t", sql: "CREATE TABLE t (v TEXT)")])
        defer { db.close() }
        let values = ["a\u{0}b", "", "\u{0}", "Zoë 🇨🇭 王", "E\u{301}mery"]
        try db.write { conn in for v in values { _ = try conn.execute("INSERT INTO t (v) VALUES (?)", v) } }
        let back = try db.read { try $0.query("SELECT v FROM t ORDER BY rowid").map { try $0.string("v") } }
        XCTAssertEqual(back.map { $0.unicodeScalars.map(\.value) }, values.map { $0.unicodeScalars.map(\.value) })
        XCTAssertEqual(try db.read { try $0.scalar("SELECT count(*) FROM t WHERE v = ?", "a\u{0}b").int }, 1)
    }
}
