import Foundation
import XCTest
import TestSupport
@testable import Shared

final class PDFTableReportTests: XCTestCase {
    private var directory: TempDirectory!

    override func setUp() { directory = TempDirectory("pdftable") }
    override func tearDown() { directory.remove() }

    private func report(rows count: Int) -> PDFTableReport {
        let rows = (1...max(count, 1)).prefix(count).map { index in
            ["Müller-\(index)", "Élise", "elise.\(index)@exemple.ch",
             index == 7 ? String(repeating: "Comptabilité générale ", count: 10) : "Comptabilité", "actif"]
        }
        return PDFTableReport(
            title: "Utilisateurs – Mandant Zürich",
            subtitle: "Exporté le 27.11.2026, \(count) personnes",
            columns: [.init(title: "Nom", weight: 2), .init(title: "Prénom", weight: 2),
                      .init(title: "E-mail", weight: 3), .init(title: "Thèmes", weight: 3),
                      .init(title: "État", weight: 1)],
            rows: rows,
            footer: { page, pages in "Page \(page) / \(pages)" })
    }

    private func text(_ path: String, page: Int) throws -> String {
        let output = try DocumentTools.run("/usr/bin/pdftotext", ["-layout", "-f", "\(page)", "-l", "\(page)", path, "-"])
        XCTAssertEqual(output.status, 0, output.stderr)
        return output.stdout
    }

    func testHundredTwentyRowsSpanSeveralLandscapePagesWithHeaderAndFooterOnEach() throws {
        let table = report(rows: 120)
        let pageCount = table.pageRanges().count
        XCTAssertGreaterThanOrEqual(pageCount, 3)
        let path = directory.file("users.pdf")
        try table.render().write(to: URL(fileURLWithPath: path))

        let info = try DocumentTools.run("/usr/bin/pdfinfo", ["-f", "1", "-l", "\(pageCount)", path])
        XCTAssertEqual(info.status, 0, info.stderr)
        let fields = DocumentTools.fields(info.stdout)
        XCTAssertEqual(fields["Pages"], "\(pageCount)")
        for page in 1...pageCount {
            XCTAssertEqual(fields["Page \(page) size"], "841.89 x 595.28 pts (A4)", "page \(page)")
        }

        var seen = Set<Int>()
        for page in 1...pageCount {
            let content = try text(path, page: page)
            for header in ["Nom", "Prénom", "E-mail", "Thèmes", "État"] {
                XCTAssertTrue(content.contains(header), "header \(header) on page \(page)")
            }
            XCTAssertTrue(content.contains("Page \(page) / \(pageCount)"), "footer on page \(page)")
            XCTAssertTrue(content.contains("Utilisateurs – Mandant Zürich"), "title on page \(page)")
            XCTAssertEqual(content.contains("Exporté le 27.11.2026"), page == 1, "subtitle on first page only")
            for match in content.matches(of: /Müller-(\d+)/) { seen.insert(Int(match.1)!) }
        }
        XCTAssertEqual(seen, Set(1...120), "every row on some page, none lost at page breaks")

        let first = try text(path, page: 1)
        XCTAssertTrue(first.contains("Comptabilité générale Comptabilité"), first)
        XCTAssertTrue(first.contains("…"), "the over-long cell is truncated with an ellipsis")
        XCTAssertFalse(first.contains(String(repeating: "Comptabilité générale ", count: 4)))
    }

    func testEmptyTableIsOnePageWithHeader() throws {
        let table = report(rows: 0)
        XCTAssertEqual(table.pageRanges(), [0..<0])
        let path = directory.file("empty.pdf")
        try table.render().write(to: URL(fileURLWithPath: path))
        let content = try text(path, page: 1)
        XCTAssertTrue(content.contains("Prénom"))
        XCTAssertTrue(content.contains("Page 1 / 1"))
    }

    func testPageRangesCoverAllRowsExactlyOnce() {
        for count in [1, 29, 30, 31, 60, 120, 500] {
            let ranges = report(rows: count).pageRanges()
            XCTAssertEqual(ranges.first?.lowerBound, 0)
            XCTAssertEqual(ranges.last?.upperBound, count)
            for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
            XCTAssertTrue(ranges.allSatisfy { !$0.isEmpty })
        }
    }
}
