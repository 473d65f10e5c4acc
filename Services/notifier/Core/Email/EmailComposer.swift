import FoundationEssentials

/// Composes the RFC 5322 message of an e-mail: headers (From, To, Subject, Date,
/// Message-ID, MIME-Version), a `multipart/alternative` body with text/plain and
/// text/html in UTF-8 quoted-printable, CRLF line endings, no line over 998.
public struct EmailComposer: Sendable {
    public var from: String

    public init(from: String) { self.from = from }

    public func compose(
        messageId: String, to: String, subject: String, text: String, html: String,
        date: Date
    ) -> Data {
        let fromAddress = EmailAddress.address(in: from) ?? "noreply@localhost"
        let domain = EmailAddress.domain(of: fromAddress)
        let boundary = "=_connect_" + messageId.filter { $0.isLetter || $0.isNumber }
        var h: [String] = []
        h.append("From: " + MIMEEncoding.mailbox(name: EmailAddress.displayName(in: from), address: fromAddress))
        h.append("To: " + to)
        h.append("Subject: " + MIMEEncoding.headerText(subject))
        h.append("Date: " + MIMEEncoding.date(date))
        h.append("Message-ID: <\(messageId)@\(domain)>")
        h.append("MIME-Version: 1.0")
        h.append("Auto-Submitted: auto-generated")
        h.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        var parts: [String] = []
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            parts.append(
                "--\(boundary)\r\nContent-Type: \(type); charset=UTF-8\r\n"
                    + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                    + MIMEEncoding.quotedPrintable(body) + "\r\n")
        }
        let message =
            h.joined(separator: "\r\n") + "\r\n\r\n"
            + "This is a multipart message in MIME format.\r\n\r\n"
            + parts.joined() + "--\(boundary)--\r\n"
        return Data(message.utf8)
    }

    /// Marks around a sender's param in the text given to `html(fromEscapedText:)`:
    /// a word that a mark touches before its host ends is never made a link, so
    /// `firstName: "Verify at https://evil.example"` stays text (issue 18, item 11).
    /// Private-use characters, removed from the values themselves and from the result.
    /// Scalars, not characters: a value starting with a combining mark would fuse
    /// with the mark into one character.
    static let inertStart: Unicode.Scalar = "\u{E000}", inertEnd: Unicode.Scalar = "\u{E001}"

    static func unmarked(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s.unicodeScalars.filter { $0 != inertStart && $0 != inertEnd })
        return String(out)
    }

    /// The params with each value marked inert (and stripped of the marks it carried).
    public static func inert(_ params: [String: String]) -> [String: String] {
        params.mapValues { v in "\u{E000}" + unmarked(v) + "\u{E001}" }
    }

    /// The HTML alternative of a plain-text body: paragraphs at blank lines,
    /// line breaks kept, the template's own links made clickable (never a param's:
    /// see `inert`); every value already HTML-escaped.
    public static func html(fromEscapedText text: String, title: String) -> String {
        // Paragraphs are runs of non-blank lines.
        var paragraphs: [String] = []
        var lines: [String] = []
        var inert = false
        func flush() {
            if !lines.isEmpty { paragraphs.append("<p>" + lines.joined(separator: "<br>\n") + "</p>") }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.allSatisfy({ $0 == " " || $0 == "\t" }) {
                flush()
            } else {
                lines.append(linkify(String(l), inert: &inert))
            }
        }
        flush()
        let page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(title)</title></head>
            <body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.4;">
            \(paragraphs.joined(separator: "\n"))
            </body></html>
            """
        return unmarked(page)
    }

    /// A link's scheme and host come from the template or the fund's settings: the word
    /// starts with `http(s)://` and its host is complete (up to a `/`) before any mark.
    /// A param may then only fill in the path or query of a link to the template's host.
    static func ownLink(_ word: String) -> Bool {
        guard let scheme = ["https://", "http://"].first(where: word.hasPrefix) else { return false }
        let scalars = Array(word.unicodeScalars)
        guard let mark = scalars.firstIndex(where: { $0 == inertStart || $0 == inertEnd }) else { return true }
        return mark > scheme.count && scalars[scheme.count..<mark].contains("/")
    }

    /// Turns the template's own `https://…` words (already escaped, so no quotes
    /// inside) into links. `inert` carries across lines whether the text is inside
    /// a sender's param (see `inertStart`): a word that begins there is never a link.
    static func linkify(_ s: String, inert: inout Bool) -> String {
        var out = ""
        var scalars = String.UnicodeScalarView()
        var wordBeganInert = false
        func flush() {
            let word = String(scalars)
            scalars = String.UnicodeScalarView()
            if !wordBeganInert && ownLink(word) {
                var url = unmarked(word)
                var tail = ""
                while let last = url.last, ".,;:)".contains(last) {
                    tail = String(last) + tail
                    url.removeLast()
                }
                out += "<a href=\"\(url)\">\(url)</a>\(tail)"
            } else {
                out += word
            }
        }
        for u in s.unicodeScalars {
            if u == " " || u == "\n" {
                flush()
                out.unicodeScalars.append(u)
                continue
            }
            if scalars.isEmpty { wordBeganInert = inert }
            if u == inertStart { inert = true } else if u == inertEnd { inert = false }
            scalars.append(u)
        }
        flush()
        return out
    }
}
