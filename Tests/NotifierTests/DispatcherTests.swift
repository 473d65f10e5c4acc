import Contracts
import Foundation
import Runtime
import SQLite
import Synchronization
import TestSupport
import Wire
import XCTest

@testable import NotifierCore

/// An outbox the test scripts: each delivery's outcome, how long it claims to take.
final class ScriptedOutbox: Outbox, Sendable {
    let kind = "scripted"
    private struct Script {
        var maxDuration: TimeInterval = 1
        var repeatsAreHarmless = false
        var outcomes: [DeliveryError?]
        var delivered: [String] = []
        var flushes = 0
        var flushError: DeliveryError?
    }
    private let script: Mutex<Script>

    init(_ outcomes: [DeliveryError?] = []) { script = Mutex(Script(outcomes: outcomes)) }

    var maxDuration: TimeInterval {
        get { script.withLock { $0.maxDuration } }
        set { script.withLock { $0.maxDuration = newValue } }
    }
    var repeatsAreHarmless: Bool {
        get { script.withLock { $0.repeatsAreHarmless } }
        set { script.withLock { $0.repeatsAreHarmless = newValue } }
    }
    var flushError: DeliveryError? {
        get { script.withLock { $0.flushError } }
        set { script.withLock { $0.flushError = newValue } }
    }
    var delivered: [String] { script.withLock { $0.delivered } }
    var flushes: Int { script.withLock { $0.flushes } }

    func deliver(_ message: RenderedMessage) throws {
        try script.withLock { s in
            s.delivered.append(message.messageId)
            if !s.outcomes.isEmpty, let error = s.outcomes.removeFirst() { throw error }
        }
    }

    func flush() throws {
        try script.withLock { s in
            s.flushes += 1
            if let error = s.flushError { throw error }
        }
    }
}

final class DispatcherTests: XCTestCase {
    var temp: TempDirectory!
    var clock: ManualClock!
    var store: MessageStore!

    override func setUpWithError() throws {
        temp = TempDirectory("dt")
        clock = ManualClock()
        let db = try Database(path: temp.file("n.sqlite"), migrations: MessageStore.migrations, durability: .normal)
        store = try MessageStore(database: db, clock: clock)
    }

    override func tearDown() {
        store.database.close()
        temp.remove()
    }

    func dispatcher(_ outbox: ScriptedOutbox, lease: TimeInterval = 60, maxAttempts: Int = 3) throws -> Dispatcher {
        let renderer = MessageRenderer(
            catalog: try TemplateCatalog(configuredDirectory: nil), fund: FundSettings(),
            from: "no@caisse.ch", clock: clock)
        return Dispatcher(
            store: store, renderer: renderer, outboxes: [.sms: outbox],
            policy: RetryPolicy(maxAttempts: maxAttempts, base: 10, jitter: 0), lease: lease, workers: 1,
            batch: 8, pollInterval: 1, logger: Logger(service: "t", minimum: .error, sink: .memory()),
            clock: clock)
    }

    func accept(_ key: String) throws -> String {
        let out = try store.accept([
            NewMessage(
                idempotencyKey: key, channel: .sms, to: "+41791112233", language: .fr,
                template: TemplateName.smsLogin, params: ["code": "123456"])
        ])
        guard case .accepted(let id, _) = out[0] else { throw ServiceError(.internal) }
        return id
    }

    func params(_ id: String) throws -> String? {
        try store.database.read { try $0.scalar("SELECT params FROM messages WHERE id = ?", id).string }
    }

    func testRetriesWithBackoffThenFailsForGood() throws {
        let outbox = ScriptedOutbox([.retryable("HTTP 500"), .retryable("HTTP 502"), .retryable("HTTP 503")])
        let d = try dispatcher(outbox)
        let id = try accept("k")
        XCTAssertEqual(try d.runOnce(owner: "w"), 1)
        XCTAssertEqual(try store.status(of: id), .init(status: .queued, attempts: 1, lastError: "HTTP 500"))
        clock.advance(9.9)
        XCTAssertEqual(try d.runOnce(owner: "w"), 0, "not before 10 s")
        clock.advance(0.1)
        XCTAssertEqual(try d.runOnce(owner: "w"), 1)
        clock.advance(19.9)
        XCTAssertEqual(try d.runOnce(owner: "w"), 0, "then not before 20 s")
        clock.advance(0.1)
        XCTAssertEqual(try d.runOnce(owner: "w"), 1)
        XCTAssertEqual(try store.status(of: id), .init(status: .failed, attempts: 3, lastError: "HTTP 503"))
        XCTAssertEqual(try store.attempts(of: id).map(\.outcome), ["retry", "retry", "failed"])
        XCTAssertEqual(try params(id), "{}", "the code is erased once failed for good")
        clock.advance(3600)
        XCTAssertEqual(try d.runOnce(owner: "w"), 0)
    }

    func testPermanentErrorFailsAtOnce() throws {
        let d = try dispatcher(ScriptedOutbox([.permanent("HTTP 400")]))
        let id = try accept("k")
        try d.runOnce(owner: "w")
        XCTAssertEqual(try store.status(of: id), .init(status: .failed, attempts: 1, lastError: "permanent: HTTP 400"))
    }

    func testADeliveryThatCannotFinishWithinTheLeaseIsNotStarted() throws {
        let outbox = ScriptedOutbox()
        outbox.maxDuration = 30
        let d = try dispatcher(outbox, lease: 30)
        let id = try accept("k")
        XCTAssertEqual(try d.runOnce(owner: "w"), 1)
        XCTAssertEqual(outbox.delivered, [])
        XCTAssertEqual(try store.status(of: id), .init(status: .queued, attempts: 0, lastError: nil), "released")
    }

    func testHarmlessRepeatsAreFlushedAndRecordedOncePerBatch() throws {
        let outbox = ScriptedOutbox()
        outbox.repeatsAreHarmless = true
        let d = try dispatcher(outbox)
        let ids = try (0..<5).map { try accept("k\($0)") }
        XCTAssertEqual(try d.runOnce(owner: "w"), 5)
        XCTAssertEqual(outbox.flushes, 1)
        for id in ids { XCTAssertEqual(try store.status(of: id)?.status, .sent) }
    }

    func testAFailedFlushRetriesTheBatch() throws {
        let outbox = ScriptedOutbox()
        outbox.repeatsAreHarmless = true
        outbox.flushError = .retryable("fsync: I/O error")
        let d = try dispatcher(outbox)
        let id = try accept("k")
        try d.runOnce(owner: "w")
        XCTAssertEqual(try store.status(of: id), .init(status: .queued, attempts: 1, lastError: "fsync: I/O error"))
        XCTAssertEqual(try params(id), #"{"code":"123456"}"#, "kept while it may still be sent")
    }
}
