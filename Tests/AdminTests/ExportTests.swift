import AdminCore
import Client
import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// Exports read back by real parsers: openpyxl and unzip for XLSX, pdftotext for PDF.
final class ExportTests: XCTestCase {
    var h: AdminHarness!
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"
    var s = ""

    override func setUpWithError() throws {
        (h, s) = try AdminHarness.withGilbertAdminOf(E)
        // 64 users: three PDF pages; some with accents, one deactivated.
        for i in 0..<60 {
            _ = try h.addedUser(
                E, by: s, email: String(format: "user%02d@modelesa.ch", i), first: "Prénom\(i)",
                last: i % 3 == 0 ? "Zürcher" : "Modèle", themes: i % 2 == 0 ? ["accounting"] : [])
        }
        let (z, _) = try h.addedUser(E, by: s, email: "zoe@emery.ch", first: "Zoé", last: "Émery")
        _ = try h.call(UsersUpdate.self, UsersUpdate.Body(employer: E, userId: z, disabled: true), session: s)
        _ = try h.addedUser(
            E, by: s, email: "anna@mueller.ch", first: "Anna", last: "Müller", themes: ["salaries", "documents"])
    }
    override func tearDown() { h?.stop() }

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
    func listed(_ text: String?, includeDisabled: Bool, sort: UserSort) throws -> [UserRow] {
        var rows: [UserRow] = []
        while true {
            let page = try h.call(
                UsersSearch.self,
                UsersSearch.Body(
                    employer: E, text: text, includeDisabled: includeDisabled,
                    sort: sort, offset: rows.count, limit: 25), session: s)
            rows += page.users
            if page.users.isEmpty || rows.count >= page.total { return rows }
        }
    }

    func testXLSXHasExactlyTheListReadByOpenpyxl() throws {
        let (r, path) = try export(
            UsersExport.Body(
                employer: E, format: .xlsx, text: "MODELE", includeDisabled: true,
                sort: .displayNameDescending))
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
        XCTAssertEqual(
            rows.first,
            .array(
                [
                    "Nom d'affichage", "Adresse e-mail", "Langue", "Désactivé", "Référence",
                    "Authentification multifacteur", "Infos / remarques",
                ].map { .string($0) }))
        let expected = try listed("MODELE", includeDisabled: true, sort: .displayNameDescending)
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
        let (r, path) = try export(
            UsersExport.Body(employer: E, format: .pdf, includeDisabled: false, sort: .displayName))
        XCTAssertEqual(r.mediaType, "application/pdf")
        XCTAssertTrue(r.filename.hasSuffix(".pdf"))
        let (status, text) = try run("/usr/bin/pdftotext", ["-layout", path, "-"])
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("Gestion des utilisateurs — Modèle SA (1283.220)"), String(text.prefix(400)))
        let pages = text.components(separatedBy: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        XCTAssertEqual(pages.count, 3)
        for (i, page) in pages.enumerated() {
            XCTAssertTrue(page.contains("Nom d'affichage"), "header on page \(i + 1)")
            XCTAssertTrue(page.contains("Infos / remarques"), "header on page \(i + 1)")
            XCTAssertTrue(page.contains("Page \(i + 1) / 3"), "page number on page \(i + 1)")
        }
        // Every listed user once, in the list's order; the deactivated one absent.
        let expected = try listed(nil, includeDisabled: false, sort: .displayName)
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
        let (_, path) = try export(UsersExport.Body(employer: E, format: .pdf, text: "müller"), lang: .de)
        let (_, text) = try run("/usr/bin/pdftotext", ["-layout", path, "-"])
        XCTAssertTrue(text.contains("Benutzerverwaltung — Modèle SA (1283.220)"), text)
        XCTAssertTrue(text.contains("Seite 1 / 1"), text)
        XCTAssertTrue(text.contains("Lohnmeldungen, Dokumente und Korrespondenz"), text)
        XCTAssertFalse(text.contains("Zürcher"))
        let csv = try h.raw(UsersExport.type, .object(["employer": .string(E), "format": "csv"]), session: s)
        XCTAssertEqual(csv.error?.code, "bad_request")
        XCTAssertEqual(csv.error?.field, "format")
    }

