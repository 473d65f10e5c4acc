import Client
import Contracts
import Foundation
import Messaging
import Runtime
import SQLite
import Server
import ServiceKit
import TestSupport
import Testing
import Wire

/// `ServiceMain.assemble`, the wiring every service's `main.swift` goes through,
/// driven in process: the injected clock and peer clients reach the handlers, the
/// router answers as it would on the socket, and what a service opened is closed.
@Suite struct ServiceAssemblyTests {
    enum Now: Message {
        static let type = "test.now"
        static let access = Access.anyone
        typealias Body = Empty
        struct Reply: Codable, Sendable {
            var now: String
            var peer: String
        }
    }

    enum StaffOnly: Message {
        static let type = "test.staff"
        static let access = Access.staff
        typealias Body = Empty
        typealias Reply = Empty
    }

    struct Opened: Error {}

    let dir = TempDirectory("asm")

    func assemble(
        _ env: [String: String] = [:], clock: ManualClock, closed: Arrivals<String>,
        fail: Bool = false
    ) throws -> AssembledService {
        var values = ["CONNECT_RUN_DIR": dir.file("run"), "CONNECT_DATA_DIR": dir.file("data")]
        for (k, v) in env { values[k] = v }
        let environment = Environment(values)
        let peer = ServiceClient(socketPath: dir.file("elsewhere/notifier.sock"))
        return try ServiceMain.assemble(
            service: "probe", config: try CommonConfig(service: "probe", environment: environment),
            environment: environment, clock: clock, peers: [ServiceName.notifier: peer],
            logSink: .memory()
        ) { setup in
            let serviceClock = setup.clock(testVariable: "PROBE_TEST_CLOCK_FILE")
            let notifier = setup.client(for: ServiceName.notifier)
            setup.router.on(Now.self) { _, _ in Now.Reply(now: serviceClock.now().rfc3339, peer: notifier.socketPath) }
            setup.router.on(StaffOnly.self) { _, _ in Empty() }
            setup.onShutdown { closed.append("database") }
            if fail { throw Opened() }
            return []
        }
    }

    @Test func theInjectedClockAndPeersReachTheHandlers() throws {
        defer { dir.remove() }
        let clock = ManualClock(Date(rfc3339: "2026-11-27T09:00:00Z")!)
        let service = try assemble(["PROBE_TEST_CLOCK_FILE": dir.file("ignored")], clock: clock, closed: Arrivals())
        let client = InProcessClient(responder: service.responder)
        #expect(try client.call(Now.self, Empty()).now == "2026-11-27T09:00:00Z")
        clock.advance(15 * 60)
        let reply = try client.call(Now.self, Empty())
        #expect(reply.now == "2026-11-27T09:15:00Z", "the clock the test moves, not the file, not the system's")
        #expect(reply.peer == dir.file("elsewhere/notifier.sock"))
        #expect(try client.call(Health.self, Empty()).service == "probe")
    }

    @Test func theResponderAnswersAsOnTheSocket() throws {
        defer { dir.remove() }
        let service = try assemble(["CONNECT_STAFF_UIDS": "4242424"], clock: ManualClock(), closed: Arrivals())
        let client = InProcessClient(responder: service.responder)
        let refused = try client.send(type: StaffOnly.type, body: Empty(), id: "x-1")
        #expect(refused.id == "x-1")
        #expect(refused.error?.code == "forbidden", "the environment's staff list is the responder's")
        #expect(try client.send(type: "test.nope", body: Empty()).error?.code == "unknown_type")
        let raw = try client.roundTrip(Data(#"{"id":"r","type":"test.now"}"#.utf8))
        #expect(raw.ok && raw.id == "r", "an absent body reads as {}")
    }

    @Test func whatWasOpenedIsClosedAfterUseAndAfterAFailedBuild() throws {
        defer { dir.remove() }
        let closed = Arrivals<String>()
        let service = try assemble(clock: ManualClock(), closed: closed)
        #expect(closed.all.isEmpty)
        service.close()
        #expect(closed.all == ["database"])
        #expect(throws: Opened.self) { try assemble(clock: ManualClock(), closed: closed, fail: true) }
        #expect(closed.all == ["database", "database"], "a build that fails closes what it opened")
    }
}
