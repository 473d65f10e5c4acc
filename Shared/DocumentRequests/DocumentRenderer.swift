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
public struct DocumentRenderer: Sendable {
    /// The helper's name, looked up beside the running executable.
    public static let helperName = "connect-documents"
    /// A document that takes longer than this is abandoned (the helper is killed).
    public static let timeout: TimeInterval = 120
    /// At most this many helpers at once (one per core): a burst of exports queues here
    /// rather than starting a font stack per request.
    public static let concurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// How long a render waits for a free helper before answering that the service is busy.
    public static let queueTimeout: TimeInterval = 30
    /// How long a helper whose reply was read (or refused) may take to exit before it is killed.
    public static let exitGrace: TimeInterval = 5

    /// What notifier and admin use: the helper beside the executable, and one set of
    /// slots for the whole process.
    public static let standard = DocumentRenderer()

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        /// The helper's own `error <message>` line, passed on as it is.
        let fromHelper: Bool
        public init(_ description: String) { self.init(description, fromHelper: false) }
        init(_ description: String, fromHelper: Bool) {
            self.description = description
            self.fromHelper = fromHelper
        }
    }

    /// Nil: `helperPath()`, looked up at each render.
    private let helper: String?
    private let timeout: TimeInterval
    private let queueTimeout: TimeInterval
    private let exitGrace: TimeInterval
    private let slots: DispatchSemaphore

    /// The defaults are production's; tests name a fake helper and short timeouts.
    public init(
        helperPath: String? = nil, timeout: TimeInterval = Self.timeout, queueTimeout: TimeInterval = Self.queueTimeout,
        concurrency: Int = Self.concurrency, exitGrace: TimeInterval = Self.exitGrace
    ) {
        helper = helperPath
        self.timeout = timeout
        self.queueTimeout = queueTimeout
        self.exitGrace = exitGrace
        slots = DispatchSemaphore(value: max(1, concurrency))
    }

    /// Renders with `standard`.
    public static func render(_ request: DocumentRequest) throws -> Data { try standard.render(request) }

    public func render(_ request: DocumentRequest) throws -> Data {
        let payload = try JSONEncoder().encode(request)
        guard slots.wait(timeout: .now() + queueTimeout) == .success else {
            throw Failure("\(Self.helperName): every helper busy for \(Self.seconds(queueTimeout))")
        }
        defer { slots.signal() }
        // A helper that exits before reading its request must not kill the caller.
        signal(SIGPIPE, SIG_IGN)
        let run = try HelperRun(path: helper ?? Self.helperPath(), timeout: timeout)
        let reply = Result { () throws -> Data in
            run.send(Data("\(payload.count)\n".utf8) + payload)
            return try Self.readReply(run.output)
        }
        // Whatever the reply, the helper is gone (exited, or killed) before the slot is freed.
        run.finish(grace: exitGrace)
        switch reply {
        case .success(let document): return document
        case .failure(let error): throw explained(error, run)
        }
    }

    /// The reading's error, told with what became of the helper.
    private func explained(_ error: Error, _ run: HelperRun) -> Error {
        if run.timedOut {
            return Failure("\(Self.helperName) did not answer within \(Self.seconds(timeout)) and was killed")
        }
        if let failure = error as? Failure, failure.fromHelper { return failure }
        switch run.ending {
        case .signal(let s): return Failure("\(error) (\(Self.helperName) killed by signal \(s))")
        case .status(let s) where s != 0: return Failure("\(error) (\(Self.helperName) exited with status \(s))")
        case .status: return error
        }
    }

    static func seconds(_ t: TimeInterval) -> String { (t == t.rounded() ? String(Int(t)) : String(t)) + " s" }

    /// The largest document a reply may announce (a 5,000-user export is well under 1 MiB).
    static let maxDocumentBytes = 256 << 20

    /// `ok <count>\n<bytes>` → the bytes; `error <message>` → thrown.
    static func readReply(_ fd: Int32) throws -> Data {
        var header: [UInt8] = []
        while header.last != 0x0A, header.count < 4096 {
            let byte = readUpTo(fd, 1)
            guard !byte.isEmpty else { break }
            header += byte
        }
        let line = String(decoding: header, as: UTF8.self).trimmed(.newlines)
        if line.hasPrefix("error ") { throw Failure(String(line.dropFirst(6)), fromHelper: true) }
        guard line.hasPrefix("ok "), let count = Int(line.dropFirst(3)), count >= 0 else {
            // The helper's bytes are not repeated: they may be anything, of any length.
            throw Failure(
                header.isEmpty
                    ? "\(helperName) ended without a document"
                    : "\(helperName) answered neither `ok <count>` nor `error <message>` (\(header.count) bytes)")
        }
        guard count <= maxDocumentBytes else {
            throw Failure("\(helperName) announced \(count) bytes, over the \(maxDocumentBytes) a document may have")
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
