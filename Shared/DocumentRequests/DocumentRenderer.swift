import Dispatch
import FoundationEssentials
import Glibc
import Runtime
import Wire

/// Renders documents in `connect-documents`, a helper program next to the running one:
/// a letter or an export maps cairo, pango, fontconfig and libxlsxwriter into that
/// short-lived process only, never into the service, whose idle memory stays small.
///
/// One request per process. Both ways are framed (a header line with the byte count,
/// then the bytes), so neither side waits for an end of file that a descriptor
/// inherited by another child could hold back: in, `<count>\n<JSON request>`; out,
/// `ok <count>\n<document>` or `error <message>\n`.
public enum DocumentRenderer {
    /// The helper's name, looked up beside the running executable.
    public static let helperName = "connect-documents"
    /// A document that takes longer than this is abandoned (the helper is killed).
    public static let timeout: TimeInterval = 120

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// At most this many helpers at once (one per core): a burst of exports queues here
    /// rather than starting a font stack per request.
    public static let concurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    private static let slots = DispatchSemaphore(value: concurrency)
    /// How long a render waits for a free helper before answering that the service is busy.
    public static let queueTimeout: TimeInterval = 30

    public static func render(_ request: DocumentRequest) throws -> Data {
        let payload = try JSONEncoder().encode(request)
        guard slots.wait(timeout: .now() + queueTimeout) == .success else {
            throw Failure("\(helperName): every helper busy for \(Int(queueTimeout)) s")
        }
        defer { slots.signal() }
        // A helper that exits before reading its request must not kill the caller.
        signal(SIGPIPE, SIG_IGN)
        let helper: ChildProcess
        do {
            helper = try ChildProcess(try helperPath(), stdout: .pipe, stderr: .inherit)
        } catch { throw Failure("cannot start \(helperName): \(error)") }
        let watchdog = DispatchWorkItem { helper.kill() }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer {
            // A reply read short (or refused) leaves the helper writing into a full pipe:
            // closing our end ends that write, and a helper that still does not exit is killed.
            helper.closeOutput()
            if helper.wait(timeout: 5) == nil {
                helper.kill()
                _ = helper.wait(timeout: .infinity)
            }
            watchdog.cancel()
        }
        _ = writeAll(helper.input, Array("\(payload.count)\n".utf8) + payload)
        helper.closeInput()
        return try readReply(helper.output!)
    }

    /// `ok <count>\n<bytes>` → the bytes; `error <message>` → thrown.
    static func readReply(_ fd: Int32) throws -> Data {
        var header: [UInt8] = []
        while header.last != 0x0A, header.count < 4096 {
            let byte = readUpTo(fd, 1)
            guard !byte.isEmpty else { break }
            header += byte
        }
        let line = String(decoding: header, as: UTF8.self).trimmed(.newlines)
        if line.hasPrefix("error ") { throw Failure(String(line.dropFirst(6))) }
        guard line.hasPrefix("ok "), let count = Int(line.dropFirst(3)), count >= 0 else {
            throw Failure("\(helperName) ended without a document")
        }
        let body = Data(readUpTo(fd, count))
        guard body.count == count else { throw Failure("\(helperName) sent \(body.count) of \(count) bytes") }
        return body
    }

    /// Beside the running executable (/proc/self/exe: also right for the test runner,
    /// which sits in the same build directory), else `CONNECT_BIN_DIR`.
    static func helperPath() throws -> String {
        var candidates: [String] = []
        if let dir = ProgramFiles.directory { candidates.append(dir + "/" + helperName) }
        if let dir = ProcessInfo.processInfo.environment["CONNECT_BIN_DIR"], !dir.isEmpty {
            candidates.append(dir + "/" + helperName)
        }
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw Failure("\(helperName) not found (looked in: \(candidates.joined(separator: ", ")))")
        }
        return path
    }
}
