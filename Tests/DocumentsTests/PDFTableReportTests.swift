import Foundation
import TestSupport
import XCTest

@testable import Documents

/// The paginated table: header on every page, "Page x / y", long cells wrapped whole
/// inside their column (read back by cropping pdftotext to the column).
final class PDFTableReportTests: XCTestCase {
    private var directory: TempDirectory!
    override func setUp() { directory = TempDirectory("tbl") }
    override func tearDown() { directory.remove() }

    static let columns = [
        PDFTableReport.Column(title: "Nom d'affichage", weight: 2),
        PDFTableReport.Column(title: "Adresse e-mail", weight: 2),
        PDFTableReport.Column(title: "Infos / remarques", weight: 3),
    ]

    /// The name set three times over, 30 rows: two pages.
    private func report(rows count: Int) -> PDFTableReport {
        let rows = (0..<count).map { i -> [String] in
            let name = NameSet.names[i % NameSet.names.count]
            return [
                name, "user\(i)@exemple.ch", i % 4 == 0 ? NameSet.hundred + " — " + NameSet.hundred : "Comptabilité",
            ]
        }
        var report = PDFTableReport(
            title: "Gestion des utilisateurs — Dvořák & Łukasiewicz Sàrl (1283.220)",
            subtitle: "État au 01.12.2026 — \(count) utilisateurs", columns: Self.columns,
            rows: rows, footer: { "Page \($0) / \($1)" })
        report.creationDate = Date(timeIntervalSince1970: 1_795_000_000)
        return report
    }

    private func render(_ report: PDFTableReport, _ name: String) throws -> String {
        let path = directory.file(name)
        try report.render().write(to: URL(fileURLWithPath: path))
        return path
    }

    func testHeaderAndPageNumberOnEveryPage() throws {
        let path = try render(report(rows: 30), "two.pdf")
        let pages = try DocumentReaders.pdfText(path, ["-layout"]).components(separatedBy: "\u{0C}")
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pages.count, 2)
        for (i, page) in pages.enumerated() {
            XCTAssertTrue(page.contains("Nom d'affichage"), "header on page \(i + 1)")
            XCTAssertTrue(page.contains("Infos / remarques"), "header on page \(i + 1)")
            XCTAssertTrue(page.contains("Page \(i + 1) / 2"), "page number on page \(i + 1)")
            XCTAssertTrue(page.contains("Dvořák & Łukasiewicz Sàrl"), "title on page \(i + 1)")
        }
        XCTAssertTrue(pages[0].contains("État au 01.12.2026 — 30 utilisateurs"))
        let fonts = try DocumentReaders.pdfFonts(path)
        XCTAssertTrue(fonts.allSatisfy(\.embedded), "\(fonts)")
    }

    /// Each column cropped on its own: the cells come back whole and in order, across pages.
    func testCellsAreWrappedNotCut() throws {
        let report = report(rows: 30)
        let path = try render(report, "wrap.pdf")
        let widths = report.columnWidths()
        let page = PDFTableReport.Layout.page
        func column(_ index: Int) throws -> String {
            let x = PDFTableReport.Layout.margin + widths[..<index].reduce(0, +)
            var text = ""
            for p in 1...2 {
                text += try DocumentReaders.pdfText(
                    path, page: p, x: x + 1, y: 50, width: widths[index] - 2,
                    height: PDFTableReport.Layout.bottomLimit - 50)
            }
            return DocumentReaders.unwrap(text)
        }
        let names = try column(0)
        let remarks = try column(2)
        var cursor = names.startIndex
        for (i, row) in report.rows.enumerated() {
            guard let found = names.range(of: row[0], range: cursor..<names.endIndex) else {
                return XCTFail("row \(i): «\(row[0])» missing, cut or out of order in:\n\(names)")
            }
            cursor = found.upperBound
        }
        XCTAssertTrue(remarks.contains(NameSet.hundred + " — " + NameSet.hundred), remarks)
        XCTAssertFalse(names.contains("…"), "nothing cut")
    }

    func testPaginationKeepsEveryRowOnceAndFitsThePage() {
        let report = report(rows: 1)
        let heights = (0..<100).map { Double(10 + $0 % 7 * 9) }
        let pages = report.paginate(heights, headerHeight: 16)
        XCTAssertEqual(pages.first?.lowerBound, 0)
        XCTAssertEqual(pages.last?.upperBound, 100)
        for (a, b) in zip(pages, pages.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
        for (i, range) in pages.enumerated() {
            let top = (i == 0 ? PDFTableReport.Layout.firstTableTop : PDFTableReport.Layout.laterTableTop) + 16
            XCTAssertLessThanOrEqual(top + heights[range].reduce(0, +), PDFTableReport.Layout.bottomLimit)
        }
        XCTAssertEqual(report.paginate([], headerHeight: 16), [0..<0], "an empty table still has its page")
        XCTAssertEqual(report.paginate([10_000], headerHeight: 16), [0..<1], "a row taller than a page still ends")
    }

    func testEmptyListIsOnePageWithItsHeader() throws {
        let path = try render(report(rows: 0), "empty.pdf")
        let text = try DocumentReaders.pdfText(path, ["-layout"])
        XCTAssertTrue(text.contains("Nom d'affichage"))
        XCTAssertTrue(text.contains("Page 1 / 1"))
    }
}
