import Foundation

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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst()) + ["-t", "-i"]
        let input = Pipe()
        p.standardInput = input
        // stderr to a file: reading a pipe could block on a descriptor still open here.
        let errorPath =
            NSTemporaryDirectory() + "/notifier-sendmail-\(message.messageId)-\(UInt32.random(in: 0...UInt32.max)).err"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { unlink(errorPath) }
        let errors = FileHandle(forWritingAtPath: errorPath)
        defer { try? errors?.close() }
        p.standardError = errors ?? FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        do {
            try p.run()
        } catch {
            throw DeliveryError.retryable("cannot start \(command[0]): \(error.localizedDescription)")
        }
        // Written on another thread: a program that does not read must not block us past the timeout.
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: eml)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(p.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 5)
            throw DeliveryError.retryable("\(command[0]) did not finish within \(Int(timeout)) s")
        }
        let stderr = String(
            decoding: (FileManager.default.contents(atPath: errorPath) ?? Data()).prefix(300), as: UTF8.self
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        let status = p.terminationStatus
        if p.terminationReason == .exit && status == 0 { return }
        let what = "\(command[0]) exited with \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
        if p.terminationReason == .exit && (status == 65 || status == 67) { throw DeliveryError.permanent(what) }
        throw DeliveryError.retryable(what)
    }
}
