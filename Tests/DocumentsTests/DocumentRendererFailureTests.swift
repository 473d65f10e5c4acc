import Foundation
import Synchronization
import TestSupport
import XCTest

@testable import DocumentRequests

/// The renderer against a fake helper (a shell script) that fails in each way the real
/// one could: every failure is a clear error, the fake is gone afterwards (with what it
/// started), and the next render through the same renderer, with its one slot, works.
final class DocumentRendererFailureTests: XCTestCase {
    private var dir: TempDirectory!
    private var renderer: DocumentRenderer!
    private var helper: String { dir.file("connect-documents") }
    private var request = DocumentRequest.table(
        .init(title: "t", subtitle: "s", columns: [.init(title: "A", weight: 1)], rows: [["a"]], footer: "f"))

    override func setUpWithError() throws {
        dir = TempDirectory("render")
        // One slot: a render that kept it would make the next one wait, then fail busy.
        renderer = DocumentRenderer(helperPath: helper, timeout: 1, queueTimeout: 10, concurrency: 1, exitGrace: 1)
    }

    override func tearDown() { dir.remove() }

    /// The fake helper runs `body` after writing its pid to `pid`.
    private func fake(_ body: String) throws {
        let script = "#!/bin/sh\necho $$ > \(dir.file("pid"))\n\(body)\n"
        try script.write(toFile: helper, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(helper, 0o755), 0)
    }

    private func pid(_ name: String) throws -> Int32 {
        let text = try String(contentsOfFile: dir.file(name), encoding: .utf8)
        return try XCTUnwrap(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Gone, or dead and not yet reaped (a zombie is no longer running). A process
    /// that is not our child gives no event of its end: polled, within a generous bound.
    private func assertGone(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let pid = try pid(name)
        func gone() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), stat.distance(from: close, to: stat.endIndex) > 2
            else { return true }
            return ["Z", "X"].contains(stat[stat.index(close, offsetBy: 2)])
        }
        XCTAssertTrue(Poll.until(timeout: 20, every: 0.01, gone), "\(name) \(pid) still runs", file: file, line: line)
    }

    /// The render's result, or nil (a failure) if it did not return within a generous bound:
    /// a renderer that waits for ever fails the test instead of hanging it.
    private func render(file: StaticString = #filePath, line: UInt = #line) -> Result<Data, Error>? {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<Data, Error>?>(nil)
        let (renderer, request) = (renderer!, request)
        DispatchQueue.global().async {
            let r = Result { try renderer.render(request) }
            result.withLock { $0 = r }
            done.signal()
        }
        guard done.wait(timeout: .now() + 60) == .success else {
            XCTFail("the render did not return within 60 s", file: file, line: line)
            return nil
        }
        return result.withLock { $0 }
    }

    private func renderFails(file: StaticString = #filePath, line: UInt = #line) -> String {
        switch render(file: file, line: line) {
        case .success(let document):
            XCTFail("rendered \(document.count) bytes", file: file, line: line)
            return ""
        case .failure(let error): return "\(error)"
        case nil: return ""
        }
    }

    private func renders(file: StaticString = #filePath, line: UInt = #line) -> Data? {
        switch render(file: file, line: line) {
        case .success(let document): return document
        case .failure(let error):
            XCTFail("\(error)", file: file, line: line)
            return nil
        case nil: return nil
        }
    }

    /// A well-behaved fake through the same renderer: the slot and the process are free again.
    private func assertNextRenderWorks(file: StaticString = #filePath, line: UInt = #line) throws {
        try fake("cat > /dev/null\nprintf 'ok 5\\nhello'")
        XCTAssertEqual(renders(file: file, line: line), Data("hello".utf8), file: file, line: line)
        try assertGone("pid", file: file, line: line)
    }

