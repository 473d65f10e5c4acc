import Foundation
import XCTest
import TestSupport
@testable import Shared

final class XLSXWriterTests: XCTestCase {
    private var directory: TempDirectory!

    override func setUp() { directory = TempDirectory("xlsx") }
    override func tearDown() { directory.remove() }

    private let special = #"<&>"' Müller & Söhne"#

    private func sampleWorkbook() -> Data {
        let users = XLSXSheet(
            name: "Utilisateurs",
            header: ["Nom", "Prénom", "E-mail", "Actif", "Âge"],
            columnWidths: [20, 15, 30.5, 8, 6],
            rows: [
                [.text("Müller"), .text("Élodie"), .text("elodie@exemple.ch"), .bool(true), .number(42)],
                [.text(special), .text("Ça\u{1}va"), .empty, .bool(false), .number(3.25)],
                [.text("  espaces  "), .text("ligne 1\r\nligne 2"), .text("€ – …"), .empty, .number(-0.5)],
            ])
        let wide = XLSXSheet(
            name: "Export: 2026/11 [tous]",
            header: (1...30).map { "C\($0)" },
            columnWidths: [],
            rows: [(1...30).map { .number(Double($0)) }])
        return XLSXWriter.workbook([users, wide], title: "Utilisateurs – Zürich",
                                   created: Date(timeIntervalSince1970: 1_795_000_000))
    }

    private static let reader = #"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "title": wb.properties.title,
       "created": wb.properties.created.isoformat() if wb.properties.created else None}
for ws in wb.worksheets:
    out[ws.title] = {
        "rows": [[c.value for c in row] for row in ws.iter_rows()],
        "headerBold": [ws.cell(row=1, column=c).font.b for c in range(1, ws.max_column + 1)],
        "bodyBold": [bool(c.font.b) for row in ws.iter_rows(min_row=2) for c in row],
        "filter": ws.auto_filter.ref,
        "freeze": ws.freeze_panes,
        "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
        "dimension": ws.dimensions,
    }
