import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire

/// Reads what the notifier delivered to its file outbox (`<dir>/email/*.eml`,
/// `<dir>/sms/*.json`): the codes the flows need, and the counts the crash test
/// checks. Files are parsed once and remembered by name.
final class FileOutboxReader: Sendable {
    struct Delivered: Sendable {
        let file: String
        let to: String
        let text: String
    }

    let directory: String
    private struct Read {
        var known: [String: [String: Delivered]] = ["email": [:], "sms": [:]]
        var byRecipient: [String: [String: [Delivered]]] = ["email": [:], "sms": [:]]
    }
    private let read = Mutex(Read())
    /// When each channel was last scanned; held for a whole scan, so scans do not overlap.
    private let lastScan = Mutex<[String: Double]>([:])

    init(_ directory: String) { self.directory = directory }

    /// Reads the files not read yet (at most one scan per channel every few ms, however many callers).
    private func scan(_ channel: String, force: Bool) {
        lastScan.withLock { lastScan in
            let now = Date().timeIntervalSince1970
            if !force, now - (lastScan[channel] ?? 0) < 0.004 { return }
            let dir = "\(directory)/\(channel)"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
                !$0.hasPrefix(".")
            }
            let seen = read.withLock { $0.known[channel] ?? [:] }
            var fresh: [Delivered] = []
            for name in names where seen[name] == nil {
                guard let data = FileManager.default.contents(atPath: "\(dir)/\(name)") else { continue }
                if let parsed = channel == "sms" ? Self.parseSms(name, data) : Self.parseEmail(name, data) {
                    fresh.append(parsed)
                }
            }
            read.withLock { r in
                for d in fresh {
                    r.known[channel, default: [:]][d.file] = d
                    r.byRecipient[channel, default: [:]][d.to.lowercased(), default: []].append(d)
                }
            }
            lastScan[channel] = Date().timeIntervalSince1970
        }
    }

    /// Every delivered message of a channel ("email" or "sms"), after a fresh scan.
    func all(_ channel: String) -> [Delivered] {
        scan(channel, force: true)
        return read.withLock { Array($0.known[channel]!.values) }
    }

    func messages(_ channel: String, to: String) -> [Delivered] {
        scan(channel, force: false)
        return read.withLock { $0.byRecipient[channel]?[to.lowercased()] ?? [] }
    }

    /// Waits for a message to `to` that is not among `seen` (file names), and returns the
    /// code in it: 6 digits for SMS, `XXXX XXXX XXXX` for e-mail.
    func waitForCode(_ channel: String, to: String, excluding seen: Set<String>, timeout: TimeInterval = 15) throws
        -> String
    {
        var found: String?
        Poll.until(timeout: timeout, every: 0.005) {
            found =
                messages(channel, to: to).lazy.filter { !seen.contains($0.file) }
                .compactMap { channel == "sms" ? Self.smsCode($0.text) : Self.longCode($0.text) }.first
            return found != nil
        }
        if let found { return found }
        throw FlowFailure("no \(channel) to \(to) with a code within \(timeout) s")
    }

    func files(_ channel: String, to: String) -> Set<String> { Set(messages(channel, to: to).map(\.file)) }

    // MARK: parsing

    static func parseSms(_ name: String, _ data: Data) -> Delivered? {
        struct Sms: Decodable {
            let to: String
            let text: String
        }
        guard let s = try? JSONDecoder().decode(Sms.self, from: data) else { return nil }
        return Delivered(file: name, to: s.to, text: s.text)
    }

    static func parseEmail(_ name: String, _ data: Data) -> Delivered? {
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let headers = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let to = headers.first(where: { $0.hasPrefix("To: ") })?.dropFirst(4) else { return nil }
        return Delivered(
            file: name, to: String(to).trimmingCharacters(in: .whitespaces),
            text: quotedPrintableDecoded(String(text[split.upperBound...])))
    }

    static func quotedPrintableDecoded(_ s: String) -> String {
        let bytes = Array(s.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x3D, i + 2 < bytes.count,
                let v = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func smsCode(_ text: String) -> String? { firstMatch(#"(?<![0-9])[0-9]{6}(?![0-9])"#, text) }
    static func longCode(_ text: String) -> String? {
        firstMatch(#"(?<![A-Z0-9*])[A-Z0-9*]{4} [A-Z0-9*]{4} [A-Z0-9*]{4}(?![A-Z0-9*])"#, text)
    }

    private static func firstMatch(_ pattern: String, _ text: String) -> String? {
        guard let re = try? NSRegularExpression(pattern: pattern),
            let m = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let r = Range(m.range, in: text)
        else { return nil }
        return String(text[r])
    }
}

struct FlowFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