    func testAReplyCutShortIsAnErrorAndTheHelperDoesNotKillTheCaller() throws {
        // Closes its input unread and exits: writing a request larger than the pipe holds
        // meets a closed pipe (SIGPIPE would end the caller, were it not ignored).
        let rows = (0..<2000).map { ["row \($0) " + String(repeating: "x", count: 60)] }
        request = .table(
            .init(title: "t", subtitle: "s", columns: [.init(title: "A", weight: 1)], rows: rows, footer: "f"))
        try fake("exec 0<&-\nprintf 'ok 100\\nabc'")
        XCTAssertEqual(renderFails(), "connect-documents sent 3 of 100 bytes")
        try assertGone("pid")
        try assertNextRenderWorks()
    }

    func testAHelperThatHangsIsKilledWithWhatItStarted() throws {
        try fake("sleep 600 > /dev/null &\necho $! > \(dir.file("child"))\nwait")
        let started = Date()
        XCTAssertEqual(renderFails(), "connect-documents did not answer within 1 s and was killed")
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "cut off at its timeout, not at the child's end")
        try assertGone("pid")
        try assertGone("child")
        try assertNextRenderWorks()
    }

    /// The helper exits at once, leaving a child that holds the reply pipe open: the
    /// read sees no end until the timeout kills the helper's whole group.
    func testAChildLeftBehindHoldingTheReplyIsKilledWithTheGroup() throws {
        try fake("sleep 600 &\necho $! > \(dir.file("child"))\nexit 0")
        XCTAssertEqual(renderFails(), "connect-documents did not answer within 1 s and was killed")
        try assertGone("child")
        try assertNextRenderWorks()
    }

    func testAHelperThatExitsNonZeroSaysSo() throws {
        try fake("head -c 1 > /dev/null\nexit 3")
        XCTAssertEqual(
            renderFails(), "connect-documents ended without a document (connect-documents exited with status 3)")
        try assertGone("pid")
        try assertNextRenderWorks()
    }

    func testGarbageIsRefusedAndAHelperStillWritingIsStopped() throws {
        // Endless lines: refused at the first, then the closed pipe ends the writer.
        try fake("yes garbage")
        XCTAssertTrue(renderFails().hasPrefix("connect-documents answered neither `ok <count>` nor `error <message>`"))
        try assertGone("pid")
        // No line end at all: refused once the header passes its 4 KiB.
        try fake("head -c 10000 /dev/zero | tr '\\000' x")
        XCTAssertTrue(renderFails().contains("(4096 bytes)"))
        try assertGone("pid")
        try assertNextRenderWorks()
    }

    func testAHelperLingeringAfterAWholeDocumentIsKilledAndTheDocumentKept() throws {
        try fake("printf 'ok 3\\nabc'\nsleep 600 &\necho $! > \(dir.file("child"))\nwait")
        XCTAssertEqual(renders(), Data("abc".utf8))
        try assertGone("pid")
        try assertGone("child")
        try assertNextRenderWorks()
    }

    func testTheHelpersOwnErrorLineIsPassedOnAsItIs() throws {
        try fake("cat > /dev/null\necho 'error cairo: out of memory'\nexit 1")
        XCTAssertEqual(renderFails(), "cairo: out of memory")
        try assertNextRenderWorks()
    }

    func testARenderFindingEveryHelperBusyGivesUpAfterTheQueueTimeout() throws {
        renderer = DocumentRenderer(helperPath: helper, timeout: 2, queueTimeout: 0.2, concurrency: 1, exitGrace: 1)
        try fake("sleep 600 > /dev/null &\necho $! > \(dir.file("child"))\nwait")
        let first = DispatchSemaphore(value: 0)
        let (renderer, request) = (renderer!, request)
        DispatchQueue.global().async {
            _ = try? renderer.render(request)
            first.signal()
        }
        // The fake has started once it wrote its child's pid: the one slot is taken.
        Poll.until(timeout: 20, every: 0.01) { FileManager.default.fileExists(atPath: dir.file("child")) }
        XCTAssertEqual(renderFails(), "connect-documents: every helper busy for 0.2 s")
        XCTAssertEqual(first.wait(timeout: .now() + 60), .success, "the first render ends at its timeout")
        try assertGone("child")
        try assertNextRenderWorks()
    }

    func testAHelperThatCannotStartIsAnError() throws {
        XCTAssertTrue(renderFails().hasPrefix("cannot start connect-documents"))
        try assertNextRenderWorks()
    }
}
