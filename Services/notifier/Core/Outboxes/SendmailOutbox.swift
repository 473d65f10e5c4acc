import Dispatch
import FoundationEssentials
import Glibc
import Runtime
import Wire

/// `sendmail:<program>`: pipes the RFC 5322 message to `<program> -t -i` (the
/// recipients come from the headers; a lone "." is not the end). Exit 0 is
/// success; exit 65 (data) and 67 (unknown user) are permanent; anything else,
/// including a timeout, is tried again.
public struct SendmailOutbox: Outbox {
    public let command: [String]
    public let timeout: TimeInterval
    /// The program only: its arguments may carry a relay's credentials (`-ap …`).
    public var kind: String { "sendmail:" + command[0] }
    public var maxDuration: TimeInterval { timeout + 1 }

    public init(command: [String], timeout: TimeInterval) {
        self.command = command
        self.timeout = timeout
    }

    public func deliver(_ message: RenderedMessage) throws {
        guard let eml = message.email else { throw DeliveryError.permanent("no e-mail was composed") }
        // stderr to a file: reading a pipe could block on a descriptor still open here.
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let errorPath = tmp + "/notifier-sendmail-\(message.messageId)-\(UInt32.random(in: 0...UInt32.max)).err"
        defer { unlink(errorPath) }
        let p: ChildProcess
        do {
            p = try ChildProcess(
                command[0], arguments: Array(command.dropFirst()) + ["-t", "-i"], stderr: .file(errorPath))
        } catch {
            throw DeliveryError.retryable("\(error)")
        }
        // Written on another thread: a program that does not read must not block us past the timeout.
        startThread(name: "sendmail-write") {
            _ = writeAll(p.input, eml)
            p.closeInput()
        }
        guard let termination = p.wait(timeout: timeout) else {
            p.kill()
            _ = p.wait(timeout: 5)
            throw DeliveryError.retryable("\(command[0]) did not finish within \(Int(timeout)) s")
        }
        let stderr = String(
            decoding: (FileManager.default.contents(atPath: errorPath) ?? Data()).prefix(300), as: UTF8.self
        )
        .trimmed(.spacesAndNewlines)
        let status: Int32
        switch termination {
        case .exited(0): return
        case .exited(let code): status = code
        case .signalled(let signal): status = signal
        }
        let what = "\(command[0]) exited with \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
        if case .exited(let code) = termination, code == 65 || code == 67 { throw DeliveryError.permanent(what) }
        throw DeliveryError.retryable(what)
    }
}
