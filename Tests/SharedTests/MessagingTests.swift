import Client
import Foundation
import Messaging
import Runtime
import SQLite
import Server
import TestSupport
import Wire
import XCTest

/// The transactional outbox and the inbox: a message committed with its state
/// change is delivered at least once, even across a crash between commit and
/// delivery, and the receiver applies it once.
final class MessagingTests: XCTestCase {
    var dir: TempDirectory!
    override func setUp() { dir = TempDirectory() }
    override func tearDown() { dir.remove() }

    let senderMigrations = [
        Migration(1, "things", sql: "CREATE TABLE things (name TEXT)"),
        MessageOutbox.migration, MessageOutbox.priorityMigration, MessageOutbox.refusedMigration,
    ]

    /// A receiver that applies each note once, deduplicated by envelope id.
    func startReceiver(_ socket: String, failFirst: Int = 0) throws -> (SocketServer, Database, Counter) {
        let db = try Database(
            path: dir.file("recv.sqlite"),
            migrations: [
                Migration(1, "notes", sql: "CREATE TABLE notes (text TEXT)"), Inbox.migration,
            ])
        let logger = Logger(service: "recv", minimum: .error)
        let router = Router(logger: logger, staffUIDs: [], serviceUIDs: [getuid()])
        let calls = Counter()
        router.on(Note.self) { ctx, body in
            calls.add()
            if calls.value <= failFirst { throw ServiceError(.unavailable) }
            try db.write { conn in
                guard try Inbox.firstDelivery(conn, messageId: ctx.requestId ?? "", type: Note.type) else { return }
                try conn.execute("INSERT INTO notes (text) VALUES (?)", body.text)
            }
            return Empty()
        }
        let server = SocketServer(path: socket, responder: router.buildResponder(), logger: logger)
        Thread { try? server.run() }.start()
        XCTAssertTrue(server.waitUntilListening())
        return (server, db, calls)
    }

