import Contracts
import Foundation
import Runtime
import SQLite
import TestSupport
import Wire
import XCTest

@testable import NotifierCore

final class MessageStoreTests: XCTestCase {
    var temp: TempDirectory!
    var clock: ManualClock!
    var store: MessageStore!

    override func setUpWithError() throws {
        temp = TempDirectory("ms")
        clock = ManualClock()
        let db = try Database(path: temp.file("n.sqlite"), migrations: MessageStore.migrations, durability: .normal)
        store = try MessageStore(database: db, clock: clock, smsPerNumberPerHour: 3)
    }

    override func tearDown() {
        store.database.close()
        temp.remove()
    }

    static func message(_ key: String, channel: Channel = .email, to: String = "a@b.ch") -> NewMessage {
        NewMessage(
            idempotencyKey: key, channel: channel, to: to, language: .fr,
            template: channel == .sms ? TemplateName.smsLogin : TemplateName.emailActivation,
            params: ["code": "SECRET-\(key)"])
    }

    static func id(_ a: Acceptance) -> String {
        if case .accepted(let id, _) = a { return id }
        XCTFail("not accepted: \(a)")
        return ""
    }

    func testSameKeyGivesSameMessageEvenInOneBatch() throws {
        let out = try store.accept([Self.message("k1"), Self.message("k2"), Self.message("k1")])
        XCTAssertEqual(Self.id(out[0]), Self.id(out[2]))
        XCTAssertNotEqual(Self.id(out[0]), Self.id(out[1]))
        let again = try store.accept([Self.message("k1")])
        XCTAssertEqual(Self.id(again[0]), Self.id(out[0]))
        XCTAssertEqual(try store.count(status: .queued), 2)
    }

    func testAKeyReusedForAnotherMessageIsRefusedNotSwallowed() throws {
        let first = Self.id(try store.accept([Self.message("k1")])[0])
        var other = Self.message("k1", to: "someone.else@b.ch")
        XCTAssertEqual(try store.accept([other]), [.keyReused(messageId: first)])
        other = Self.message("k1")
        other.params["firstName"] = "Léa"
        XCTAssertEqual(try store.accept([other]), [.keyReused(messageId: first)], "different params")
        other = Self.message("k1")
        other.language = .de
        XCTAssertEqual(try store.accept([other]), [.keyReused(messageId: first)], "different language")
        XCTAssertEqual(try store.count(status: .queued), 1, "nothing new stored")
        // Within one batch too.
        let batch = try store.accept([Self.message("k2"), Self.message("k2", to: "x@b.ch")])
        XCTAssertEqual(batch[1], .keyReused(messageId: Self.id(batch[0])))
    }

    func testARepeatAfterTheCodeWasErasedIsStillTheSameMessage() throws {
        let mid = Self.id(try store.accept([Self.message("k")])[0])
        _ = try store.claim(owner: "w", lease: 30)
        try store.markSent(mid, owner: "w")
        XCTAssertEqual(try store.accept([Self.message("k")]), [.accepted(messageId: mid, status: .sent)])
    }

    func testCodesAndSmsGoOutBeforeABacklogOfOtherMail() throws {
        // A backlog of notices (no code), then a login SMS and an activation e-mail.
        let notices = (0..<50).map {
            NewMessage(
                idempotencyKey: "n\($0)", channel: .email, to: "a@b.ch", language: .fr,
                template: TemplateName.passwordChanged, params: ["firstName": "Lea"])
        }
        _ = try store.accept(notices)
        clock.advance(1)
        let sms = Self.id(try store.accept([Self.message("s1", channel: .sms, to: "+41791112233")])[0])
        let mail = Self.id(try store.accept([Self.message("e1")])[0])
        clock.advance(1)
        let first = try store.claim(owner: "w", lease: 60, limit: 2).map(\.id)
        XCTAssertEqual(Set(first), [sms, mail], "waiting codes first, whatever arrived before them")
        XCTAssertEqual(try store.claim(owner: "w", lease: 60, limit: 1).first?.template, TemplateName.passwordChanged)
        // The claim walks the partial index rather than sorting the backlog.
        let plan = try store.database.read { conn in
            try conn.query("EXPLAIN QUERY PLAN " + MessageStore.dueSQL, 0.0, 1)
                .map { try $0.string("detail") }.joined(separator: "; ")
        }
        XCTAssertTrue(plan.contains("messages_claim"), plan)
        XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
    }

