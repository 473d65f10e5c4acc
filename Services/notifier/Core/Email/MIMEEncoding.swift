import FoundationEssentials
import Glibc

/// The encodings of RFC 2045 and RFC 2047 that e-mails need: quoted-printable
/// bodies (UTF-8, lines ≤ 76) and encoded-words for non-ASCII header text.
public enum MIMEEncoding {
    /// Quoted-printable of UTF-8 text; line breaks become CRLF, long lines get soft breaks.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        var lineLength = 0
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A {
                i += 1
                continue
            }
            if b == 0x0A {
                out += [0x0D, 0x0A]
                lineLength = 0
                i += 1
                continue
            }
            let atLineEnd = i + 1 == bytes.count || bytes[i + 1] == 0x0A || bytes[i + 1] == 0x0D
            let literal = (b >= 33 && b <= 126 && b != 61) || ((b == 32 || b == 9) && !atLineEnd)
            let width = literal ? 1 : 3
            // 75 + "=" soft break keeps every line within 76 characters.
            if lineLength + width > 75 {
                out += [0x3D, 0x0D, 0x0A]
                lineLength = 0
            }
            if literal { out.append(b) } else { out += [0x3D, hex[Int(b >> 4)], hex[Int(b & 0x0F)]] }
            lineLength += width
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }

    /// A header value as is when plain ASCII, else as RFC 2047 `=?UTF-8?B?…?=`
    /// words of at most 75 characters, split on character boundaries, folded.
    public static func headerText(_ s: String) -> String {
        let clean = String(s.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
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
            let escaped = name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return "\(headerText(name)) <\(address)>"
    }

    /// RFC 5322 date in UTC, e.g. `Fri, 27 Nov 2026 09:05:27 +0000` (by hand:
    /// a DateFormatter per message costs more than the rest of the e-mail).
    public static func date(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) +0000"
    }
}
