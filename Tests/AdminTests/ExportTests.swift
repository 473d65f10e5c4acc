import AdminCore
import Foundation
import Shared
import TestSupport
import XCTest

/// Exports read back by real parsers: openpyxl and unzip for XLSX, pdftotext for PDF.
final class ExportTests: XCTestCase {
    var h: AdminHarness!
    let E = "1283.220"
    var s = ""

    override func setUpWithError() throws {
        h = try AdminHarness()
        try h.createEmployer(E)
        (_, s) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        // 64 users: three PDF pages; some with accents, one deactivated.
        for i in 0..<60 {
            _ = try h.addedUser(E, by: s, email: String(format: "user%02d@modelesa.ch", i), first: "Prénom\(i)",
                                last: i % 3 == 0 ? "Zürcher" : "Modèle", themes: i % 2 == 0 ? ["accounting"] : [])
        }
        let (z, _) = try h.addedUser(E, by: s, email: "zoe@emery.ch", first: "Zoé", last: "Émery")
        _ = try h.call(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: z, disabled: true), session: s)
        _ = try h.addedUser(E, by: s, email: "anna@mueller.ch", first: "Anna", last: "Müller", themes: ["salaries", "documents"])
    }
    override func tearDown() { h.stop() }

    func export(_ b: UsersExport.Body, lang: Language = .fr) throws -> (UsersExport.Reply, String) {
        let r = try h.call(UsersExport.self, b, session: s, lang: lang)
        let data = try XCTUnwrap(Data(base64Encoded: r.contentBase64))
        let path = h.dir.file(r.filename)
        try data.write(to: URL(fileURLWithPath: path))
        return (r, path)
    }

    func run(_ tool: String, _ args: [String]) throws -> (Int32, String) {
        try ProgramRun.run(tool, args)
    }

    /// Every row of the list, all pages, as search shows them.
    func listed(_ text: String?, includeDisabled: Bool, sort: String) throws -> [UserRow] {
        var rows: [UserRow] = []
        while true {
            let page = try h.call(UsersSearch.self, UsersSearch.Body(employer: E, text: text, includeDisabled: includeDisabled,
                                                                    sort: sort, offset: rows.count, limit: 25), session: s)
            rows += page.users
            if page.users.isEmpty || rows.count >= page.total { return rows }
        }
    }

    func testXLSXHasExactlyTheListReadByOpenpyxl() throws {
        let (r, path) = try export(UsersExport.Body(employer: E, format: "xlsx", text: "MODELE", includeDisabled: true,
                                                    sort: "-displayName"))
        XCTAssertEqual(r.mediaType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        XCTAssertTrue(r.filename.hasPrefix("utilisateurs-1283.220-") && r.filename.hasSuffix(".xlsx"), r.filename)
        let (zipStatus, zipOut) = try run("/usr/bin/unzip", ["-t", path])
        XCTAssertEqual(zipStatus, 0, zipOut)
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.active
            rows = [[c.value for c in row] for row in ws.iter_rows()]
            print(json.dumps({"title": ws.title, "rows": rows, "bold": all(c.font.b for c in ws[1]),
              "filter": ws.auto_filter.ref, "widthA": ws.column_dimensions["A"].width,
              "widthG": ws.column_dimensions["G"].width}))
            """
        let (status, out) = try run("/usr/bin/python3", ["-c", script, path])
        XCTAssertEqual(status, 0, out)
        let parsed = try JSONCoding.decoder.decode(JSONValue.self, from: Data(out.utf8))
        XCTAssertEqual(parsed["title"]?.stringValue, "Utilisateurs")
        XCTAssertEqual(parsed["bold"], .bool(true))
        XCTAssertEqual(parsed["filter"]?.stringValue?.hasPrefix("A1:G"), true)
        // libxlsxwriter stores Excel's own form of a 28-character width (28 + padding).
        guard case .number(let widthA)? = parsed["widthA"] else { return XCTFail(out) }
        XCTAssertEqual(widthA, 28.71, accuracy: 0.01)
        guard case .array(let rows)? = parsed["rows"] else { return XCTFail(out) }
        XCTAssertEqual(rows.first, .array(["Nom d'affichage", "Adresse e-mail", "Langue", "Désactivé", "Référence",
                                          "Authentification multifacteur", "Infos / remarques"].map { .string($0) }))
        let expected = try listed("MODELE", includeDisabled: true, sort: "-displayName")
        XCTAssertEqual(expected.count, 61, "Gilbert and the 60 (names or e-mails), not Zoé nor Anna")
        XCTAssertEqual(rows.count - 1, expected.count)
        for (row, want) in zip(rows.dropFirst(), expected) {
            guard case .array(let cells) = row else { return XCTFail("row") }
            XCTAssertEqual(cells[0].stringValue, want.displayName)
            XCTAssertEqual(cells[1].stringValue, want.email)
            XCTAssertEqual(cells[2].stringValue, want.language)
            XCTAssertEqual(cells[3], .bool(want.disabled))
            XCTAssertEqual(cells[6].stringValue ?? "", want.remarks)
        }
    }

    func testPDFHasTheListOnEveryPageWithHeaderAndPageNumbers() throws {
        let (r, path) = try export(UsersExport.Body(employer: E, format: "pdf", includeDisabled: false, sort: "displayName"))
        XCTAssertEqual(r.mediaType, "application/pdf")
        XCTAssertTrue(r.filename.hasSuffix(".pdf"))
        let (status, text) = try run("/usr/bin/pdftotext", ["-layout", path, "-"])
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("Gestion des utilisateurs — Modèle SA (1283.220)"), String(text.prefix(400)))
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pages.count, 3)
        for (i, page) in pages.enumerated() {
            XCTAssertTrue(page.contains("Nom d'affichage"), "header on page \(i + 1)")
            XCTAssertTrue(page.contains("Infos / remarques"), "header on page \(i + 1)")
            XCTAssertTrue(page.contains("Page \(i + 1) / 3"), "page number on page \(i + 1)")
        }
        // Every listed user once, in the list's order; the deactivated one absent.
        let expected = try listed(nil, includeDisabled: false, sort: "displayName")
        XCTAssertEqual(expected.count, 62)
        var cursor = text.startIndex
        for row in expected {
            guard let found = text.range(of: row.email, range: cursor..<text.endIndex) else {
                return XCTFail("\(row.email) missing or out of order")
            }
            cursor = found.upperBound
        }
        XCTAssertFalse(text.contains("zoe@emery.ch"))
        XCTAssertTrue(text.contains("Müller, Anna"))
        XCTAssertTrue(text.contains("Administrateur connect, Comptabilité"))
    }

    func testPDFInGermanAndBadFormat() throws {
        let (_, path) = try export(UsersExport.Body(employer: E, format: "pdf", text: "müller"), lang: .de)
        let (_, text) = try run("/usr/bin/pdftotext", ["-layout", path, "-"])
        XCTAssertTrue(text.contains("Benutzerverwaltung — Modèle SA (1283.220)"), text)
        XCTAssertTrue(text.contains("Seite 1 / 1"), text)
        XCTAssertTrue(text.contains("Lohnmeldungen, Dokumente und Korrespondenz"), text)
        XCTAssertFalse(text.contains("Zürcher"))
        XCTAssertEqual(h.outcome(UsersExport.self, UsersExport.Body(employer: E, format: "csv"), session: s), "bad_request")
    }
}
