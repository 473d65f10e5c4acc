import Foundation
import Runtime
import TestSupport
import XCTest

/// posix_spawn in place of Foundation's Process: the exit, a signal, a pipe both ways,
/// a program that never reads, and one that does not exist.
final class ChildProcessTests: XCTestCase {
    func testStdinToStdoutAndTheExitCode() throws {
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "cat; exit 3"], stdout: .pipe)
        XCTAssertTrue(writeAll(child.input, Array("hello\n".utf8)))
        child.closeInput()
        XCTAssertEqual(String(decoding: readUpTo(child.output!, 100), as: UTF8.self), "hello\n")
        XCTAssertEqual(child.wait(timeout: 10), ChildProcess.Termination.exited(3))
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

    func testStderrToADescriptorOfTheCallers() throws {
        let path = NSTemporaryDirectory() + "child-\(UUID().uuidString).err"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer {
            close(fd)
            unlink(path)
        }
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "echo oops >&2"], stderr: .descriptor(fd))
        XCTAssertEqual(child.wait(timeout: 10), ChildProcess.Termination.exited(0))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "oops\n")
    }

    /// As Process did: a child holds none of our descriptors (a service's sockets, another
    /// child's pipes) but its three standard ones, CLOEXEC or not.
    func testTheChildGetsOnlyItsStandardDescriptors() throws {
        let ours = open("/dev/null", O_RDONLY) // no O_CLOEXEC
        defer { close(ours) }
        let child = try ChildProcess("/bin/ls", arguments: ["/proc/self/fd"], stdout: .pipe)
        child.closeInput()
        let listed = String(decoding: readUpTo(child.output!, 4096), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(child.wait(timeout: 10), .exited(0))
        // 0, 1, 2 and the one ls opened to read the directory.
        XCTAssertEqual(listed.count, 4, "\(listed)")
        XCTAssertFalse(listed.contains(Substring(String(ours))), "\(listed)")
    }

    /// In a group of its own, a kill also ends what the child left running after it exited.
    func testAKillReachesTheGroupAfterTheLeaderExited() throws {
        let child = try ChildProcess(
            "/bin/sh", arguments: ["-c", "sleep 600 >/dev/null 2>&1 & echo $!"], stdout: .pipe, ownProcessGroup: true)
        child.closeInput()
        let text = String(decoding: readUpTo(child.output!, 64), as: UTF8.self)
        let grandchild = try XCTUnwrap(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertEqual(child.wait(timeout: 10), .exited(0))
        XCTAssertFalse(Self.gone(grandchild), "still running")
        child.kill()
        XCTAssertTrue(Poll.until(timeout: 20) { Self.gone(grandchild) }, "the group's sleep was killed")
    }

    /// Gone, or dead and not yet reaped (an orphan's zombie waits for whoever adopts it).
    private static func gone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat.distance(from: close, to: stat.endIndex) > 2
        else { return true }
        return ["Z", "X"].contains(stat[stat.index(close, offsetBy: 2)])
    }

    func testAMissingProgramIsAClearError() {
        XCTAssertThrowsError(try ChildProcess("/nonexistent/program")) {
            XCTAssertTrue("\($0)".contains("/nonexistent/program"), "\($0)")
        }
    }
}
