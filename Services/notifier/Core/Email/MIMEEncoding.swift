import Foundation

/// The encodings of RFC 2045 and RFC 2047 that e-mails need: quoted-printable
/// bodies (UTF-8, lines ≤ 76) and encoded-words for non-ASCII header text.
public enum MIMEEncoding {
    /// Quoted-printable of UTF-8 text; line breaks become CRLF, long lines get soft breaks.
    public static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for line in lines {
            var current = ""
            let bytes = Array(line.utf8)
            for (i, b) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                let token: String
                if (b >= 33 && b <= 126 && b != 61) || (b == 32 && !isLast) || (b == 9 && !isLast) {
                    token = String(UnicodeScalar(b))
                } else {
                    token = String(format: "=%02X", b)
                }
                // 75 + "=" soft break keeps every line within 76 characters.
                if current.count + token.count > 75 {
                    out.append(current + "=")
                    current = ""
                }
                current += token
            }
            out.append(current)
        }
        return out.joined(separator: "\r\n")
    }

    public static func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }

    /// A header value as is when plain ASCII, else as RFC 2047 `=?UTF-8?B?…?=`
    /// words of at most 75 characters, split on character boundaries, folded.
    public static func headerText(_ s: String) -> String {
        let clean = s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if isASCII(clean) && clean.count <= 900 { return clean }
        var words: [String] = []
        var chunk = ""
        for ch in clean {
            // 45 bytes of UTF-8 encode to 60 base64 characters: 12 + 60 ≤ 75.
            if chunk.utf8.count + String(ch).utf8.count > 45 {
                words.append(encodedWord(chunk))
                chunk = ""
            }
            chunk.append(ch)
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func encodedWord(_ s: String) -> String {
        "=?UTF-8?B?" + Data(s.utf8).base64EncodedString() + "?="
    }

    /// `Name <address>`, the name quoted or encoded as needed.
    public static func mailbox(name: String?, address: String) -> String {
        guard let name, !name.isEmpty else { return address }
        if isASCII(name) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return "\(headerText(name)) <\(address)>"
    }

    /// RFC 5322 date, e.g. `Fri, 27 Nov 2026 09:05:27 +0000`.
    public static func date(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }
}
