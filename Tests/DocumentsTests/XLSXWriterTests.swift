import DocumentRequests
import Foundation
import TestSupport
import XCTest

@testable import Documents

/// Workbooks from libxlsxwriter read back by openpyxl and by LibreOffice: the name set
/// exact, formula look-alikes kept as text, values typed, header bold, frozen and
/// filtered, widths, compression.
final class XLSXWriterTests: XCTestCase {
    private var directory: TempDirectory!
    override func setUp() { directory = TempDirectory("xlsx") }
    override func tearDown() { directory.remove() }

    /// Names in column A, then a number, a boolean, an empty cell and the hostile names.
    private func namesWorkbook() throws -> Data {
        let names = NameSet.names.map { [XLSXCell.text($0), .number(42.5), .bool(true), .empty, .text("x")] }
        let hostile = NameSet.hostile.map { [XLSXCell.text($0), .number(-3), .bool(false), .empty, .text($0)] }
        let sheet = XLSXSheet(
            name: "Utilisateurs", header: ["Nom", "Nombre", "Actif", "Vide", "Remarque"],
            columnWidths: [28, 10, 8, 6, 60], rows: names + hostile)
        return try XLSXWriter.workbook(
            [sheet], title: "Utilisateurs – Zürich", created: Date(timeIntervalSince1970: 1_795_000_000))
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testOpenpyxlReadsNamesExactTypedAndFormulaLookAlikesAsText() throws {
        let book = try json(try DocumentReaders.openpyxl(try directory.write(try namesWorkbook(), "names.xlsx")))
        XCTAssertEqual(book["title"] as? String, "Utilisateurs – Zürich")
        let sheet = try XCTUnwrap(book["Utilisateurs"] as? [String: Any])
        XCTAssertEqual(sheet["freeze"] as? String, "A2")
        XCTAssertEqual(sheet["filter"] as? String, "A1:E19")
        XCTAssertEqual(sheet["bold"] as? [Bool], [true, true, true, true, true])
        let widths = try XCTUnwrap(sheet["widths"] as? [String: Double])
        // Excel's stored form of a width of n characters is n + 5 pixels of padding.
        XCTAssertEqual(widths["A"] ?? 0, 28.71, accuracy: 0.01)
        XCTAssertEqual(widths["E"] ?? 0, 60.71, accuracy: 0.01)
        let rows = try XCTUnwrap(sheet["rows"] as? [[[Any]]])
        XCTAssertEqual(rows.count, 1 + NameSet.names.count + NameSet.hostile.count)
        XCTAssertEqual(rows[0].map { $0[0] as? String }, ["Nom", "Nombre", "Actif", "Vide", "Remarque"])
        for (i, name) in NameSet.names.enumerated() {
            let row = rows[1 + i]
            XCTAssertEqual((row[0][0] as? String)?.unicodeScalars.map(\.value), name.unicodeScalars.map(\.value), name)
            XCTAssertEqual(row[0][1] as? String, "s")
            XCTAssertEqual(row[1][0] as? Double, 42.5)
            XCTAssertEqual(row[1][1] as? String, "n")
            XCTAssertEqual(row[2][0] as? Bool, true)
            XCTAssertEqual(row[2][1] as? String, "b")
            XCTAssertTrue(row[3][0] is NSNull)
        }
        for (i, cleaned) in NameSet.hostileCleaned.enumerated() {
            let row = rows[1 + NameSet.names.count + i]
            XCTAssertEqual(row[0][0] as? String, cleaned)
            XCTAssertEqual(row[0][1] as? String, "s", "«\(cleaned)» must stay text, not a formula")
            XCTAssertEqual(row[4][0] as? String, cleaned)
            XCTAssertEqual(row[1][0] as? Int, -3)
            XCTAssertEqual(row[2][0] as? Bool, false)
        }
    }

    func testLibreOfficeReadsNamesExactAndEvaluatesNothing() throws {
        let path = try directory.write(try namesWorkbook(), "lo.xlsx")
        let rows = try XCTUnwrap(DocumentReaders.libreOfficeCSV([path]).first)
        XCTAssertEqual(rows.first, ["Nom", "Nombre", "Actif", "Vide", "Remarque"])
        XCTAssertEqual(rows.count, 1 + NameSet.names.count + NameSet.hostile.count)
        for (i, name) in NameSet.names.enumerated() {
            XCTAssertEqual(rows[1 + i][0].unicodeScalars.map(\.value), name.unicodeScalars.map(\.value), name)
            XCTAssertEqual(rows[1 + i][1], "42.5")
            XCTAssertEqual(rows[1 + i][2], "TRUE")
        }
        for (i, cleaned) in NameSet.hostileCleaned.enumerated() {
            XCTAssertEqual(rows[1 + NameSet.names.count + i][0], cleaned, "evaluated or changed")
            XCTAssertEqual(rows[1 + NameSet.names.count + i][4], cleaned)
        }
    }

    func testPartsAreDeflatedAndTheFileIsValid() throws {
        let sheet = XLSXSheet(
            name: "Benutzer", header: ["Name"], columnWidths: [20],
            rows: (0..<2000).map { [.text("Nutzer \($0) Müller-Lüdenscheidt")] })
        let data = try XLSXWriter.workbook([sheet])
        let path = try directory.write(data, "big.xlsx")
        let listing = try ProgramRun.run("/usr/bin/unzip", ["-v", path])
        XCTAssertEqual(listing.status, 0, listing.output)
        XCTAssertTrue(listing.output.contains("Defl"), listing.output)
        XCTAssertTrue(listing.output.contains("xl/sharedStrings.xml"))
        XCTAssertFalse(listing.output.contains("Stored"), "every part compressed")
        // "9 files, 151234 bytes uncompressed, 26317 bytes compressed:  82.6%"
        let summary = try ProgramRun.run("/usr/bin/unzip", ["-Zt", path]).output
        let numbers = summary.split(separator: " ").compactMap { Int($0) }
        XCTAssertEqual(numbers.count, 3, summary)
        XCTAssertLessThan(numbers[2] * 4, numbers[1], "compressed at least 4 to 1: \(summary)")
        XCTAssertEqual(try ProgramRun.run("/usr/bin/unzip", ["-t", path]).status, 0)
    }

    func testEmptyWorkbookStillOpensAndSheetNamesAreMadeValid() throws {
        let empty = try json(
            try DocumentReaders.openpyxl(try directory.write(try XLSXWriter.workbook([]), "empty.xlsx")))
        XCTAssertNotNil(empty["Sheet1"])
        let names = XLSXNames.sheetNames([
            "a/b", "A-B", "", "'quoted'", String(repeating: "x", count: 40),
            String(repeating: "x", count: 35), "Ça\u{7}va",
        ])
        XCTAssertEqual(
            names,
            [
                "a-b", "A-B (2)", "Sheet3", "quoted", String(repeating: "x", count: 31),
                String(repeating: "x", count: 27) + " (2)", "Çava",
            ])
        let odd = XLSXSheet(name: "Export: 2026/11 [tous]", header: ["Nom"], columnWidths: [12], rows: [])
        let book = try json(
            try DocumentReaders.openpyxl(try directory.write(try XLSXWriter.workbook([odd]), "odd.xlsx")))
        let sheet = try XCTUnwrap(book["Export- 2026-11 -tous-"] as? [String: Any])
        XCTAssertEqual(sheet["filter"] as? String, "A1", "the header alone (a one-cell range)")
    }

    func testTextLongerThanExcelsLimitIsCutNotRefused() throws {
        let long = String(repeating: "é", count: 40_000)
        let data = try XLSXWriter.workbook([XLSXSheet(name: "L", header: [], columnWidths: [], rows: [[.text(long)]])])
        let book = try json(try DocumentReaders.openpyxl(try directory.write(data, "long.xlsx")))
        let rows = try XCTUnwrap((book["L"] as? [String: Any])?["rows"] as? [[[Any]]])
        XCTAssertEqual((rows[0][0][0] as? String)?.count, XLSXWriter.maximumLength)
    }
}
