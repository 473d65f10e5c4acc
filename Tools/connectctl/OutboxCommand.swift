import Foundation
import Runtime

/// For a local run: the last messages of the notifier's file outbox, so a person
/// can read the codes that were "sent".
enum OutboxCommand {
    struct Item: Encodable {
        var channel: String
        var messageId: String
        var at: String
        var to: String
        var subject: String?
        var text: String
    }

    static func run(_ cli: CLI) throws -> Int32 {
        let env = ProcessInfo.processInfo.environment
        var dir = cli.args.value("dir") ?? env["NOTIFIER_OUTBOX"] ?? "file:./.connect/outbox"
        if dir.hasPrefix("file:") { dir = String(dir.dropFirst(5)) }
        let count = cli.args.value("count").flatMap(Int.init) ?? 10
        let channelFilter = cli.args.value("channel")
        let toFilter = cli.args.value("to")?.lowercased()
        var items: [(Date, Item)] = []
        let fm = FileManager.default
        for channel in ["email", "sms", "letter"] where channelFilter == nil || channelFilter == channel {
            let folder = "\(dir)/\(channel)"
            for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
                let path = "\(folder)/\(name)"
                let date = ((try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
                let id = (name as NSString).deletingPathExtension
                guard let data = fm.contents(atPath: path) else { continue }
                switch channel {
                case "sms":
                    let o = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
                    items.append(
                        (
                            date,
                            Item(
                                channel: channel, messageId: id, at: date.rfc3339,
                                to: o?["to"] as? String ?? "", text: o?["text"] as? String ?? "")
                        ))
                case "email":
                    let mail = MailText(String(decoding: data, as: UTF8.self))
                    items.append(
                        (
                            date,
                            Item(
                                channel: channel, messageId: id, at: date.rfc3339, to: mail.header("To"),
                                subject: mail.subject, text: mail.plainText)
                        ))
                default:
                    items.append(
                        (
                            date,
                            Item(
                                channel: channel, messageId: id, at: date.rfc3339, to: path,
                                text: LetterText.text(ofPDF: path))
                        ))
                }
            }
        }
        let matching = items.filter { toFilter == nil || $0.1.to.lowercased().contains(toFilter!) }
        let last = matching.sorted { $0.0 > $1.0 }.prefix(count).map(\.1)
        // --code: just the code of the newest matching message, for scripts (make demo).
        if cli.args.has("code") {
            guard let text = last.first.map({ ($0.subject ?? "") + "\n" + $0.text }), let code = Self.code(in: text)
            else {
                throw CLIError.failed("no code in the outbox for that filter")
            }
            print(code)
            return 0
        }
        try cli.output(Array(last)) {
            last.map { i in
                "── \(i.channel) \(i.at) → \(i.to)" + (i.subject.map { "\n   \($0)" } ?? "") + "\n"
                    + i.text.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(
                        separator: "\n")
            }.joined(separator: "\n")
        }
        return 0
    }
}

extension OutboxCommand {
    /// The first code in a text: `XXXX XXXX XXXX` (access, activation, reset) or 6 digits (SMS).
    static func code(in text: String) -> String? {
        // Codes may hold '*' (identity's 32-symbol alphabet), which \b does not bound.
        let patterns = [
            #"(?<![A-Z0-9*])[A-Z0-9*]{4} [A-Z0-9*]{4} [A-Z0-9*]{4}(?![A-Z0-9*])"#, #"(?<![0-9])[0-9]{6}(?![0-9])"#,
        ]
        for p in patterns {
            if let r = text.range(of: p, options: .regularExpression) { return String(text[r]) }
        }
        return nil
    }
}

/// A letter's text through poppler's pdftotext when it is installed; otherwise just
/// where the PDF is (connectctl reads no PDF itself).
enum LetterText {
    static func text(ofPDF path: String) -> String {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let tool = dirs.map({ "\($0)/pdftotext" }).first(where: FileManager.default.isExecutableFile) else {
            return "(letter PDF: \(path); install poppler-utils to show its text here)"
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-layout", "-enc", "UTF-8", path, "-"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return "(letter PDF: \(path); pdftotext failed: \(error))" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return "(letter PDF: \(path); pdftotext exited \(p.terminationStatus))" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Just enough RFC 5322/MIME reading to show a person the text of a message:
/// headers (with RFC 2047 subjects), and the text/plain part in base64 or
/// quoted-printable.
struct MailText {
    let raw: String
    init(_ raw: String) { self.raw = raw.replacingOccurrences(of: "\r\n", with: "\n") }

    func header(_ name: String, in block: String? = nil) -> String {
        let head = (block ?? raw).components(separatedBy: "\n\n").first ?? ""
        var value: String?
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let v = value, line.first == " " || line.first == "\t" {
                value = v + " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            if value != nil { break }
            if line.lowercased().hasPrefix(name.lowercased() + ":") {
                value = String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
        return value ?? ""
    }

    var subject: String { decodeWords(header("Subject")) }

    var plainText: String {
        let type = header("Content-Type")
        if let range = type.range(of: "boundary=") {
            let boundary = type[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" ;"))
                .components(separatedBy: ";")[0].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            for part in raw.components(separatedBy: "--" + boundary).dropFirst() {
                let p = part.hasPrefix("\n") ? String(part.dropFirst()) : part
                if header("Content-Type", in: p).lowercased().hasPrefix("text/plain") {
                    return decodeBody(
                        p.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n"),
                        encoding: header("Content-Transfer-Encoding", in: p))
                }
            }
        }
        return decodeBody(
            raw.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n"),
            encoding: header("Content-Transfer-Encoding"))
    }

    func decodeBody(_ body: String, encoding: String) -> String {
        switch encoding.lowercased() {
        case "base64":
            let d =
                Data(base64Encoded: body.replacingOccurrences(of: "\n", with: ""), options: .ignoreUnknownCharacters)
                ?? Data()
            return String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        case "quoted-printable":
            var bytes: [UInt8] = []
            let s = Array(body.replacingOccurrences(of: "=\n", with: "").utf8)
            var i = 0
            while i < s.count {
                if s[i] == UInt8(ascii: "="), i + 2 < s.count,
                    let b = UInt8(String(decoding: s[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
                {
                    bytes.append(b)
                    i += 3
                } else {
                    bytes.append(s[i])
                    i += 1
                }
            }
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        default:
            return body.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=).
    func decodeWords(_ s: String) -> String {
        var out = ""
        for token in s.components(separatedBy: " ") {
            let parts = token.components(separatedBy: "?")
            if parts.count == 5, parts[0] == "=", parts[4] == "=" {
                if parts[2].uppercased() == "B", let d = Data(base64Encoded: parts[3]) {
                    out += String(decoding: d, as: UTF8.self)
                    continue
                }
                if parts[2].uppercased() == "Q" {
                    out += decodeBody(parts[3].replacingOccurrences(of: "_", with: " "), encoding: "quoted-printable")
                    continue
                }
            }
            out += (out.isEmpty ? "" : " ") + token
        }
        return out
    }
}
