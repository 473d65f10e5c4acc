import Contracts
import Foundation
import NotifierCore
import TestSupport
import XCTest

/// How the sendmail outbox reads a program's ending, with small shell programs in
/// its place: exit 0 delivered, 65 and 67 final, the rest tried again, and what the
/// program said on stderr carried into the error (no file of it left behind).
final class SendmailVerdictTests: XCTestCase {
    var temp: TempDirectory!

    override func setUp() { temp = TempDirectory("sv") }
    override func tearDown() { temp.remove() }

    private func deliver(_ script: String) -> DeliveryError? {
        guard let program = try? temp.write(Data("#!/bin/sh\ncat > /dev/null\n\(script)\n".utf8), "sendmail")
        else {
            XCTFail("cannot write the fake sendmail")
            return nil
        }
        chmod(program, 0o755)
        let outbox = SendmailOutbox(command: [program], timeout: 5)
        let message = RenderedMessage(
            messageId: "msg_v", channel: .email, to: "a@b.ch", text: "t", email: Data("Subject: s\r\n\r\nt\r\n".utf8))
        do {
            try outbox.deliver(message)
            return nil
        } catch let error as DeliveryError {
            return error
        } catch {
            XCTFail("\(error)")
            return nil
        }
    }

    func testExitZeroIsDelivered() {
        XCTAssertNil(deliver("exit 0"))
    }

    func testItsStderrIsCarriedIntoTheErrorAndNoFileStays() throws {
        let program = temp.file("sendmail")
        XCTAssertEqual(
            deliver("echo '  relay refused: try later  ' >&2\nexit 75"),
            .retryable("\(program) exited with 75: relay refused: try later"))
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp).filter {
            $0.hasPrefix("notifier-sendmail-msg_v-")
        }
        XCTAssertEqual(left, [])
    }

    func testDataAndUnknownUserAreFinal() {
        let program = temp.file("sendmail")
        XCTAssertEqual(deliver("exit 65"), .permanent("\(program) exited with 65"))
        XCTAssertEqual(
            deliver("echo 'no such user' >&2\nexit 67"), .permanent("\(program) exited with 67: no such user"))
    }

    func testASignalIsNamedAsOneAndTriedAgain() {
        let program = temp.file("sendmail")
        XCTAssertEqual(deliver("kill -9 $$"), .retryable("\(program) was killed by signal 9"))
    }
}
