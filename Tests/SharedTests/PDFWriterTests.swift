import Foundation
import XCTest
import TestSupport
@testable import Shared

final class PDFWriterTests: XCTestCase {
    private var directory: TempDirectory!

    override func setUp() { directory = TempDirectory("pdf") }
    override func tearDown() { directory.remove() }

    private func save(_ data: Data, _ name: String) throws -> String {
        let path = directory.file(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    private func pdftotext(_ path: String, page: Int? = nil) throws -> String {
        var arguments = ["-layout"]
        if let page { arguments += ["-f", "\(page)", "-l", "\(page)"] }
        let output = try DocumentTools.run("/usr/bin/pdftotext", arguments + [path, "-"])
        XCTAssertEqual(output.status, 0, output.stderr)
        return output.stdout
    }

    private func pdfinfo(_ path: String, _ extra: [String] = []) throws -> String {
        let output = try DocumentTools.run("/usr/bin/pdfinfo", extra + [path])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertFalse(output.stderr.contains("Error"), output.stderr)
        return output.stdout
    }

    private func accentedDocument() -> Data {
        let pdf = PDFWriter(title: "Lettre d’invitation – Zürich", author: "Comptabilité")
        pdf.beginPage(.a4Portrait)
        pdf.text("Madame Élodie Müller", x: 72, y: 100, font: .bold, size: 14)
        pdf.text("Crème brûlée à la façon de Zürich, où l'on dit « bonjour » – déjà…", x: 72, y: 130)
        pdf.text("Parenthèses (a) et barre \\ oblique", x: 72, y: 150)
        pdf.line(x1: 72, y1: 160, x2: 300, y2: 160)
        pdf.rect(x: 72, y: 170, width: 200, height: 40, fillGray: 0.9)
        pdf.beginPage(.a4Landscape)
        pdf.text("Prix : 12 € — ÀÉÜ äöü ç è", x: 72, y: 100)
        pdf.text("Snowman ☃ here", x: 72, y: 120)
        return pdf.finish()
    }

    func testAccentedTextOnTwoPagesComesBackFromPdftotext() throws {
        let path = try save(accentedDocument(), "letter.pdf")
        let first = try pdftotext(path, page: 1)
        XCTAssertTrue(first.contains("Madame Élodie Müller"), first)
        XCTAssertTrue(first.contains("Crème brûlée à la façon de Zürich, où l'on dit « bonjour » – déjà…"), first)
        XCTAssertTrue(first.contains("Parenthèses (a) et barre \\ oblique"), first)
        XCTAssertFalse(first.contains("Prix"), "page 2 text must not be on page 1")
        let second = try pdftotext(path, page: 2)
        XCTAssertTrue(second.contains("Prix : 12 € — ÀÉÜ äöü ç è"), second)
        XCTAssertTrue(second.contains("Snowman ? here"), "outside CP1252 becomes ?: \(second)")
    }

    func testPdfinfoReadsPagesSizesAndInfo() throws {
        let path = try save(accentedDocument(), "info.pdf")
        let info = DocumentTools.fields(try pdfinfo(path))
        XCTAssertEqual(info["Pages"], "2")
        XCTAssertEqual(info["Title"], "Lettre d’invitation – Zürich")
        XCTAssertEqual(info["Author"], "Comptabilité")
        XCTAssertEqual(info["Producer"], "connect")
        XCTAssertEqual(info["PDF version"], "1.4")
        XCTAssertNotNil(info["CreationDate"])
        let sizes = DocumentTools.fields(try pdfinfo(path, ["-f", "1", "-l", "2"]))
        XCTAssertEqual(sizes["Page 1 size"], "595.28 x 841.89 pts (A4)")
        XCTAssertEqual(sizes["Page 2 size"], "841.89 x 595.28 pts (A4)")
    }

    func testXrefOffsetsPointAtTheirObjects() throws {
        let bytes = [UInt8](accentedDocument())
        XCTAssertEqual(Array(bytes.prefix(9)), Array("%PDF-1.4\n".utf8))
        XCTAssertTrue(bytes[10..<14].allSatisfy { $0 >= 0x80 }, "binary comment line")
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("%%EOF\n"))
        let tail = text.components(separatedBy: "startxref\n").last!
        let xrefOffset = try XCTUnwrap(Int(tail.split(separator: "\n")[0]))
        let xref = String(decoding: bytes[xrefOffset...], as: UTF8.self)
        XCTAssertTrue(xref.hasPrefix("xref\n0 "))
        let lines = xref.split(separator: "\n", omittingEmptySubsequences: false)
        let count = try XCTUnwrap(Int(lines[1].split(separator: " ")[1]))
        XCTAssertTrue(xref.contains("/Size \(count) "))
        XCTAssertEqual(count, 10, "catalog, pages, 2 fonts, info, 2 × (page + content)")
        for id in 1..<count {
            let entry = lines[2 + id]
            XCTAssertEqual(entry.utf8.count + 1, 20, "xref entries are 20 bytes")
            XCTAssertTrue(entry.hasSuffix(" 00000 n "), String(entry))
            let offset = try XCTUnwrap(Int(entry.prefix(10)))
            let header = Array("\(id) 0 obj".utf8)
            XCTAssertEqual(Array(bytes[offset..<offset + header.count]), header, "object \(id)")
            XCTAssertTrue(offset == 0 || bytes[offset - 1] == 0x0A)
        }
    }

    func testFontsAreStandardType1WithWinAnsi() throws {
        let text = String(decoding: accentedDocument(), as: UTF8.self)
        XCTAssertTrue(text.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"))
        XCTAssertTrue(text.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"))
        XCTAssertTrue(text.contains("(Parenth\\350ses \\(a\\) et barre \\\\ oblique) Tj"))
    }

    func testEmptyDocumentStillHasOnePage() throws {
        let path = try save(PDFWriter().finish(), "empty.pdf")
        XCTAssertEqual(DocumentTools.fields(try pdfinfo(path))["Pages"], "1")
    }

    func testWinAnsiEncoding() {
        XCTAssertEqual(WinAnsi.encode("é€…–«»'’"), [0xE9, 0x80, 0x85, 0x96, 0xAB, 0xBB, 0x27, 0x92])
        XCTAssertEqual(WinAnsi.encode("e\u{301}"), [0xE9], "composed before encoding")
        XCTAssertEqual(WinAnsi.encode("a\tb\nc\u{7}"), Array("a b c".utf8))
        XCTAssertEqual(WinAnsi.encode("☃ 中"), Array("? ?".utf8))
    }

    func testWidthsFollowHelveticaMetrics() {
        // H e l l o = 722 + 556 + 222 + 222 + 556 (regular), 722 + 556 + 278 + 278 + 611 (bold).
        XCTAssertEqual(PDFWriter.width(of: "Hello", font: .regular, size: 10), 22.78, accuracy: 1e-9)
        XCTAssertEqual(PDFWriter.width(of: "Hello", font: .bold, size: 10), 24.45, accuracy: 1e-9)
        XCTAssertEqual(PDFWriter.width(of: "W@", font: .regular, size: 1), (944 + 1015) / 1000.0, accuracy: 1e-9)
        XCTAssertEqual(PDFWriter.width(of: "éÉ€", font: .regular, size: 1), (556 + 667 + 556) / 1000.0, accuracy: 1e-9)
        XCTAssertEqual(PDFWriter.width(of: "ü", font: .bold, size: 1), 0.611, accuracy: 1e-9)
    }

    func testWrapBreaksAtWordsAndHardBreaksLongWords() {
        let lines = PDFWriter.wrap("le chat est sur le tapis rouge", width: 60, font: .regular, size: 10)
        XCTAssertGreaterThan(lines.count, 1)
        XCTAssertEqual(lines.joined(separator: " "), "le chat est sur le tapis rouge")
        for line in lines { XCTAssertLessThanOrEqual(PDFWriter.width(of: line, font: .regular, size: 10), 60) }

        let long = PDFWriter.wrap("x Donaudampfschifffahrtsgesellschaft", width: 50, font: .bold, size: 10)
        XCTAssertEqual(long.first, "x")
        XCTAssertEqual(long.dropFirst().joined(), "Donaudampfschifffahrtsgesellschaft")
        for line in long { XCTAssertLessThanOrEqual(PDFWriter.width(of: line, font: .bold, size: 10), 50) }

        XCTAssertEqual(PDFWriter.wrap("a\n\nb", width: 100, font: .regular, size: 10), ["a", "", "b"])
    }

    func testTruncateAddsEllipsisWithinWidth() {
        XCTAssertEqual(PDFWriter.truncate("court", width: 100, font: .regular, size: 10), "court")
        let cut = PDFWriter.truncate("une adresse beaucoup trop longue", width: 60, font: .regular, size: 10)
        XCTAssertTrue(cut.hasSuffix("…"), cut)
        XCTAssertTrue("une adresse beaucoup trop longue".hasPrefix(String(cut.dropLast())))
        XCTAssertLessThanOrEqual(PDFWriter.width(of: cut, font: .regular, size: 10), 60)
        XCTAssertEqual(PDFWriter.truncate("abc", width: 1, font: .regular, size: 10), "")
    }

    func testNumbersAreLocaleFreeWithTwoDecimals() {
        XCTAssertEqual(PDFWriter.number(841.89), "841.89")
        XCTAssertEqual(PDFWriter.number(12), "12")
        XCTAssertEqual(PDFWriter.number(0.5), "0.5")
        XCTAssertEqual(PDFWriter.number(-3.05), "-3.05")
        XCTAssertEqual(PDFWriter.number(.nan), "0")
    }
}
