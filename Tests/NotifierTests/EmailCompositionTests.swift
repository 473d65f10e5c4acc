import Contracts
import Foundation
import Runtime
import TestSupport
import Text
import Wire
import XCTest

@testable import NotifierCore

final class EmailCompositionTests: XCTestCase {
    func compose(subject: String, text: String, from: String = "Caisse de compensation <noreply@caisse.ch>") -> Data {
        EmailComposer(from: from).compose(
            messageId: "msg_abc123", to: "gilbert@modele.ch", subject: subject, text: text,
            html: EmailComposer.html(fromEscapedText: Markup.escape(text), title: "t"),
            date: Date(timeIntervalSince1970: 1_795_000_000))
    }

    func testParsesBackWithHeadersAndBothAlternatives() throws {
        let text =
            "Bonjour Léa,\n\nVotre code d'activation : ABCD EFGH JKMN\n\nGrüsse, çà et là: ü ö ä é è à\n"
            + String(repeating: "très long ", count: 40)
        let eml = compose(
            subject: "Votre code d'activation connect – Modèle SA", text: text,
            from: "Caisse de compensation des Patrons bernois <noreply@caisse.ch>")
        let temp = TempDirectory("em")
        defer { temp.remove() }
        try eml.write(to: URL(fileURLWithPath: temp.file("m.eml")))
        let parsed = try PythonEmail.parse(temp.file("m.eml"))
        XCTAssertEqual(parsed.subject, "Votre code d'activation connect – Modèle SA")
        XCTAssertEqual(parsed.to, "gilbert@modele.ch")
        XCTAssertEqual(parsed.from, "Caisse de compensation des Patrons bernois <noreply@caisse.ch>")
        XCTAssertEqual(parsed.messageId, "<msg_abc123@caisse.ch>")
        XCTAssertEqual(parsed.date, "Wed, 18 Nov 2026 11:06:40 +0000")
        XCTAssertEqual(parsed.mime, "multipart/alternative")
        XCTAssertEqual(parsed.defects, [])
        XCTAssertEqual(parsed.parts.map(\.type), ["text/plain", "text/html"])
        XCTAssertEqual(parsed.parts.map(\.charset), ["utf-8", "utf-8"])
        let plain = try XCTUnwrap(parsed.part("text/plain")).replacingOccurrences(of: "\r\n", with: "\n")
        XCTAssertEqual(
            plain.trimmingCharacters(in: .whitespacesAndNewlines), text.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertTrue(try XCTUnwrap(parsed.part("text/html")).contains("Votre code d&#39;activation : ABCD EFGH JKMN"))
    }

    func testWireFormat() throws {
        let eml = String(
            decoding: compose(subject: "Zurücksetzen Ihres connect-Passworts", text: "a\nb"), as: UTF8.self)
        // CRLF everywhere, no bare LF, no line over 998 (nor over 78 here).
        XCTAssertFalse(eml.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in eml.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 78, line) }
        XCTAssertTrue(eml.contains("Subject: =?UTF-8?B?"), "non-ASCII subject is an RFC 2047 encoded-word")
        XCTAssertTrue(eml.utf8.allSatisfy { $0 < 0x80 }, "7-bit on the wire")
        XCTAssertTrue(eml.contains("MIME-Version: 1.0\r\n"))
        XCTAssertTrue(eml.contains("Content-Transfer-Encoding: quoted-printable"))
        let plain = String(decoding: compose(subject: "Welcome to connect", text: "x"), as: UTF8.self)
        XCTAssertTrue(plain.contains("Subject: Welcome to connect\r\n"))
        XCTAssertTrue(plain.contains("From: \"Caisse de compensation\" <noreply@caisse.ch>\r\n"))
    }

    func testEncodedWordsStayShortAndSplitOnCharacters() {
        let subject = String(repeating: "éàü€", count: 30)
        let encoded = MIMEEncoding.headerText(subject)
        for word in encoded.components(separatedBy: "\r\n ") {
            XCTAssertLessThanOrEqual(word.count, 75)
            let b64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            XCTAssertNotNil(
                String(data: Data(base64Encoded: String(b64))!, encoding: .utf8), "split inside a character")
        }
    }

    func testHeaderInjectionIsNeutralised() {
        XCTAssertFalse(MIMEEncoding.headerText("Hi\r\nBcc: evil@x.ch").contains("\r\nBcc"))
    }

    func testQuotedPrintable() {
        XCTAssertEqual(MIMEEncoding.quotedPrintable("a=b é"), "a=3Db =C3=A9")
        XCTAssertEqual(MIMEEncoding.quotedPrintable("end "), "end=20")
        let long = MIMEEncoding.quotedPrintable(String(repeating: "x", count: 200))
        XCTAssertTrue(long.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
    }

    func testRecipientShapes() {
        XCTAssertTrue(EmailAddress.isValid("gilbert@modele.ch"))
        XCTAssertFalse(EmailAddress.isValid("gilbert@modele"))
        XCTAssertFalse(EmailAddress.isValid("a@b.ch\r\nBcc: x@y.ch"))
        XCTAssertFalse(EmailAddress.isValid("Gilbert <g@m.ch>"))
        XCTAssertTrue(PhoneNumber.isE164("+41791112233"))
        XCTAssertFalse(PhoneNumber.isE164("0791112233"))
        XCTAssertFalse(PhoneNumber.isE164("+41 79 111 22 33"))
        XCTAssertTrue(PostalAddress.isValid("Modèle SA\nRue d'Exemple\n0000 Ville modèle"))
        XCTAssertFalse(PostalAddress.isValid("Modèle SA"))
        XCTAssertFalse(PostalAddress.isValid("\n \n"))
    }
}