    /// The name set and hostile names as users: every display name back exact from the
    /// PDF (its first column cropped) and from the XLSX (openpyxl and LibreOffice), the
    /// hostile ones text and harmless.
    func testNamesAsWrittenInBothExports() throws {
        var names: [String] = []
        let cleaned = NameSet.names + NameSet.hostileCleaned
        for (i, name) in (NameSet.names + NameSet.hostile).enumerated() {
            do {
                _ = try h.addedUser(E, by: s, email: String(format: "name%02d@names.ch", i), first: "Ω\(i)", last: name)
                names.append("\(cleaned[i]), Ω\(i)")
            } catch let error as ServiceError where error.code == .badRequest {
                XCTAssertTrue(NameSet.hostile.contains(name), "«\(name)» refused: \(error)")
            }
        }
        XCTAssertGreaterThanOrEqual(names.count, NameSet.names.count + 4)
        let (_, pdf) = try export(UsersExport.Body(employer: E, format: .pdf, text: "names.ch", sort: .displayName))
        // The display-name column: 2.2 of the 12.7 weights of the table's 769.89 points, from x = 36.
        var column = ""
        let pages = try DocumentReaders.pdfText(pdf).components(separatedBy: "\u{0C}").count - 1
        for page in 1...max(pages, 1) {
            column += try DocumentReaders.pdfText(
                pdf, page: page, x: 37, y: 50, width: 769.89 * 2.2 / 12.7 - 2, height: 500)
        }
        let unwrapped = DocumentReaders.unwrap(column)
        for name in names {
            // Direction marks have no glyph: pdftotext has nothing to give back for them.
            let visible = String(
                String.UnicodeScalarView(name.unicodeScalars.filter { $0 != "\u{200E}" && $0 != "\u{200F}" }))
            XCTAssertTrue(unwrapped.contains(visible), "PDF: «\(name)» in\n\(unwrapped)")
        }
        XCTAssertTrue(try DocumentReaders.pdfFonts(pdf).allSatisfy(\.embedded))

        let (_, xlsx) = try export(UsersExport.Body(employer: E, format: .xlsx, text: "names.ch", sort: .displayName))
        let book = try JSONCoding.decoder.decode(JSONValue.self, from: Data(try DocumentReaders.openpyxl(xlsx).utf8))
        guard case .array(let rows)? = book["Utilisateurs"]?["rows"] else { return XCTFail("\(book)") }
        let cells = rows.dropFirst().compactMap { row -> (String, String)? in
            guard case .array(let cells) = row, case .array(let first)? = cells.first else { return nil }
            return (first.first?.stringValue ?? "", first.last?.stringValue ?? "")
        }
        XCTAssertEqual(Set(cells.map(\.0)), Set(names))
        XCTAssertTrue(cells.allSatisfy { $0.1 == "s" }, "every name is text: \(cells)")
        let office = try XCTUnwrap(DocumentReaders.libreOfficeCSV([xlsx]).first)
        XCTAssertEqual(Set(office.dropFirst().map { $0[0] }), Set(names))
    }

    /// Exports on six connections at once: each document whole (cairo and pango objects are per document).
    func testConcurrentExportsAreEachComplete() throws {
        let client = h.client
        let session = s
        let results = Mutex<[Int: Data]>([:])
        onThreads(6) { i in
            let format: ExportFormat = i % 2 == 0 ? .pdf : .xlsx
            let reply = try? client.call(
                UsersExport.self, UsersExport.Body(employer: "1283.220", format: format, includeDisabled: true),
                session: session, lang: .fr)
            results.withLock { $0[i] = reply.flatMap { Data(base64Encoded: $0.contentBase64) } }
        }
        let emails = try listed(nil, includeDisabled: true, sort: .displayName).map(\.email)
        for i in 0..<6 {
            let data = try XCTUnwrap(results.withLock { $0[i] }, "export \(i) failed")
            let path = h.dir.file("c\(i).\(i % 2 == 0 ? "pdf" : "xlsx")")
            try data.write(to: URL(fileURLWithPath: path))
            let text = i % 2 == 0 ? try DocumentReaders.pdfText(path) : try DocumentReaders.openpyxl(path)
            for email in emails { XCTAssertTrue(text.contains(email), "export \(i) lacks \(email)") }
        }
    }
}
