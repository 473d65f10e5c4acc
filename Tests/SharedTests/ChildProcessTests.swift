import Foundation
import Runtime
import XCTest

/// posix_spawn in place of Foundation's Process: the exit, a signal, a pipe both ways,
/// a program that never reads, and one that does not exist.
final class ChildProcessTests: XCTestCase {
    func testStdinToStdoutAndTheExitCode() throws {
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "cat; exit 3"], stdout: .pipe)
        XCTAssertTrue(writeAll(child.input, Array("hello\n".utf8)))
        child.closeInput()
        XCTAssertEqual(String(decoding: readUpTo(child.output!, 100), as: UTF8.self), "hello\n")
        XCTAssertEqual(child.wait(timeout: 10), .exited(3))
        XCTAssertEqual(child.wait(timeout: 0), .exited(3), "asked again, the same answer")
    }

    func testAProgramThatHangsIsStillRunningThenKilled() throws {
        let child = try ChildProcess("/bin/sleep", arguments: ["30"])
        XCTAssertNil(child.wait(timeout: 0.2))
        child.kill()
        XCTAssertEqual(child.wait(timeout: 10), .signalled(SIGKILL))
    }

    func testWritingToAProgramThatExitedIsAFailureNotACrash() throws {
        signal(SIGPIPE, SIG_IGN)
        let child = try ChildProcess("/bin/true")
        XCTAssertEqual(child.wait(timeout: 10), .exited(0))
        XCTAssertFalse(writeAll(child.input, [UInt8](repeating: 0x41, count: 1 << 20)))
    }

    func testStderrToAFile() throws {
        let dir = NSTemporaryDirectory() + "child-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "echo oops >&2"], stderr: .file(dir + "/err"))
        XCTAssertEqual(child.wait(timeout: 10), .exited(0))
        XCTAssertEqual(try String(contentsOfFile: dir + "/err", encoding: .utf8), "oops\n")
    }

    func testAMissingProgramIsAClearError() {
        XCTAssertThrowsError(try ChildProcess("/nonexistent/program")) {
            XCTAssertTrue("\($0)".contains("/nonexistent/program"), "\($0)")
        }
    }
}
