import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, item 12 ("cheap exhaustion"), against the real executables: a line
/// sent a byte at a time, one peer taking every connection slot, a huge
/// `admin.mandants.search` text.
final class ExhaustionAttackTests: XCTestCase {
    private func notifier(_ dir: TempDirectory, _ env: [String: String]) throws -> ServiceProcess {
        let s = ServiceProcess(
            ServiceName.notifier, runDir: dir.file("run"), dataDir: dir.file("data"),
            environment: ["NOTIFIER_OUTBOX": "file:\(dir.file("outbox"))"].merging(env) { $1 })
        try s.start()
        return s
    }

    /// The idle timeout restarted on every byte, so a trickle held a slot for ever.
    /// Now a line, once begun, must be complete within `CONNECT_LINE_TIMEOUT`.
    func testATrickledLineIsCutAtTheLineDeadline() throws {
        let dir = TempDirectory("ex")
        defer { dir.remove() }
        let s = try notifier(dir, ["CONNECT_LINE_TIMEOUT": "1", "CONNECT_IDLE_TIMEOUT": "300"])
        defer { s.stop() }
        let socket = try LineSocket(s.socketPath, timeout: 5)
        let started = monotonicSeconds()
        var closedAfter: Double?
        let bytes = Array(#"{"id":"t","type":"health","body":{}}"#.utf8)
        for i in 0..<40 {
            // One byte every 100 ms: each well inside any idle timeout, the line never complete.
            _ = socket.write(Data([bytes[i % (bytes.count - 1)]]))
            var pfd = pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 100) > 0, socket.readsEOF() {
                closedAfter = monotonicSeconds() - started
                break
            }
        }
        let after = try XCTUnwrap(closedAfter, "a line trickled for 4 s still held its connection")
        XCTAssertLessThan(after, 2.5)
        XCTAssertGreaterThanOrEqual(after, 0.9)
        XCTAssertTrue(s.log().contains("line not complete in time"))
        // A whole line at once is served as before.
        XCTAssertEqual(try s.client().call(Health.self, Empty()).service, ServiceName.notifier)
    }

    /// Slots were global: one peer could open them all. Now each uid has its own cap.
    func testOnePeerCannotTakeEverySlot() throws {
        let dir = TempDirectory("ey")
        defer { dir.remove() }
        let s = try notifier(dir, ["CONNECT_MAX_CONNECTIONS": "40", "CONNECT_MAX_CONNECTIONS_PER_UID": "6"])
        defer { s.stop() }
        usleep(300_000) // the start-up health probes' connections close
        var held: [LineSocket] = []
        for i in 0..<6 {
            let c = try LineSocket(s.socketPath, timeout: 5)
            c.write(Data(#"{"id":"h\#(i)","type":"health"}"#.utf8 + [0x0A]))
            XCTAssertNotNil(c.readLine(), "connection \(i) within the cap is served")
            held.append(c)
        }
        let extra = try LineSocket(s.socketPath, timeout: 3)
        XCTAssertTrue(extra.readsEOF(), "a 7th connection from the same uid is refused while 6 are open")
        XCTAssertTrue(s.log().contains("too many connections from this uid"))
        held.removeLast().close()
        usleep(200_000)
        let again = try LineSocket(s.socketPath, timeout: 5)
        again.write(Data(#"{"id":"h","type":"health"}"#.utf8 + [0x0A]))
        XCTAssertNotNil(again.readLine(), "a slot given back is usable again")
    }

    /// `admin.mandants.search` had no cap on `text`: every request folded the whole
    /// text against every mandant. Now 200 characters and 800 bytes, as the user search.
    func testMandantSearchTextIsCapped() throws {
        let trio = Trio(prefix: "ez")
        defer { trio.remove() }
        try trio.start()
        let flows = Flows(trio)
        let (_, session) = try flows.employerWithAdmin(
            number: "4771.100", name: "Longtext SA", email: "long@longtext.ch",
            phone: "+41791230771", password: "Fenetre-Lac-2026!")
        func search(_ text: String) throws -> ReplyEnvelope {
            try flows.admin.send(type: MandantsSearch.type, body: MandantsSearch.Body(text: text), session: session)
        }
        XCTAssertTrue(try search(String(repeating: "a", count: 200)).ok)
        for text in [
            String(repeating: "a", count: 201), String(repeating: "a", count: 500_000),
            "a" + String(repeating: "\u{301}", count: 400),
        ] {
            let reply = try search(text)
            XCTAssertEqual(reply.error?.code, "bad_request")
            XCTAssertEqual(reply.error?.field, "text")
        }
        let found = try flows.admin.call(MandantsSearch.self, .init(text: "longtext"), session: session)
        XCTAssertEqual(found.mandants.map(\.number), ["4771.100"])
    }
}