    func testTwoClaimersNeverGetTheSameMessage() throws {
        _ = try store.accept((0..<50).map { Self.message("k\($0)") })
        let seen = Locked(Set<String>())
        let store = self.store!
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            while true {
                let got = (try? store.claim(owner: "w\(i)", lease: 60, limit: 3)) ?? []
                if got.isEmpty { return }
                for m in got { XCTAssertTrue(seen.with { $0.insert(m.id).inserted }, "\(m.id) claimed twice") }
            }
        }
        XCTAssertEqual(seen.get.count, 50)
        XCTAssertEqual(try store.claim(owner: "late", lease: 60, limit: 10).count, 0, "all held under lease")
    }

    func testExpiredLeaseIsReclaimedAndTheOldOwnerCannotRecord() throws {
        let mid = Self.id(try store.accept([Self.message("k")])[0])
        let first = try store.claim(owner: "dead", lease: 30)
        XCTAssertEqual(first.map(\.id), [mid])
        XCTAssertEqual(first[0].attempts, 1)
        clock.advance(29)
        XCTAssertTrue(try store.claim(owner: "other", lease: 30).isEmpty, "still leased")
        clock.advance(2)
        let second = try store.claim(owner: "other", lease: 30)
        XCTAssertEqual(second.map(\.id), [mid])
        XCTAssertEqual(second[0].attempts, 2)
        XCTAssertFalse(try store.markSent(mid, owner: "dead"), "a lost lease records nothing")
        XCTAssertTrue(try store.markSent(mid, owner: "other"))
        XCTAssertEqual(try store.status(of: mid)?.status, .sent)
        XCTAssertEqual(try store.attempts(of: mid).map(\.outcome), ["interrupted", "sent"])
    }

    func testRetryThenFailedErasesTheCode() throws {
        let mid = Self.id(try store.accept([Self.message("k")])[0])
        var m = try store.claim(owner: "w", lease: 30)[0]
        XCTAssertEqual(m.params["code"], "SECRET-k")
        try store.markFailed(mid, owner: "w", error: "HTTP 500", nextAttempt: clock.now() + 10)
        XCTAssertEqual(try store.status(of: mid), .init(status: .queued, attempts: 1, lastError: "HTTP 500"))
        XCTAssertTrue(try store.claim(owner: "w", lease: 30).isEmpty, "not due yet")
        clock.advance(10)
        m = try store.claim(owner: "w", lease: 30)[0]
        XCTAssertEqual(m.attempts, 2)
        try store.markFailed(mid, owner: "w", error: "HTTP 400", nextAttempt: nil)
        XCTAssertEqual(try store.status(of: mid)?.status, .failed)
        XCTAssertEqual(try store.attempts(of: mid).map(\.outcome), ["retry", "failed"])
        let params = try store.database.read { try $0.scalar("SELECT params FROM messages WHERE id = ?", mid).string }
        XCTAssertEqual(params, "{}")
    }

    func testSentErasesCodesButKeepsOtherParams() throws {
        var m = Self.message("k")
        m.params["firstName"] = "Léa"
        let mid = Self.id(try store.accept([m])[0])
        _ = try store.claim(owner: "w", lease: 30)
        try store.markSent(mid, owner: "w")
        let params = try store.database.read { try $0.scalar("SELECT params FROM messages WHERE id = ?", mid).string }
        XCTAssertEqual(params, #"{"firstName":"Léa"}"#)
    }

    func testSmsPumpingGuard() throws {
        let out = try store.accept((0..<4).map { Self.message("s\($0)", channel: .sms, to: "+41791112233") })
        XCTAssertEqual(out[3], .rateLimited(retryAfterS: 3600))
        XCTAssertEqual(
            Self.id(try store.accept([Self.message("s1", channel: .sms, to: "+41791112233")])[0]), Self.id(out[1]),
            "a retried key is not limited")
        XCTAssertNotNil(try? Self.id(store.accept([Self.message("other", channel: .sms, to: "+41791112234")])[0]))
        clock.advance(1800)
        XCTAssertEqual(
            try store.accept([Self.message("s9", channel: .sms, to: "+41791112233")])[0],
            .rateLimited(retryAfterS: 1800))
        clock.advance(1801)
        if case .rateLimited = try store.accept([Self.message("s10", channel: .sms, to: "+41791112233")])[0] {
            XCTFail("an hour later the number may get SMS again")
        }
    }

    func testReleaseGivesBackWithoutCountingAnAttempt() throws {
        let mid = Self.id(try store.accept([Self.message("k")])[0])
        _ = try store.claim(owner: "w", lease: 30)
        try store.release(mid, owner: "w")
        XCTAssertEqual(try store.status(of: mid), .init(status: .queued, attempts: 0, lastError: nil))
        XCTAssertEqual(try store.claim(owner: "w2", lease: 30).map(\.id), [mid])
    }

    func testPurgeDeletesOnlyOldFinalMessages() throws {
        let old = Self.id(try store.accept([Self.message("old")])[0])
        clock.advance(1)
        let pending = Self.id(try store.accept([Self.message("pending")])[0])
        XCTAssertEqual(try store.claim(owner: "w", lease: 30, limit: 1).map(\.id), [old])
        XCTAssertTrue(try store.markSent(old, owner: "w"))
        clock.advance(91 * 86400)
        let recent = Self.id(try store.accept([Self.message("recent")])[0])
        XCTAssertEqual(try store.purge(olderThan: 90 * 86400), 1)
        XCTAssertNil(try store.status(of: old))
        XCTAssertEqual(try store.attempts(of: old), [])
        XCTAssertNotNil(try store.status(of: pending), "never purged while it may still be sent")
        XCTAssertNotNil(try store.status(of: recent))
    }

    func testGroupCommitBatchesConcurrentSubmissions() throws {
        let committer = GroupCommit(store: store, logger: Logger(service: "t", minimum: .error))
        Thread { try? committer.run() }.start()
        defer { committer.shutdown() }
        let shared = Locked([String](repeating: "", count: 200))
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            let a = try? committer.submit(Self.message("g\(i % 100)"))
            shared.with { $0[i] = a.map(Self.id) ?? "" }
        }
        let ids = shared.get
        XCTAssertFalse(ids.contains(""))
        for i in 0..<100 { XCTAssertEqual(ids[i], ids[i + 100], "same key, same message") }
        XCTAssertEqual(Set(ids).count, 100)
        // Every reply came after its commit: the rows are there.
        XCTAssertEqual(try store.count(status: .queued), 100)
    }
}
