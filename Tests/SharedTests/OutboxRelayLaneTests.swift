import Foundation
import Synchronization
import TestSupport
import XCTest

@testable import Client
@testable import Contracts
@testable import Messaging
@testable import Runtime
@testable import SQLite
@testable import Server
@testable import Wire

/// The relay's order of work: awaited messages (SMS, codes) first, independent
/// `notifier.send` messages in parallel, events in order per destination, and the
/// WAL truncated at most every `truncateInterval` (then at the next idle tick).
final class OutboxRelayLaneTests: XCTestCase {
    var dir: TempDirectory!
    override func setUp() { dir = TempDirectory() }
    override func tearDown() { dir.remove() }

    /// A peer answering notes and notifier.send; records arrival order and the
    /// most requests it had in hand at once.
    final class Peer: Sendable {
        struct State {
            var sameRecipient: [String] = []
            var maxInHand = 0
            var inHand = 0
            var failNote: String?
            var sendDelay: useconds_t = 0
            var noteDelay: useconds_t = 0
        }
        /// Shared with the handlers, which outlive a test while a relay still sends.
        final class Box: Sendable {
            let state = Mutex(State())
            /// What arrived, in order; a test waits on it (woken by each arrival).
            let arrived = Arrivals<String>()
            /// Notes whose handling began (before their delay).
            let began = Arrivals<String>()
        }
        let server: SocketServer
        private let shared: Box

        var arrived: Arrivals<String> { shared.arrived }
        var began: Arrivals<String> { shared.began }
        var arrivals: [String] { shared.arrived.all }
        var sameRecipient: [String] { shared.state.withLock { $0.sameRecipient } }
        var maxInHand: Int { shared.state.withLock { $0.maxInHand } }
        var failNote: String? {
            get { shared.state.withLock { $0.failNote } }
            set { shared.state.withLock { $0.failNote = newValue } }
        }
        var sendDelay: useconds_t {
            get { shared.state.withLock { $0.sendDelay } }
            set { shared.state.withLock { $0.sendDelay = newValue } }
        }
        var noteDelay: useconds_t {
            get { shared.state.withLock { $0.noteDelay } }
            set { shared.state.withLock { $0.noteDelay = newValue } }
        }

        init(socket: String) {
            let logger = Logger(service: "peer", minimum: .error)
            let router = Router(logger: logger, staffUIDs: [], serviceUIDs: [getuid()])
            let shared = Box()
            self.shared = shared
            router.on(Note.self) { _, body in
                let (fail, delay) = shared.state.withLock { ($0.failNote, $0.noteDelay) }
                if body.text == fail { throw ServiceError(.unavailable) }
                shared.began.append(body.text)
                usleep(delay)
                shared.arrived.append(body.text)
                return Empty()
            }
            router.on(NotifierSend.self) { _, body in
                let delay = shared.state.withLock { s in
                    s.inHand += 1
                    s.maxInHand = max(s.maxInHand, s.inHand)
                    return s.sendDelay
                }
                usleep(delay)
                shared.state.withLock { s in
                    s.inHand -= 1
                    if body.to == "same@x.ch" { s.sameRecipient.append(body.params["n"] ?? "") }
                }
                shared.arrived.append(body.to)
                return .init(messageId: body.idempotencyKey, status: "queued")
            }
            server = SocketServer(path: socket, responder: router.buildResponder(), logger: logger)
            Thread { [server] in try? server.run() }.start()
            _ = server.waitUntilListening()
        }
    }

    func makeDatabase(_ name: String = "send.sqlite") throws -> Database {
        try Database(
            path: dir.file(name),
            migrations: [MessageOutbox.migration, MessageOutbox.priorityMigration, MessageOutbox.refusedMigration])
    }

    func send(_ to: String, _ channel: Channel, code: Bool = false) -> NotifierSend.Body {
        NotifierSend.Body(
            idempotencyKey: Identifier.make("msg"), channel: channel, to: to, language: .fr,
            template: "t", params: code ? ["code": "123456"] : [:])
    }

