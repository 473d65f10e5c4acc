import Contracts
import Runtime
import Wire
import XCTest

@testable import PortalCore

/// Bodies are parsed here, strictly: hostile input is refused as a whole.
final class FormBodyTests: XCTestCase {
    func testDecodesPlusPercentAndUTF8() throws {
        let f = try FormBody(parsing: Array("firstName=L%C3%A9a+Marie&empty=&flag".utf8))
        XCTAssertEqual(try f.value("firstName"), "Léa Marie")
        XCTAssertEqual(try f.value("empty"), "")
        XCTAssertEqual(try f.value("flag"), "")
        XCTAssertNil(try f.value("missing"))
    }

    func testBadUTF8IsRefused() {
        XCTAssertThrowsError(try FormBody(parsing: Array("name=%C3%28".utf8))) {
            XCTAssertEqual($0 as? FormBody.Failure, .badEncoding)
        }
        XCTAssertThrowsError(try FormBody(parsing: [0x6E, 0x3D, 0xFF, 0xFE])) {
            XCTAssertEqual($0 as? FormBody.Failure, .badEncoding)
        }
    }

    func testBrokenEscapesAndNULAreRefused() {
        for body in ["a=%", "a=%4", "a=%zz", "a=%00", "%G1=x"] {
            XCTAssertThrowsError(try FormBody(parsing: Array(body.utf8)), body)
        }
    }

    func testRepeatedSingleFieldIsRefusedButCheckboxesRepeat() throws {
        let f = try FormBody(parsing: Array("email=a%40b.ch&email=c%40d.ch&themes=a&themes=b".utf8))
        XCTAssertThrowsError(try f.value("email")) { XCTAssertEqual($0 as? FormBody.Failure, .repeated("email")) }
        XCTAssertEqual(f.values("themes"), ["a", "b"])
    }

    func testTooManyFieldsAreRefused() {
        let body = (0...FormBody.maxFields).map { "f\($0)=1" }.joined(separator: "&")
        XCTAssertThrowsError(try FormBody(parsing: Array(body.utf8))) {
            XCTAssertEqual($0 as? FormBody.Failure, .tooManyFields)
        }
    }

    func testHugeSingleValueParsesWithinTheCap() throws {
        // The server caps bodies at 64 KiB before parsing; a value that size is fine.
        let big = String(repeating: "x", count: 60_000)
        XCTAssertEqual(try FormBody(parsing: Array("v=\(big)".utf8)).value("v")?.count, 60_000)
    }
}

final class HTMLEscapingTests: XCTestCase {
    func testInterpolatedStringsAreEscapedAndHTMLIsNot() {
        let name = "<img src=x onerror=alert(1)>"
        let inner: HTML = "<b>\(name)</b>"
        let page: HTML = "<td title=\"\("\"><script>")\">\(inner)</td>"
        XCTAssertEqual(
            page.text, "<td title=\"&quot;&gt;&lt;script&gt;\"><b>&lt;img src=x onerror=alert(1)&gt;</b></td>")
    }

    func testQuotesAmpersandAndRTLMarks() {
        XCTAssertEqual(HTML.escape("O'Hara & Co"), "O&#39;Hara &amp; Co")
        XCTAssertEqual(
            HTML.escape("\u{202E}abc"), "\u{202E}abc\u{202C}", "an override left open is closed where the value ends")
        XCTAssertEqual(
            HTML.escape("a\u{2067}b\u{2069}c\u{200F}"), "a\u{2067}b\u{2069}c\u{200F}",
            "balanced isolates and marks stay as they are")
        XCTAssertEqual(HTML.escape("\u{2066}x"), "\u{2066}x\u{2069}")
    }

    func testFieldsEscapeValuesAndTieErrors() {
        var errors = FieldErrors()
        errors.byField["firstName"] = "<b>bad</b>"
        let h = Field.input(
            .init(id: "firstName", label: "Prénom", value: "\"><script>alert(1)</script>", required: true), errors)
        XCTAssertTrue(h.text.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        XCTAssertTrue(
            h.text.contains("<label for=\"firstName\" class=\"req\">Prénom</label>"), "the star is CSS, not label text")
        XCTAssertTrue(h.text.contains("aria-describedby=\"firstName-error\""))
        XCTAssertTrue(h.text.contains("id=\"firstName-error\" role=\"alert\">&lt;b&gt;bad&lt;/b&gt;"))
    }

    func testEveryFieldHelperMarksItsErrorInvalidAndTiesIt() {
        var errors = FieldErrors()
        errors.byField["terms"] = "Veuillez accepter les conditions d'utilisation."
        errors.byField["accessCode"] = "Code inconnu"
        let box = Field.checkbox(id: "terms", label: "J'accepte les conditions d'utilisation", checked: false, errors)
            .text
        XCTAssertTrue(box.contains("aria-describedby=\"terms-error\" aria-invalid=\"true\""), box)
        let input = Field.input(.init(id: "accessCode", label: "Code d'accès", hint: "XXXX XXXX XXXX"), errors).text
        XCTAssertTrue(
            input.contains("aria-describedby=\"accessCode-hint accessCode-error\" aria-invalid=\"true\""), input)
        let calm = Field.checkbox(id: "disabled", label: "Désactivé", checked: true, errors).text
        XCTAssertFalse(calm.contains("aria-invalid") || calm.contains("aria-describedby"), calm)
        XCTAssertEqual(
            Field.described("admin", hint: false, error: true, errorId: "themes-error"),
            " aria-describedby=\"themes-error\" aria-invalid=\"true\"")
        XCTAssertEqual(Field.described("phone", hint: true, error: false), " aria-describedby=\"phone-hint\"")
    }

    func testPasswordFieldsNeverEchoTheValue() {
        let h = Field.input(
            .init(id: "password", label: "Mot de passe", value: "secret", type: "password"), FieldErrors())
        XCTAssertFalse(h.text.contains("secret"))
    }
}
