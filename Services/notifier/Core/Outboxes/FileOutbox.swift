import Contracts
import FoundationEssentials
import Glibc
import Runtime
import Wire

/// `file:<dir>`: each message once, atomically, as `<dir>/email/<id>.eml`,
/// `<dir>/sms/<id>.json` or `<dir>/letter/<id>.pdf` — written under a temporary
/// name, fsynced, renamed; `flush()` fsyncs the directories before the outcomes
/// are recorded. A file already there means the message was delivered before (by
/// a worker that died before recording it), so a repeat is harmless.
public struct FileOutbox: Outbox {
    public let directory: String
    public var kind: String { "file:\(directory)" }
    /// A local write and three fsyncs; generous for a slow disk.
    public var maxDuration: TimeInterval { 1 }
    public var repeatsAreHarmless: Bool { true }

    public func flush() throws {
        for channel in Channel.allCases {
            let dir = "\(directory)/\(channel.rawValue)"
            let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard fsync(fd) == 0 else {
                throw DeliveryError.retryable("fsync \(dir): \(String(cString: strerror(errno)))")
            }
        }
    }

    public init(directory: String) { self.directory = directory }

    public static func fileName(_ message: RenderedMessage) -> String {
        switch message.channel {
        case .email: return "\(message.messageId).eml"
        case .sms: return "\(message.messageId).json"
        case .letter: return "\(message.messageId).pdf"
        }
    }

    /// Removes half-written files a crash left behind (their messages are still
    /// 'sending' and will be written again). Call at start-up, before any worker runs.
    public func removeStaleTemporaries() {
        for channel in Channel.allCases {
            let dir = "\(directory)/\(channel.rawValue)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                unlink("\(dir)/\(name)")
            }
        }
    }

    public func deliver(_ message: RenderedMessage) throws {
        let dir = "\(directory)/\(message.channel.rawValue)"
        let final = "\(dir)/\(Self.fileName(message))"
        if FileManager.default.fileExists(atPath: final) { return }
        let content: Data
        switch message.channel {
        case .email:
            guard let eml = message.email else { throw DeliveryError.permanent("no e-mail was composed") }
            content = eml
        case .letter:
            guard let pdf = message.pdf else { throw DeliveryError.permanent("no letter was composed") }
            content = pdf
        case .sms:
            struct Sms: Encodable {
                let to: String
                let text: String
            }
            content = (try? JSONCoding.encode(Sms(to: message.to, text: message.text))) ?? Data()
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw DeliveryError.retryable("cannot create \(dir): \(StartupChecks.reason(error))")
        }
        let temp = "\(dir)/.\(Self.fileName(message)).\(Identifier.randomHex(4)).tmp"
        try writeSynced(temp, content)
        guard rename(temp, final) == 0 else {
            let e = errno
            unlink(temp)
            throw DeliveryError.retryable("rename to \(final): \(String(cString: strerror(e)))")
        }
    }

    private func writeSynced(_ path: String, _ data: Data) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw DeliveryError.retryable("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let ok = data.withUnsafeBytes { raw -> Bool in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                off += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            let e = errno
            unlink(path)
            throw DeliveryError.retryable("write \(path): \(String(cString: strerror(e)))")
        }
    }
}
