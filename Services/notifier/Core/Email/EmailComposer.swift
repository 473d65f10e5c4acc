import Foundation
import Shared

/// Composes the RFC 5322 message of an e-mail: headers (From, To, Subject, Date,
/// Message-ID, MIME-Version), a `multipart/alternative` body with text/plain and
/// text/html in UTF-8 quoted-printable, CRLF line endings, no line over 998.
public struct EmailComposer: Sendable {
    public var from: String

    public init(from: String) { self.from = from }

    public func compose(messageId: String, to: String, subject: String, text: String, html: String,
                        date: Date) -> Data {
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
            parts.append("--\(boundary)\r\nContent-Type: \(type); charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + MIMEEncoding.quotedPrintable(body) + "\r\n")
        }
        let message = h.joined(separator: "\r\n") + "\r\n\r\n"
            + "This is a multipart message in MIME format.\r\n\r\n"
            + parts.joined() + "--\(boundary)--\r\n"
        return Data(message.utf8)
    }

    /// The HTML alternative of a plain-text body: paragraphs at blank lines,
    /// line breaks kept, links made clickable; every value already HTML-escaped.
    public static func html(fromEscapedText text: String, title: String) -> String {
        // Paragraphs are runs of non-blank lines.
        var paragraphs: [String] = []
        var lines: [String] = []
        func flush() {
            if !lines.isEmpty { paragraphs.append("<p>" + lines.joined(separator: "<br>\n") + "</p>") }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.allSatisfy({ $0 == " " || $0 == "\t" }) { flush() } else { lines.append(linkify(String(l))) }
        }
        flush()
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(title)</title></head>
            <body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.4;">
            \(paragraphs.joined(separator: "\n"))
            </body></html>
            """
    }

    /// Turns `https://…` words (already escaped, so no quotes inside) into links.
    static func linkify(_ s: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            if word.hasPrefix("https://") || word.hasPrefix("http://") {
                var url = word, tail = ""
                while let last = url.last, ".,;:)".contains(last) { tail = String(last) + tail; url.removeLast() }
                out += "<a href=\"\(url)\">\(url)</a>\(tail)"
            } else {
                out += word
            }
            word = ""
        }
        for ch in s {
            if ch == " " || ch == "\n" { flush(); out.append(ch) } else { word.append(ch) }
        }
        flush()
        return out
    }
}
