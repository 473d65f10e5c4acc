import Foundation
import SQLite
import TestSupport
import XCTest

final class DatabaseTests: XCTestCase {
    var dir: TempDirectory!
    override func setUp() { dir = TempDirectory() }
    override func tearDown() { dir.remove() }

    let migrations = [
        Migration(1, "people", sql: "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"),
        Migration(
            2, "pets",
            sql: """
                CREATE TABLE pets (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL REFERENCES people(id), name TEXT);
                """),
    ]

    func testMigrationsApplyOnceAndAreRecorded() throws {
        let path = dir.file("a.sqlite")
        var db: Database? = try Database(path: path, migrations: migrations)
        XCTAssertEqual(db?.appliedMigrations, [1, 2])
        db?.close()
        db = try Database(path: path, migrations: migrations)
        XCTAssertEqual(db?.appliedMigrations, [], "a second start applies nothing")
        let ids = try db!.read { try $0.query("SELECT id FROM schema_migrations ORDER BY id").map { try $0.int("id") } }
        XCTAssertEqual(ids, [1, 2])
        db?.close()
        // A new migration is applied alone.
        db = try Database(path: path, migrations: migrations + [Migration(3, "x", sql: "CREATE TABLE x (a)")])
        XCTAssertEqual(db?.appliedMigrations, [3])
    }

    func testFailedMigrationRollsBackAndIsNotRecorded() throws {
        let path = dir.file("b.sqlite")
        let bad = migrations + [Migration(3, "bad", sql: "CREATE TABLE y (a); SELECT * FROM missing_table;")]
        XCTAssertThrowsError(try Database(path: path, migrations: bad))
        let db = try Database(path: path, migrations: migrations)
        let tables = try db.read { try $0.query("SELECT name FROM sqlite_master WHERE name = 'y'") }
        XCTAssertTrue(tables.isEmpty, "the half-applied migration was rolled back")
    }

    func testDowngradeIsRefused() throws {
        let path = dir.file("c.sqlite")
        try Database(path: path, migrations: migrations).close()
        XCTAssertThrowsError(try Database(path: path, migrations: [migrations[0]])) { error in
            XCTAssertTrue(String(describing: error).contains("newer"))
        }
    }

    func testWALForeignKeysAndBusyTimeout() throws {
        let db = try Database(path: dir.file("d.sqlite"), migrations: migrations)
        XCTAssertEqual(try db.read { try $0.scalar("PRAGMA journal_mode").string }, "wal")
        XCTAssertEqual(try db.read { try $0.scalar("PRAGMA foreign_keys").int }, 1)
        XCTAssertEqual(try db.read { try $0.scalar("PRAGMA busy_timeout").int }, 5000)
        // On whatever the SQLite build's default: deleted rows (codes) are overwritten.
        XCTAssertEqual(try db.read { try $0.scalar("PRAGMA secure_delete").int }, 1)
        XCTAssertThrowsError(try db.write { try $0.execute("INSERT INTO pets (owner, name) VALUES (?, ?)", 99, "Rex") })
        {
            XCTAssertTrue(($0 as? DatabaseError)?.isConstraintViolation ?? false)
        }
    }

    func testOneWriteMayRelaxItsFsyncAndTheConnectionGoesBack() throws {
        let db = try Database(path: dir.file("s.sqlite"), migrations: [Migration(1, "t", sql: "CREATE TABLE t (x)")])
        func synchronous(_ conn: Connection) throws -> Int { try conn.scalar("PRAGMA synchronous").int ?? -1 }
        XCTAssertEqual(try db.read(synchronous), 2, "FULL by default")
        XCTAssertEqual(
            try db.write(durability: .normal) { conn in
                try conn.execute("INSERT INTO t (x) VALUES (1)")
                return try synchronous(conn)
            }, 1, "NORMAL inside the relaxed write")
        XCTAssertEqual(try db.read(synchronous), 2, "FULL again after it")
        struct Oops: Error {}
        XCTAssertThrowsError(try db.write(durability: .normal) { _ in throw Oops() })
        XCTAssertEqual(try db.read(synchronous), 2, "FULL again after a rollback")
        XCTAssertEqual(try db.read { try $0.scalar("SELECT count(*) FROM t").int }, 1)
    }

    func testTransactionRollsBackOnThrow() throws {
        let db = try Database(path: dir.file("e.sqlite"), migrations: migrations)
        struct Oops: Error {}
        XCTAssertThrowsError(
            try db.write { conn in
                try conn.execute("INSERT INTO people (name) VALUES (?)", "Gilbert")
                throw Oops()
            })
        XCTAssertEqual(try db.read { try $0.scalar("SELECT count(*) FROM people").int }, 0)
        try db.write { try $0.execute("INSERT INTO people (name) VALUES (?)", "Lea") }
        XCTAssertEqual(try db.read { try $0.scalar("SELECT count(*) FROM people").int }, 1)
    }

    func testBoundValuesNeverAppearInErrors() throws {
        let db = try Database(path: dir.file("f.sqlite"), migrations: migrations)
        try db.write { try $0.execute("INSERT INTO people (name) VALUES (?)", "s3cret-value") }
        do {
            try db.write { try $0.execute("INSERT INTO people (name) VALUES (?)", "s3cret-value") }
            XCTFail("unique constraint expected")
        } catch let error as DatabaseError {
            XCTAssertTrue(error.isConstraintViolation)
            XCTAssertFalse(error.description.contains("s3cret-value"))
            XCTAssertTrue(error.description.contains("INSERT INTO people"), "the SQL is named")
        }
    }

    func testValuesRoundTripIncludingMetacharactersAndUnicode() throws {
        let db = try Database(path: dir.file("g.sqlite"), migrations: migrations)
        let tricky = "Robert'); DROP TABLE people;-- «Modèle» Ｍodele \u{0000}x 🚀"
        try db.write { try $0.execute("INSERT INTO people (name) VALUES (?)", tricky) }
        let back = try db.read { try $0.queryOne("SELECT name FROM people")?.string("name") }
        XCTAssertEqual(back?.hasPrefix("Robert'); DROP TABLE people;-- «Modèle» Ｍodele "), true)
        XCTAssertEqual(try db.read { try $0.scalar("SELECT count(*) FROM people").int }, 1)
    }

    func testNestedWriteJoinsOuterTransaction() throws {
        let db = try Database(path: dir.file("h.sqlite"), migrations: migrations)
        struct Oops: Error {}
        XCTAssertThrowsError(
            try db.write { _ in
                try db.write { try $0.execute("INSERT INTO people (name) VALUES (?)", "inner") }
                throw Oops()
            })
        XCTAssertEqual(try db.read { try $0.scalar("SELECT count(*) FROM people").int }, 0)
    }

    func testConcurrentWritersAreSerialised() throws {
        let db = try Database(path: dir.file("i.sqlite"), migrations: migrations)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for j in 0..<25 {
                _ = try? db.write { try $0.execute("INSERT INTO people (name) VALUES (?)", "p\(i)-\(j)") }
            }
        }
        XCTAssertEqual(try db.read { try $0.scalar("SELECT count(*) FROM people").int }, 200)
        XCTAssertEqual(try db.integrityCheck(), "ok")
    }

    func testFileModeIs0600() throws {
        let path = dir.file("j.sqlite")
        _ = try Database(path: path, migrations: migrations)
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
    }
}
