import Foundation
import XCTest

@testable import DocumentRequests

/// The connect-documents helper as notifier and admin use it: a document through the
/// real helper process, and every way its answer can go wrong is a clear error.
final class DocumentRendererTests: XCTestCase {
    func testATableAndAWorkbookComeBackFromTheHelper() throws {
        let table = DocumentRequest.TableReport(
            title: "Gestion des utilisateurs", subtitle: "2 utilisateurs",
            columns: [.init(title: "Nom", weight: 1), .init(title: "E-mail", weight: 2)],
            rows: [["Léa Modèle", "lea@example.ch"], ["Jean", "jean@example.ch"]], footer: "Page {page} / {pages}")
        let pdf = try DocumentRenderer.render(.table(table))
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertEqual(table.footer(2, 7), "Page 2 / 7")

        let sheet = XLSXSheet(name: "Utilisateurs", header: ["Nom"], columnWidths: [20], rows: [[.text("Léa")]])
        let book = try DocumentRenderer.render(.workbook(.init(sheets: [sheet], title: "t", created: Date())))
        XCTAssertEqual(Array(book.prefix(2)), [0x50, 0x4B], "an .xlsx is a ZIP file")
    }

    /// Cells travel as bare JSON values, and each comes back as the case it left as: a
    /// text that reads like a number stays text, an empty cell is null.
    func testCellsTravelAsBareValuesAndComeBackAsTheyLeft() throws {
        let cells: [XLSXCell] = [.text("12"), .text("true"), .text(""), .number(12.5), .number(0), .bool(true), .empty]
        let json = try JSONEncoder().encode(cells)
        XCTAssertEqual(String(decoding: json, as: UTF8.self), #"["12","true","",12.5,0,true,null]"#)
        XCTAssertEqual(try JSONDecoder().decode([XLSXCell].self, from: json), cells)
    }

    func testTheHelperAnswersABadRequestWithAnErrorLine() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try DocumentRenderer.helperPath())
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        let junk = Data(#"{"nothing":1}"#.utf8)
        try input.fileHandleForWriting.write(contentsOf: Data("\(junk.count)\n".utf8) + junk)
        try input.fileHandleForWriting.close()
        XCTAssertThrowsError(try DocumentRenderer.readReply(output.fileHandleForReading.fileDescriptor)) { error in
            XCTAssertTrue("\(error)".contains("DocumentRequest") || "\(error)".contains("key"), "\(error)")
        }
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 1)
    }

    func testEveryMalformedReplyIsRefused() throws {
        func reply(_ bytes: String) throws -> Data {
            let pipe = Pipe()
            try pipe.fileHandleForWriting.write(contentsOf: Data(bytes.utf8))
            try pipe.fileHandleForWriting.close()
            return try DocumentRenderer.readReply(pipe.fileHandleForReading.fileDescriptor)
        }
        XCTAssertEqual(try reply("ok 3\nabc"), Data("abc".utf8))
        XCTAssertThrowsError(try reply("error cairo: out of memory\n")) {
            XCTAssertEqual("\($0)", "cairo: out of memory")
        }
        XCTAssertThrowsError(try reply("ok 10\nabc"), "a document cut short")
        XCTAssertThrowsError(try reply(""), "the helper died before answering")
        XCTAssertThrowsError(try reply("%PDF-1.5 ..."), "no header line")
    }
}