    func relay(_ db: Database, _ socket: String, truncateInterval: TimeInterval = 5) -> OutboxRelay {
        let client = ServiceClient(socketPath: socket)
        return OutboxRelay(
            database: db, clients: [ServiceName.notifier: client, "recv": client],
            logger: Logger(service: "send", minimum: .error), truncateInterval: truncateInterval)
    }

    func testAwaitedMessagesOvertakeABacklog() throws {
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        defer { peer.server.shutdown() }
        try db.write { conn in
            for i in 0..<40 {
                try MessageOutbox.enqueue(
                    conn, to: ServiceName.notifier, NotifierSend.self, send("e\(i)@x.ch", .email), relay: nil)
            }
            try MessageOutbox.enqueue(
                conn, to: ServiceName.notifier, NotifierSend.self, send("+41790000001", .sms), relay: nil)
            try MessageOutbox.enqueue(
                conn, to: ServiceName.notifier, NotifierSend.self, send("code@x.ch", .email, code: true), relay: nil)
        }
        try relay(db, socket).deliverDue(limit: 8)
        XCTAssertEqual(
            Set(peer.arrivals).intersection(["+41790000001", "code@x.ch"]).count, 2,
            "the SMS and the code went out in the first batch of 8: \(peer.arrivals)")
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 34)
    }

    func testIndependentSendsGoOutInParallel() throws {
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        peer.sendDelay = 50_000
        defer { peer.server.shutdown() }
        try db.write { conn in
            for i in 0..<16 {
                try MessageOutbox.enqueue(
                    conn, to: ServiceName.notifier, NotifierSend.self, send("e\(i)@x.ch", .email), relay: nil)
            }
        }
        try relay(db, socket).deliverDue()
        XCTAssertEqual(peer.arrivals.count, 16)
        XCTAssertGreaterThan(peer.maxInHand, 1, "notifier.send messages were sent one by one")
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 0)
    }

    func testEventsKeepTheirOrderAndStopAtTheFirstFailure() throws {
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        peer.failNote = "n5"
        defer { peer.server.shutdown() }
        let base = Date() - 1 // all due, in a known order
        try db.write { conn in
            for i in 0..<10 {
                try MessageOutbox.enqueue(
                    conn, to: "recv", Note.self, .init(text: "n\(i)"), now: base + Double(i) * 0.001, relay: nil)
                try MessageOutbox.enqueue(
                    conn, to: ServiceName.notifier, NotifierSend.self, send("e\(i)@x.ch", .email),
                    now: base + Double(i) * 0.001, relay: nil)
            }
        }
        try relay(db, socket).deliverDue()
        let notes = peer.arrivals.filter { $0.hasPrefix("n") }
        XCTAssertEqual(notes, ["n0", "n1", "n2", "n3", "n4"], "in order, and nothing after the failed n5")
        XCTAssertEqual(peer.arrivals.filter { $0.hasSuffix("@x.ch") }.count, 10, "the sends do not wait for the events")
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 5)
    }

    func testLanes() {
        func row(_ lane: String, at: Int) -> OutboxRelay.Row {
            .init(id: Identifier.make("m"), destination: "d", type: "t", body: "{}", lane: lane, attempts: 0, seq: at)
        }
        // In the batch's (priority) order; within a lane, in the order written.
        let rows = [
            row("admin", at: 3), row("notifier a@x.ch", at: 5), row("admin", at: 1),
            row("notifier b@x.ch", at: 2), row("identity", at: 9), row("notifier a@x.ch", at: 4),
        ]
        XCTAssertEqual(OutboxRelay.lanes(rows), [[2, 0], [5, 1], [3], [4]])
        XCTAssertEqual(MessageOutbox.lane(destination: "admin", body: Note.Body(text: "x")), "admin")
        XCTAssertEqual(MessageOutbox.lane(destination: "notifier", body: send("a@x.ch", .email)), "notifier a@x.ch")
    }

    func testALaterRowNeverOvertakesAFailedOneOfItsLane() throws {
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        peer.failNote = "n1"
        defer { peer.server.shutdown() }
        let clock = ManualClock()
        let client = ServiceClient(socketPath: socket)
        let relay = OutboxRelay(
            database: db, clients: ["recv": client], logger: Logger(service: "send", minimum: .error),
            clock: clock)
        try db.write { conn in
            for i in 0..<5 {
                try MessageOutbox.enqueue(
                    conn, to: "recv", Note.self, .init(text: "n\(i)"), now: clock.now() + Double(i) * 0.001 - 1,
                    relay: nil)
            }
        }
        try relay.deliverDue()
        XCTAssertEqual(peer.arrivals, ["n0"], "n1 failed; the lane stopped")
        peer.failNote = nil
        try relay.deliverDue()
        try db.write {
            try MessageOutbox.enqueue($0, to: "recv", Note.self, .init(text: "n5"), now: clock.now(), relay: nil)
        }
        try relay.deliverDue()
        XCTAssertEqual(peer.arrivals, ["n0"], "nothing behind n1 goes before n1's retry")
        clock.advance(10)
        try relay.deliverDue()
        XCTAssertEqual(peer.arrivals, ["n0", "n1", "n2", "n3", "n4", "n5"])
    }

    func testASlowServiceDoesNotHoldUpTheNotifier() throws {
        let db = try makeDatabase()
        let slowSocket = dir.file("slow.sock")
        let fastSocket = dir.file("fast.sock")
        let slow = Peer(socket: slowSocket)
        let fast = Peer(socket: fastSocket)
        slow.noteDelay = 300_000
        defer {
            slow.server.shutdown()
            fast.server.shutdown()
        }
        let relay = OutboxRelay(
            database: db,
            clients: [
                "recv": ServiceClient(socketPath: slowSocket),
                ServiceName.notifier: ServiceClient(socketPath: fastSocket),
            ],
            logger: Logger(service: "send", minimum: .error))
        Thread { try? relay.run() }.start()
        defer { relay.shutdown() }
        try db.write { conn in
            for i in 0..<10 {
                try MessageOutbox.enqueue(conn, to: "recv", Note.self, .init(text: "n\(i)"), relay: relay)
            }
        }
        slow.began.wait { !$0.isEmpty }
        try db.write {
            try MessageOutbox.enqueue(
                $0, to: ServiceName.notifier, NotifierSend.self, send("+41790000001", .sms), relay: relay)
        }
        fast.arrived.wait { !$0.isEmpty }
        XCTAssertEqual(fast.arrivals, ["+41790000001"])
        XCTAssertLessThan(slow.arrivals.count, 10, "the SMS went out while the slow service's events were still going")
    }

    func testSendsToOneRecipientKeepTheirOrder() throws {
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        defer { peer.server.shutdown() }
        let base = Date() - 1
        try db.write { conn in
            for i in 0..<12 {
                var body = send(i % 2 == 0 ? "same@x.ch" : "e\(i)@x.ch", .email, code: true)
                body.params["n"] = "\(i)"
                try MessageOutbox.enqueue(
                    conn, to: ServiceName.notifier, NotifierSend.self, body, now: base + Double(i) * 0.001, relay: nil)
            }
        }
        try relay(db, socket).deliverDue()
        XCTAssertEqual(peer.arrivals.count, 12)
        XCTAssertEqual(peer.sameRecipient, ["0", "2", "4", "6", "8", "10"])
    }

    func testRowsForAServiceNobodyServesAreDroppedNotLeftForEver() throws {
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        defer { peer.server.shutdown() }
        try db.write { conn in
            try MessageOutbox.enqueue(conn, to: "ghost", Note.self, .init(text: "lost"), relay: nil)
            try MessageOutbox.enqueue(conn, to: "recv", Note.self, .init(text: "kept"), relay: nil)
        }
        try relay(db, socket).deliverDue()
        XCTAssertEqual(peer.arrivals, ["kept"])
        XCTAssertEqual(try db.read { try MessageOutbox.pending($0) }, 0)
    }

    func testRowsQueuedBeforeTheUpgradeGetTheirPriorityAndLane() throws {
        let db = try Database(path: dir.file("old.sqlite"), migrations: [MessageOutbox.migration])
        let sms = try JSONCoding.encodeString(send("+41790000001", .sms))
        let mail = try JSONCoding.encodeString(send("a@x.ch", .email))
        let code = try JSONCoding.encodeString(send("b@x.ch", .email, code: true))
        try db.write { conn in
            for (id, dest, type, body) in [
                ("s", "notifier", NotifierSend.type, sms), ("m", "notifier", NotifierSend.type, mail),
                ("c", "notifier", NotifierSend.type, code), ("e", "admin", "admin.account.changed", "{}"),
            ] {
                try conn.execute(
                    """
                    INSERT INTO service_outbox (id, destination, type, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 0, 0)
                    """, id, dest, type, body)
            }
        }
        db.close()
        let upgraded = try makeDatabase("old.sqlite")
        let rows = try upgraded.read { try $0.query("SELECT id, priority, lane FROM service_outbox ORDER BY id") }
        try XCTAssertEqual(
            rows.map { try "\($0.string("id")) \($0.int("priority")) \($0.string("lane"))" },
            ["c 1 notifier b@x.ch", "e 0 admin", "m 0 notifier a@x.ch", "s 1 notifier +41790000001"])
    }

    func testAWakeUpReachesTheWorkerOfTheServiceWrittenTo() throws {
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        defer { peer.server.shutdown() }
        let client = ServiceClient(socketPath: socket)
        // Ticks a minute apart: only the wake-ups can deliver within the test.
        let relay = OutboxRelay(
            database: db, clients: ["recv": client, ServiceName.notifier: client],
            logger: Logger(service: "send", minimum: .error), interval: 60)
        Thread { try? relay.run() }.start()
        defer { relay.shutdown() }
        func waitFor(_ n: Int) { peer.arrived.wait(timeout: 5) { $0.count >= n } }
        try db.write { try MessageOutbox.enqueue($0, to: "recv", Note.self, .init(text: "n0"), relay: relay) }
        waitFor(1)
        try db.write {
            try MessageOutbox.enqueue(
                $0, to: ServiceName.notifier, NotifierSend.self, send("+41790000001", .sms), relay: relay)
        }
        waitFor(2)
        XCTAssertEqual(peer.arrivals, ["n0", "+41790000001"])
    }

    func testCodesLeaveTheLogAtTheNextIdleTickUnderSteadyTraffic() throws {
        let path = dir.file("send.sqlite")
        let db = try makeDatabase()
        let socket = dir.file("peer.sock")
        let peer = Peer(socket: socket)
        defer { peer.server.shutdown() }
        let r = relay(db, socket, truncateInterval: 3600)
        func walHolds(_ secret: String) -> Bool {
            (FileManager.default.contents(atPath: path + "-wal") ?? Data()).range(of: Data(secret.utf8)) != nil
                || (FileManager.default.contents(atPath: path) ?? Data()).range(of: Data(secret.utf8)) != nil
        }
        try db.write {
            try MessageOutbox.enqueue($0, to: "recv", Note.self, .init(text: "FIRST-SECRET-4711"), relay: nil)
        }
        try r.deliverDue()
        XCTAssertFalse(walHolds("FIRST-SECRET-4711"), "the first drain truncates at once")
        try db.write {
            try MessageOutbox.enqueue($0, to: "recv", Note.self, .init(text: "SECOND-SECRET-0815"), relay: nil)
        }
        try r.deliverDue()
        XCTAssertTrue(walHolds("SECOND-SECRET-0815"), "within the interval, a drain does not truncate again")
        try r.deliverDue()
        XCTAssertFalse(walHolds("SECOND-SECRET-0815"), "the next idle tick truncates")
    }
}
