import Foundation
import Synchronization
import TestSupport
import XCTest

@testable import Documents

/// PDFs from cairo and pango read back by poppler: every name of the set exact, every
/// font embedded, hostile names harmless, and documents made on many threads at once.
final class PDFDocumentTests: XCTestCase {
    private var directory: TempDirectory!
    override func setUp() { directory = TempDirectory("pdf") }
    override func tearDown() { directory.remove() }

    /// One line per name, in two sizes and both weights.
    private func namesDocument(_ names: [String]) throws -> Data {
        let pdf = PDFDocument(
            page: .a4Landscape, title: "Noms – Zürich", author: "Comptabilité",
            created: Date(timeIntervalSince1970: 1_795_000_000))
        var y = 40.0
        for (i, name) in names.enumerated() {
            y += pdf.text(name, x: 40, y: y, style: i % 2 == 0 ? .regular(10) : .bold(11)) + 6
        }
        return try pdf.finish()
    }

    func testEveryNameComesBackExactThroughPdftotext() throws {
        let path = try directory.write(try namesDocument(NameSet.names), "names.pdf")
        let lines = try DocumentReaders.pdfText(path, ["-raw"]).split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && $0 != "\u{0C}" }
        XCTAssertEqual(lines.map { $0.replacingOccurrences(of: "\u{0C}", with: "") }, NameSet.names)
    }

    func testEveryFontIsEmbeddedAsASubsetOfDejaVu() throws {
        let path = try directory.write(try namesDocument(NameSet.names), "fonts.pdf")
        let fonts = try DocumentReaders.pdfFonts(path)
        XCTAssertFalse(fonts.isEmpty)
        for font in fonts {
            XCTAssertTrue(font.embedded, "\(font.name) not embedded")
            XCTAssertTrue(font.subset, "\(font.name) not a subset")
            XCTAssertTrue(font.name.contains("DejaVuSans"), font.name)
        }
        XCTAssertTrue(fonts.contains { $0.name.hasSuffix("DejaVuSans-Bold") }, "\(fonts)")
        let info = try ProgramRun.run("/usr/bin/pdfinfo", [path]).output
        XCTAssertTrue(info.contains("Noms – Zürich"), info)
        XCTAssertTrue(info.contains("Comptabilité"), info)
    }

    func testHostileNamesAreHarmless() throws {
        let path = try directory.write(try namesDocument(NameSet.hostile), "hostile.pdf")
        let text = try DocumentReaders.pdfText(path, ["-raw"])
        for (name, cleaned) in zip(NameSet.hostile, NameSet.hostileCleaned) {
            let visible = cleaned.unicodeScalars.filter { $0 != "\u{200E}" && $0 != "\u{200F}" }
            XCTAssertTrue(text.contains(String(String.UnicodeScalarView(visible))), "«\(name)» in:\n\(text)")
        }
        for scalar in text.unicodeScalars {
            XCTAssertFalse(
                scalar.value < 0x20 && scalar != "\n" && scalar != "\u{0C}", "control U+\(scalar.value) printed")
            XCTAssertFalse((0x202A...0x202E).contains(scalar.value), "bidi override printed")
        }
    }

    func testWrappingBreaksBetweenWordsAndNeverAddsAHyphen() throws {
        let pdf = PDFDocument(page: .a4Portrait)
        let one = pdf.measure("Müller-Lüdenscheidt", style: .regular(10))
        let narrow = pdf.measure(NameSet.hundred, width: 120, style: .regular(10))
        XCTAssertGreaterThan(narrow.height, one.height * 4, "the long name is wrapped")
        XCTAssertLessThanOrEqual(narrow.width, 120)
        pdf.text(NameSet.hundred, x: 40, y: 40, width: 120, style: .regular(10))
        let path = try directory.write(try pdf.finish(), "wrap.pdf")
        let text = try DocumentReaders.pdfText(path, ["-raw"])
        XCTAssertGreaterThan(text.split(separator: "\n").count, 3)
        XCTAssertEqual(DocumentReaders.unwrap(text), NameSet.hundred)
    }

    func testDocumentsMadeOnEightThreadsAtOnceAreEachComplete() throws {
        let made = Made()
        onThreads(8) { i in
            let names = NameSet.names.map { "\($0) \(i)" }
            let data = try? PDFTableReport(
                title: "T\(i)", subtitle: "s", columns: [.init(title: "Nom", weight: 1)],
                rows: Array(repeating: names, count: 8).flatMap { $0 }.map { [$0] },
                footer: { "Page \($0) / \($1)" }
            ).render()
            made.set(i, data)
        }
        for i in 0..<8 {
            let data = try XCTUnwrap(made.get(i), "document \(i) failed")
            let text = try DocumentReaders.pdfText(try directory.write(data, "t\(i).pdf"), ["-raw"])
            for name in NameSet.names.prefix(9) { XCTAssertTrue(text.contains("\(name) \(i)"), "\(name) \(i)") }
        }
    }

    func testTextCleaning() {
        XCTAssertEqual(DocumentText.clean("a\u{0}b\u{1F}c\td\r\ne\rf\u{FFFF}\u{85}g"), "abc d\ne\nfg")
        XCTAssertEqual(DocumentText.clean("x\u{202E}y\u{2066}z\u{2069}"), "xyz")
        XCTAssertEqual(DocumentText.clean("é😀é", limit: 3), "é😀", "never splits a surrogate pair")
        XCTAssertEqual(DocumentText.clean("Nguyễn Thị"), "Nguyễn Thị")
        // The fast path (nothing to clean) agrees with the slow one.
        for text in NameSet.names + NameSet.hostile + [
            "a\u{85}", "x\u{2069}", "\u{FFFE}", "\u{FFFD}\u{2028}", "é\u{2030}",
        ] {
            XCTAssertEqual(
                DocumentText.isClean(text),
                String(DocumentText.clean(text).unicodeScalars.map(Character.init)) == text
                    && DocumentText.clean(text).unicodeScalars.elementsEqual(text.unicodeScalars),
                "\(text.debugDescription)")
        }
    }
}

/// Results written by the threads of one test.
private final class Made: Sendable {
    private let slots = Mutex<[Int: Data]>([:])
    func set(_ i: Int, _ data: Data?) { slots.withLock { $0[i] = data } }
    func get(_ i: Int) -> Data? { slots.withLock { $0[i] } }
}
