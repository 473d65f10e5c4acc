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
        // New and ours only (O_EXCL, no link followed), its name removed at once: it is read
        // back through this descriptor. Without it the mail still goes.
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let errorPath = tmp + "/notifier-sendmail-\(message.messageId)-\(UInt32.random(in: 0...UInt32.max)).err"
        let errors = open(errorPath, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if errors >= 0 { unlink(errorPath) }
        defer { if errors >= 0 { close(errors) } }
        // Its own process group, as Process gave it: a ^C to ours does not cut a delivery,
        // and a kill ends what it started.
        let p: ChildProcess
        do {
            p = try ChildProcess(
                command[0], arguments: Array(command.dropFirst()) + ["-t", "-i"],
                stderr: errors >= 0 ? .descriptor(errors) : .discard, ownProcessGroup: true)
        } catch {
            throw DeliveryError.retryable("\(error)")
        }
        // Written on another thread: a program that does not read must not block us past the timeout.
        do {
            try startThread(name: "sendmail-write") {
                _ = writeAll(p.input, eml)
                p.closeInput()
            }
        } catch {
            p.kill()
            throw DeliveryError.retryable("\(error)")
        }
        guard let termination = p.wait(timeout: timeout) else {
            p.kill()
            _ = p.wait(timeout: 5)
            throw DeliveryError.retryable("\(command[0]) did not finish within \(Int(timeout)) s")
        }
        try judge(termination, stderr: errors >= 0 ? Self.firstBytes(of: errors) : "")
    }

    /// Exit 0 is delivered; 65 and 67 are final; anything else is tried again.
    private func judge(_ termination: ChildProcess.Termination, stderr: String) throws {
        let ending: String
        switch termination {
        case .exited(0): return
        case .exited(let code): ending = "exited with \(code)"
        case .signalled(let signal): ending = "was killed by signal \(signal)"
        case .unknown: ending = "ended, but how is unknown"
        }
        let what = "\(command[0]) \(ending)" + (stderr.isEmpty ? "" : ": \(stderr)")
        if case .exited(let code) = termination, code == 65 || code == 67 { throw DeliveryError.permanent(what) }
        throw DeliveryError.retryable(what)
    }

    /// The start of what the program wrote to `fd` (it shares the file offset: read from 0).
    private static func firstBytes(of fd: Int32) -> String {
        guard lseek(fd, 0, SEEK_SET) == 0 else { return "" }
        return String(decoding: readUpTo(fd, 300), as: UTF8.self).trimmed(.spacesAndNewlines)
    }
}