print(json.dumps(out))
"""#

    private func readWithOpenpyxl(_ data: Data) throws -> [String: Any] {
        try DocumentTools.requireOpenpyxl()
        let path = directory.file("book.xlsx")
        try data.write(to: URL(fileURLWithPath: path))
        let output = try DocumentTools.run("/usr/bin/python3", ["-c", XLSXWriterTests.reader, path])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertFalse(output.stderr.contains("Warning"), output.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    func testOpenpyxlReadsHeaderCellsStylesFilterAndWidths() throws {
        let book = try readWithOpenpyxl(sampleWorkbook())
        XCTAssertEqual(book["sheets"] as? [String], ["Utilisateurs", "Export- 2026-11 -tous-"])
        XCTAssertEqual(book["title"] as? String, "Utilisateurs – Zürich")
        XCTAssertEqual(book["created"] as? String, "2026-11-18T11:06:40")

        let users = try XCTUnwrap(book["Utilisateurs"] as? [String: Any])
        let rows = try XCTUnwrap(users["rows"] as? [[Any]])
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(rows[0] as? [String], ["Nom", "Prénom", "E-mail", "Actif", "Âge"])
        XCTAssertEqual(rows[1][0] as? String, "Müller")
        XCTAssertEqual(rows[1][1] as? String, "Élodie")
        XCTAssertEqual(rows[1][3] as? Bool, true)
        XCTAssertEqual(rows[1][4] as? Int, 42)
        XCTAssertEqual(rows[2][0] as? String, special)
        XCTAssertEqual(rows[2][1] as? String, "Çava", "control characters removed")
        XCTAssertTrue(rows[2][2] is NSNull)
        XCTAssertEqual(rows[2][3] as? Bool, false)
        XCTAssertEqual(rows[2][4] as? Double, 3.25)
        XCTAssertEqual(rows[3][0] as? String, "  espaces  ")
        XCTAssertEqual(rows[3][1] as? String, "ligne 1\nligne 2")
        XCTAssertEqual(rows[3][2] as? String, "€ – …")
        XCTAssertEqual(rows[3][4] as? Double, -0.5)

        XCTAssertEqual(users["headerBold"] as? [Bool], [true, true, true, true, true])
        XCTAssertEqual(users["bodyBold"] as? [Bool], Array(repeating: false, count: 15))
        XCTAssertEqual(users["filter"] as? String, "A1:E4")
        XCTAssertEqual(users["freeze"] as? String, "A2")
        XCTAssertEqual(users["dimension"] as? String, "A1:E4")
        let widths = try XCTUnwrap(users["widths"] as? [String: Double])
        XCTAssertEqual(widths, ["A": 20, "B": 15, "C": 30.5, "D": 8, "E": 6])

        let wide = try XCTUnwrap(book["Export- 2026-11 -tous-"] as? [String: Any])
        XCTAssertEqual(wide["filter"] as? String, "A1:AD2")
        let wideRows = try XCTUnwrap(wide["rows"] as? [[Any]])
        XCTAssertEqual(wideRows[0][26] as? String, "C27")
        XCTAssertEqual(wideRows[1][29] as? Int, 30)
    }

    func testUnzipVerifiesEveryEntry() throws {
        let path = directory.file("check.xlsx")
        try sampleWorkbook().write(to: URL(fileURLWithPath: path))
        let output = try DocumentTools.run("/usr/bin/unzip", ["-t", path])
        XCTAssertEqual(output.status, 0, output.stdout + output.stderr)
        XCTAssertTrue(output.stdout.contains("No errors detected"), output.stdout)
        for part in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                     "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                     "xl/worksheets/sheet2.xml", "docProps/core.xml"] {
            XCTAssertTrue(output.stdout.contains("testing: \(part)"), part)
        }
    }

    func testEmptyWorkbookStillOpens() throws {
        let book = try readWithOpenpyxl(XLSXWriter.workbook([]))
        XCTAssertEqual(book["sheets"] as? [String], ["Sheet1"])
        let header = try readWithOpenpyxl(XLSXWriter.workbook([XLSXSheet(name: "Vide", header: ["Nom"], columnWidths: [12], rows: [])]))
        let sheet = try XCTUnwrap(header["Vide"] as? [String: Any])
        XCTAssertEqual(sheet["filter"] as? String, "A1:A1")
    }

    func testColumnLetters() {
        let cases = [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")]
        for (index, letters) in cases { XCTAssertEqual(XLSXNames.columnLetters(index), letters) }
        XCTAssertEqual(XLSXNames.cellReference(column: 27, row: 12), "AB12")
        XCTAssertEqual(XLSXNames.absolute("AB12"), "$AB$12")
    }

    func testSheetNamesAreMadeValidAndDistinct() {
        let names = XLSXNames.sheetNames(["a/b", "A-B", "", "'quoted'", String(repeating: "x", count: 40), String(repeating: "x", count: 35)])
        XCTAssertEqual(names[0], "a-b")
        XCTAssertEqual(names[1], "A-B (2)")
        XCTAssertEqual(names[2], "Sheet3")
        XCTAssertEqual(names[3], "quoted")
        XCTAssertEqual(names[4], String(repeating: "x", count: 31))
        XCTAssertEqual(names[5], String(repeating: "x", count: 27) + " (2)")
    }

    func testXMLTextRules() {
        XCTAssertEqual(Markup.escape(#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(XMLText.clean("a\u{0}b\u{1F}c\td\r\ne\rf\u{FFFF}", limit: nil), "abc\td\ne\nf")
        XCTAssertEqual(XMLText.clean("é😀é", limit: 3), "é😀", "never splits a surrogate pair")
        XCTAssertEqual(XLSXNames.number(42), "42")
        XCTAssertEqual(XLSXNames.number(3.25), "3.25")
        XCTAssertEqual(XLSXNames.number(1e20), "1e+20")
    }
}