    func testMessageIsWrittenWithStateChangeOrNotAtAll() throws {
        let db = try Database(path: dir.file("send.sqlite"), migrations: senderMigrations)
        struct Oops: Error {}
        XCTAssertThrowsError(
            try db.write { conn in
                try conn.execute("INSERT INTO things (name) VALUES ('a')")
                try MessageOutbox.enqueue(conn, to: "recv", Note.self, Note.Body(text: "a"), relay: nil)
                throw Oops()
            })
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 0)
        try db.write { conn in
            try conn.execute("INSERT INTO things (name) VALUES ('b')")
            try MessageOutbox.enqueue(conn, to: "recv", Note.self, Note.Body(text: "b"), relay: nil)
        }
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 1)
    }

    func testCrashBetweenCommitAndDeliveryThenRestartDelivers() throws {
        let path = dir.file("send.sqlite")
        // Commit, then "crash" before any relay ran: close the file with the row in it.
        var db: Database? = try Database(path: path, migrations: senderMigrations)
        try db!.write {
            try MessageOutbox.enqueue($0, to: "recv", Note.self, Note.Body(text: "survives"), id: "m-1", relay: nil)
        }
        db!.close()
        db = nil
        // Restart: a new process opens the file; the receiver is up now.
        let socket = dir.file("recv.sock")
        let (server, recvDB, _) = try startReceiver(socket)
        defer { server.shutdown() }
        let reopened = try Database(path: path, migrations: senderMigrations)
        let relay = OutboxRelay(
            database: reopened, clients: ["recv": ServiceClient(socketPath: socket)],
            logger: Logger(service: "send", minimum: .error))
        try relay.deliverDue()
        XCTAssertEqual(try recvDB.read { try $0.scalar("SELECT count(*) FROM notes").int }, 1)
        XCTAssertEqual(try reopened.read { try MessageOutbox.pending($0) }, 0, "delivered rows are deleted")
    }

    func testRedeliveryChangesNothing() throws {
        let socket = dir.file("recv.sock")
        let (server, recvDB, calls) = try startReceiver(socket)
        defer { server.shutdown() }
        // The same message id delivered three times (e.g. a crash after send, before delete).
        let client = ServiceClient(socketPath: socket)
        for _ in 0..<3 { _ = try client.call(Note.self, Note.Body(text: "once"), id: "m-dup") }
        XCTAssertEqual(calls.value, 3)
        XCTAssertEqual(try recvDB.read { try $0.scalar("SELECT count(*) FROM notes").int }, 1)
    }

    func testUnreachableReceiverIsRetriedWithBackoffUntilItAnswers() throws {
        let clock = ManualClock()
        let db = try Database(path: dir.file("send.sqlite"), migrations: senderMigrations)
        let socket = dir.file("recv.sock")
        let relay = OutboxRelay(
            database: db, clients: ["recv": ServiceClient(socketPath: socket)],
            logger: Logger(service: "send", minimum: .error), clock: clock)
        try db.write {
            try MessageOutbox.enqueue($0, to: "recv", Note.self, Note.Body(text: "late"), now: clock.now(), relay: nil)
        }
        try relay.deliverDue() // nobody listens
        let row = try db.read { try $0.queryOne("SELECT attempts, next_attempt_at, last_error FROM service_outbox") }
        try XCTAssertEqual(row?.int("attempts"), 1)
        try XCTAssertGreaterThan(row?.double("next_attempt_at") ?? 0, clock.now().timeIntervalSince1970)
        try XCTAssertEqual(row?.string("last_error").hasPrefix("unavailable"), true)
        // Not due yet: nothing is tried.
        let (server, recvDB, calls) = try startReceiver(socket, failFirst: 1)
        defer { server.shutdown() }
        try relay.deliverDue()
        XCTAssertEqual(calls.value, 0, "backoff respected")
        clock.advance(10)
        try relay.deliverDue() // receiver answers unavailable once: retried later
        XCTAssertEqual(calls.value, 1)
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 1)
        clock.advance(60)
        try relay.deliverDue()
        XCTAssertEqual(try recvDB.read { try $0.scalar("SELECT count(*) FROM notes").int }, 1)
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 0)
    }

    func testPermanentRefusalIsDroppedNotRetriedForEver() throws {
        let db = try Database(path: dir.file("send.sqlite"), migrations: senderMigrations)
        let socket = dir.file("recv.sock")
        let (server, _, _) = try startReceiver(socket)
        defer { server.shutdown() }
        let relay = OutboxRelay(
            database: db, clients: ["recv": ServiceClient(socketPath: socket)],
            logger: Logger(service: "send", minimum: .error))
        // A body the receiver cannot read: bad_request is final.
        try db.write {
            try $0.execute(
                """
                INSERT INTO service_outbox (id, destination, type, body, attempts, next_attempt_at, created_at)
                VALUES ('bad', 'recv', 'test.note', '{"text":5}', 0, 0, 0)
                """)
        }
        try relay.deliverDue()
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 0)
    }

    /// A peer that refuses with `code` the first `times` deliveries, then accepts.
    func startRefuser(_ socket: String, code: ErrorCode, times: Int) throws -> (SocketServer, Counter) {
        let logger = Logger(service: "recv", minimum: .error)
        let router = Router(logger: logger, staffUIDs: [getuid()], serviceUIDs: [getuid()])
        let calls = Counter()
        router.on(Note.self) { _, _ in
            calls.add()
            if calls.value <= times { throw ServiceError(code) }
            return Empty()
        }
        let server = SocketServer(path: socket, responder: router.buildResponder(), logger: logger)
        Thread { try? server.run() }.start()
        XCTAssertTrue(server.waitUntilListening())
        return (server, calls)
    }

    func testMisconfiguredOrBusyPeerIsRetriedNotDropped() throws {
        // A receiver started with the wrong CONNECT_SERVICE_UIDS answers forbidden; an
        // older one unknown_type; a busy one rate_limited: the message must outlive that.
        for code in [ErrorCode.forbidden, .unknownType, .rateLimited] {
            let clock = ManualClock()
            let socket = dir.file("r-\(code.rawValue).sock")
            let db = try Database(path: dir.file("s-\(code.rawValue).sqlite"), migrations: senderMigrations)
            let (server, calls) = try startRefuser(socket, code: code, times: 2)
            defer { server.shutdown() }
            let relay = OutboxRelay(
                database: db, clients: ["recv": ServiceClient(socketPath: socket)],
                logger: Logger(service: "send", minimum: .error), clock: clock)
            try db.write {
                try MessageOutbox.enqueue($0, to: "recv", Note.self, Note.Body(text: "x"), now: clock.now(), relay: nil)
            }
            for _ in 0..<3 {
                try relay.deliverDue()
                clock.advance(600)
            }
            XCTAssertEqual(calls.value, 3, "\(code): tried until accepted")
            XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 0, "\(code): delivered in the end")
        }
    }

    func testFinalRefusalsAreTheOnlyOnesDropped() {
        XCTAssertEqual(Set(ErrorCode.allCases.filter(\.isFinalRefusal)), [.badRequest, .notFound, .conflict])
    }

    func testDeliveredPayloadsDoNotLingerInTheFiles() throws {
        let path = dir.file("send.sqlite")
        let db = try Database(path: path, migrations: senderMigrations)
        let socket = dir.file("recv.sock")
        let (server, _, _) = try startReceiver(socket)
        defer { server.shutdown() }
        let secret = "CODE-7Q4Z-SECRET-PAYLOAD"
        try db.write { try MessageOutbox.enqueue($0, to: "recv", Note.self, Note.Body(text: secret), relay: nil) }
        let relay = OutboxRelay(
            database: db, clients: ["recv": ServiceClient(socketPath: socket)],
            logger: Logger(service: "send", minimum: .error))
        try relay.deliverDue()
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 0)
        // While the database is open: neither the file nor its WAL holds the payload.
        for file in [path, path + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            XCTAssertNil(bytes.range(of: Data(secret.utf8)), "\(file) still holds the delivered payload")
        }
    }

    func testBackoffGrowsAndIsCapped() {
        let db = try! Database(path: dir.file("send.sqlite"), migrations: senderMigrations)
        let relay = OutboxRelay(
            database: db, clients: [:], logger: Logger(service: "t", minimum: .error),
            baseDelay: 1, maxDelay: 300)
        XCTAssertEqual(relay.backoff(attempts: 1), 1, accuracy: 0.21)
        XCTAssertEqual(relay.backoff(attempts: 4), 8, accuracy: 1.7)
        XCTAssertLessThanOrEqual(relay.backoff(attempts: 40), 360)
    }
}
