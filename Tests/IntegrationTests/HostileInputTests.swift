import Contracts
import Foundation
import Runtime
import Server
import Synchronization
import TestSupport
import Wire
import XCTest

/// Issue 8, hostile input: each real service gets `CONNECT_HOSTILE_LINES` random and
/// mutated lines (default 25,000 to keep `make test` short; the issue's full run is
/// 100,000), lines over 1 MiB, half lines then a hang-up, 1,000 idle connections and
/// 20 clients that never read, while every service is asked for `health` every 100 ms.
/// Every reply must be a clear answer, every service must keep answering, and its
/// memory must stay bounded. `CONNECT_TEST_SEED` replays a run (the seed is printed).
final class HostileInputTests: XCTestCase {
    static let lines = environmentInt("CONNECT_HOSTILE_LINES", default: 25_000)
    static let idleConnections = environmentInt("CONNECT_HOSTILE_IDLE", default: 1000)
    static let workers = 4
    /// Memory may grow by at most this much over the run: the 1,000 connections' threads
    /// and buffers, caches, and what glibc's per-thread arenas keep after a free
    /// (measured at 100,000 lines: +45 to +66 MiB, half of it gone with MALLOC_ARENA_MAX=1).
    static let rssAllowanceKiB = 96 * 1024
    /// …but once warm it must level off: the second half of a long stream (≥ 50,000
    /// lines) may add little.
    static let secondHalfAllowanceKiB = 24 * 1024
    /// …and once every connection is closed, what the allocator kept must go back
    /// (Shared's `MemoryAfterBurst`): anonymous memory then stays within this of where
    /// it started (measured: +51 to +58 MiB without the trim, +23 MiB with it, +8 MiB
    /// with MALLOC_ARENA_MAX=2 as compose sets it).
    static let afterBurstAllowanceKiB = 40 * 1024

    var trio: Trio!

    override func setUpWithError() throws {
        let limit = ProcessProbe.raiseOpenFiles(to: UInt(Self.idleConnections * 2 + 1024))
        try XCTSkipIf(
            limit < Self.idleConnections + 256,
            "open-file limit \(limit) too low for \(Self.idleConnections) idle connections")
        // Admin's page cache and mmap (64 MiB by default) would fill with what the stream
        // creates and count as growth: a small one keeps the bound about leaks.
        // Half lines are held for the whole run here: the line deadline (issue 18, item 12,
        // ExhaustionAttackTests) would cut them, and this test is about what comes after.
        trio = Trio(prefix: "hx", extra: ["ADMIN_DB_CACHE_MB": "8", "CONNECT_LINE_TIMEOUT": "3600"])
        try trio.start()
    }

    override func tearDown() {
        trio?.remove()
    }

