import Contracts
import Foundation
import Messaging
import Runtime
import SQLite
import Synchronization
import TestSupport
import Wire
import XCTest

/// `Connection.afterCommit` and the strict `Row` readers.
final class DatabaseHookTests: XCTestCase {
    var dir: TempDirectory!
    var db: Database!
    /// What the registered actions did, in order.
    var calls: Calls!

    override func setUpWithError() throws {
        dir = TempDirectory()
        db = try Database(
            path: dir.file("h.sqlite"),
            migrations: [
                Migration(1, "t", sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, state TEXT)")
            ])
        calls = Calls()
    }

    override func tearDown() {
        db.close()
        dir.remove()
    }

    final class Calls: Sendable {
        let names = Mutex<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    func testAfterCommitRunsOnceTheTransactionCommittedAndInOrder() throws {
        let db = db!
        let calls = calls!
        try db.write { conn in
            try conn.execute("INSERT INTO t (name) VALUES ('a')")
            conn.afterCommit { calls.add("first") }
            conn.afterCommit {
                let rows = (try? db.read { try $0.scalar("SELECT count(*) FROM t").int ?? -1 }) ?? -2
                calls.add("second:\(rows)")
            }
            XCTAssertEqual(calls.all, [], "nothing runs before the commit")
        }
        XCTAssertEqual(calls.all, ["first", "second:1"])
    }

    func testAfterCommitIsDroppedWhenTheTransactionRollsBack() throws {
        let calls = calls!
        struct Refused: Error {}
        XCTAssertThrowsError(
            try db.write { conn in
                try conn.execute("INSERT INTO t (name) VALUES ('a')")
                conn.afterCommit { calls.add("rolled back") }
                throw Refused()
            })
        try db.write { conn in conn.afterCommit { calls.add("next") } }
        XCTAssertEqual(calls.all, ["next"], "the rolled-back action never runs, not even at the next commit")
    }

    func testANestedWriteRunsItsActionsWhenTheOuterOneCommits() throws {
        let calls = calls!
        try db.write { _ in
            try db.write { conn in conn.afterCommit { calls.add("inner") } }
            XCTAssertEqual(calls.all, [], "the inner write joined the outer transaction: not committed yet")
        }
        XCTAssertEqual(calls.all, ["inner"])
    }

    func testOutsideATransactionTheActionRunsAtOnce() throws {
        let calls = calls!
        try db.read { conn in
            try conn.execute("INSERT INTO t (name) VALUES ('a')")
            conn.afterCommit { calls.add("now") }
            XCTAssertEqual(calls.all, ["now"], "the statement before already committed")
        }
    }

    enum State: String { case active, blocked }

    func testRowReadersThrowOnAMissingColumnANullOrAnUnknownCase() throws {
        try db.write { try $0.execute("INSERT INTO t (id, name, state) VALUES (1, NULL, 'gone')") }
        let row = try XCTUnwrap(try db.read { try $0.queryOne("SELECT id, name, state FROM t") })
        XCTAssertEqual(try row.int("id"), 1)
        XCTAssertThrowsError(try row.string("nmae")) { XCTAssertEqual($0 as? RowError, .missingColumn("nmae")) }
        XCTAssertThrowsError(try row.string("name")) { XCTAssertEqual($0 as? RowError, .null("name")) }
        XCTAssertNil(try row.optionalString("name"))
        XCTAssertThrowsError(try row.decode("state", as: State.self)) {
            XCTAssertEqual($0 as? RowError, .unknownValue(column: "state", type: "State"))
        }
        XCTAssertThrowsError(try row.int("state"), "text is not read as 0") {
            XCTAssertEqual($0 as? RowError, .wrongKind(column: "state", type: "Int"))
        }
        XCTAssertThrowsError(try row.optionalString("missing"))
        try db.write { try $0.execute("UPDATE t SET state = 'blocked'") }
        let again = try XCTUnwrap(try db.read { try $0.queryOne("SELECT state FROM t") })
        XCTAssertEqual(try again.decode("state", as: State.self), .blocked)
    }
}