    /// Every message of the published contract (docs/contract/<type>.json) has a
    /// well-formed sample here to mutate, so a new message is attacked too.
    func testEveryContractMessageIsInTheHostileStream() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/contract").path
        let published = Set(
            try FileManager.default.contentsOfDirectory(atPath: root)
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) })
        XCTAssertFalse(published.isEmpty)
        let sampled = Set(ContractSamples.all.map(\.type) + [Health.type])
        XCTAssertEqual(published.subtracting(sampled), [], "messages without a hostile sample")
    }

    func testIdentityWithstandsHostileInput() throws { try attack(ServiceName.identity) }
    func testNotifierWithstandsHostileInput() throws { try attack(ServiceName.notifier) }
    func testAdminWithstandsHostileInput() throws { try attack(ServiceName.admin) }

    private func attack(_ name: String) throws {
        let seed = SplitMix64.runSeed()
        let service = trio[name]
        let pid = trio.pid(name)
        print("hostile[\(name)]: seed \(seed) (replay with CONNECT_TEST_SEED=\(seed)), \(Self.lines) lines")
        let warm = try LineSocket(service.socketPath)
        for i in 0..<200 {
            warm.write(Data(#"{"id":"w\#(i)","type":"health"}"#.utf8 + [0x0A]))
            _ = warm.readLine()
        }
        warm.close()
        let rssBefore = try XCTUnwrap(ProcessProbe.residentKiB(pid))
        let anonBefore = ProcessProbe.anonymousKiB(pid) ?? 0
        let watch = HealthWatch(trio)

        // 1,000 idle connections held open for the whole run; half of them sent half a line.
        var idle: [LineSocket] = []
        for i in 0..<Self.idleConnections {
            let s = try LineSocket(service.socketPath, timeout: 20)
            if i % 2 == 1 { s.write(Data(#"{"id":"idle-\#(i)","ty"#.utf8)) }
            idle.append(s)
        }
        // 20 deaf clients: they pipeline requests and never read a reply, so the
        // service's writes to them block (until its 30 s send timeout).
        let deaf = try (0..<20).map { _ in try LineSocket(service.socketPath, timeout: 2) }
        let request = Data(String(repeating: #"{"id":"deaf","type":"health"}"# + "\n", count: 200).utf8)
        for s in deaf { Thread { for _ in 0..<50 where s.write(request) {} }.start() }
        usleep(300_000)
        let rssIdle = ProcessProbe.residentKiB(pid) ?? 0
        let threadsIdle = ProcessProbe.threads(pid) ?? 0

        halfLinesThenHangUp(service.socketPath, seed: seed)

        // The hostile stream, pipelined over a few connections, in two halves: memory
        // that keeps growing in the second half would be a leak, not a cache filling up.
        let rng = SplitMix64(seed: seed)
        let results = OutcomeBox()
        let started = Date()
        var rssHalf = 0
        for half in 0..<2 {
            let lines = half == 0 ? Self.lines / 2 : Self.lines - Self.lines / 2
            let per = lines / Self.workers
            onThreads(Self.workers) { w in
                let maker = HostileLineMaker(rng: rng.fork(UInt64(half * 100 + w + 1)), service: name)
                let count = w == 0 ? lines - per * (Self.workers - 1) : per
                results.add(HostileStream().run(socket: service.socketPath, maker: maker, count: count))
            }
            if half == 0 { rssHalf = ProcessProbe.residentKiB(pid) ?? 0 }
        }
        let rssEnd = ProcessProbe.residentKiB(pid) ?? 0
        let elapsed = Date().timeIntervalSince(started)
        let outcome = results.total

        try oversizedLines(service.socketPath)

        // The idle connections still work: each completes a request.
        var idleAnswered = 0
        for (i, s) in idle.enumerated() where i % 50 == 0 || i % 50 == 1 {
            let rest = i % 2 == 1 ? #"pe":"health"}"# : #"{"id":"idle-\#(i)","type":"health"}"#
            s.write(Data(rest.utf8 + [0x0A]))
            if let reply = s.readLine(), HostileStream.check(reply, .health(name)) == nil,
                HostileStream.check(reply, .id("idle-\(i)")) == nil
            {
                idleAnswered += 1
            }
        }
        for s in idle { s.close() }
        idle = []
        // Their writer threads end; the sockets close with the test.
        for s in deaf { Glibc.shutdown(s.fd, Int32(SHUT_RDWR)) }
        let expectedIdle = (0..<Self.idleConnections).filter { $0 % 50 == 0 || $0 % 50 == 1 }.count

        let health = watch.finish()
        usleep(1_000_000)
        let rssAfter = try XCTUnwrap(ProcessProbe.residentKiB(pid))
        let anonAfter = ProcessProbe.anonymousKiB(pid) ?? 0
        let final = try service.client(timeout: 5).call(Health.self, Empty())

        let rate = Double(outcome.replies) / elapsed
        print(
            """
            hostile[\(name)]: \(outcome.replies) replies to \(Self.lines) lines in \(String(format: "%.1f", elapsed)) s \
            (\(String(format: "%.0f", rate)) lines/s); codes \(outcome.codes.sorted { $0.key < $1.key })
            hostile[\(name)]: kinds \(outcome.kinds.sorted { $0.key < $1.key })
            hostile[\(name)]: RSS before \(rssBefore / 1024) MiB, with \(Self.idleConnections) idle connections \
            \(rssIdle / 1024) MiB (\(threadsIdle) threads), after half the lines \(rssHalf / 1024) MiB, after all \(rssEnd / 1024) MiB, \
            after closing every connection \(rssAfter / 1024) MiB (anonymous \(anonBefore / 1024) → \(anonAfter / 1024) MiB); \
            health answered \(health.answered.sorted { $0.key < $1.key }), slowest \(String(format: "%.0f", health.slowest * 1000)) ms, \
            idle connections answering \(idleAnswered)/\(expectedIdle)
            """)
        for f in outcome.failures.prefix(20) { print("hostile[\(name)] failure: \(f)") }

        XCTAssertEqual(final.service, name)
        XCTAssertTrue(
            outcome.failures.isEmpty,
            "\(outcome.failures.count) bad replies, first: \(outcome.failures.prefix(5)) (seed \(seed))")
        XCTAssertEqual(outcome.replies, Self.lines, "every line answered (seed \(seed))")
        XCTAssertTrue(health.failures.isEmpty, "health failed during the attack: \(health.failures.prefix(5))")
        for other in ServiceName.all {
            XCTAssertGreaterThan(health.answered[other] ?? 0, 0, "\(other) never answered health")
        }
        XCTAssertEqual(idleAnswered, expectedIdle, "idle connections must still be served")
        XCTAssertLessThan(
            rssAfter, rssBefore + Self.rssAllowanceKiB,
            "RSS grew from \(rssBefore) KiB to \(rssAfter) KiB (seed \(seed))")
        XCTAssertLessThan(
            anonAfter, anonBefore + Self.afterBurstAllowanceKiB,
            "anonymous memory kept after the burst: \(anonBefore) KiB → \(anonAfter) KiB (seed \(seed))")
        // Short runs are still warming up (arenas, caches) at half time: the leak check
        // needs the long run.
        if Self.lines >= 50_000 {
            XCTAssertLessThan(
                rssEnd - rssHalf, Self.secondHalfAllowanceKiB,
                "RSS still grew by \(rssEnd - rssHalf) KiB in the second half of the stream (seed \(seed))")
        }
        XCTAssertGreaterThan(
            outcome.codes["bad_request"] ?? 0, Self.lines / 10, "the stream must be mostly bad requests")
        XCTAssertGreaterThan(outcome.codes["ok"] ?? 0, 0, "valid requests in the stream must succeed")
    }

    /// Half a request, then the client hangs up: 200 times, at random cut points.
    private func halfLinesThenHangUp(_ path: String, seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0x4A1F)
        let line = Array(#"{"id":"half","type":"health","lang":"fr","body":{}}"#.utf8)
        for _ in 0..<200 {
            guard let s = try? LineSocket(path, timeout: 5) else {
                XCTFail("connect failed")
                return
            }
            s.write(Data(line.prefix(rng.int(1...(line.count - 1)))))
            s.close()
        }
    }

    /// A line over 1 MiB gets `bad_request` and the connection is closed; a line of
    /// exactly 1 MiB is still served and the connection stays usable.
    private func oversizedLines(_ path: String) throws {
        let limit = SocketServer.lineLimit
        for size in [limit + 1, limit + 100_000, 3 * limit] {
            let s = try LineSocket(path, timeout: 20)
            let head = Array(#"{"id":"big","type":"health","body":{"pad":""#.utf8)
            let tail = Array(#""}}"#.utf8)
            var line = head + [UInt8](repeating: 0x61, count: size - head.count - tail.count) + tail
            line.append(0x0A)
            let data = Data(line)
            // The server stops reading: write on another thread, and wait for that write to
            // end before closing (else its fd number may be reused by the next connection).
            let written = DispatchSemaphore(value: 0)
            Thread {
                s.write(data)
                written.signal()
            }.start()
            defer {
                written.wait()
                s.close()
            }
            let reply = try XCTUnwrap(s.readLine(), "no reply to a \(size)-byte line")
            XCTAssertEqual(HostileStream.code(of: reply), "bad_request", "a \(size)-byte line")
            XCTAssertNil(HostileStream.check(reply, .id(nil)))
            XCTAssertTrue(s.readsEOF(), "the connection must be closed after a line over the limit")
        }
        let s = try LineSocket(path, timeout: 20)
        let head = Array(#"{"id":"max","type":"health","body":{"pad":""#.utf8)
        let tail = Array(#""}}"#.utf8)
        let line = head + [UInt8](repeating: 0x62, count: limit - head.count - tail.count) + tail
        XCTAssertEqual(line.count, limit)
        s.write(Data(line + [0x0A]))
        let reply = try XCTUnwrap(s.readLine(), "no reply to a line of exactly 1 MiB")
        XCTAssertNil(HostileStream.check(reply, .id("max")))
        s.write(Data(#"{"id":"after","type":"health"}"#.utf8 + [0x0A]))
        XCTAssertNil(HostileStream.check(try XCTUnwrap(s.readLine()), .id("after")))
        s.close()
    }
}

/// Outcomes gathered from the stream's worker threads.
final class OutcomeBox: Sendable {
    private let all = Mutex(HostileStream.Outcome())
    func add(_ o: HostileStream.Outcome) {
        all.withLock { all in
            all.replies += o.replies
            all.failures += o.failures
            for (k, v) in o.codes { all.codes[k, default: 0] += v }
            for (k, v) in o.kinds { all.kinds[k, default: 0] += v }
        }
    }
    var total: HostileStream.Outcome { all.withLock { $0 } }
}
