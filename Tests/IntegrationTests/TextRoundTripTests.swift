import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 8, hostile text: SQL metacharacters, look-alikes, invisible and
/// right-to-left characters, decomposed accents and other scripts in every text
/// field a person types (employer name and address, first and last names) are
/// stored and read back unchanged — compared scalar by scalar, so a silent
/// normalisation shows — by admin and by identity, are found by search (and `%`
/// or `_` are not wildcards), and reach the delivered e-mail intact.
final class TextRoundTripTests: XCTestCase {
    static let texts = [
        "O'Brien", "d'Alembert", "Robert'); DROP TABLE users;--", "\" OR 1=1 --", "100% _sure_", "back\\slash",
        "semi;colon", "Zoë-Françoise", "Мария", "Аnna", "ｍｕｓｔｅｒ", "E\u{301}mery", "Émery", "A\u{200B}B",
        "Ⅻ Ltd", "İlknur", "Straße", "🇨🇭 Helvetia", "王小明", "שלום", "x\u{202E}cod.exe", "NULL", "''", "%", "_",
        "?1 :name $1 @x", "<b>bold</b> &amp;", "tab\there", "a\u{0000}b", "\u{FEFF}bom",
    ]

    var trio: Trio!

    override func setUpWithError() throws {
        trio = Trio(prefix: "tx")
        try trio.start()
    }

    override func tearDown() { trio?.remove() }

    func testHostileTextIsStoredAndReadBackUnchanged() throws {
        try trio.requireCompleteServices()
        let flows = Flows(trio)
        let employer = "4999.100"
        let (_, session) = try flows.employerWithAdmin(
            number: employer, name: "Texte SA", email: "rt.admin@example.ch",
            phone: "+41799990001", password: "Velo-Rouge-1848")
        var accepted = 0
        var refused: [String] = []
        for (i, text) in Self.texts.enumerated() {
            let number = String(format: "4998.%03d", i)
            // Employer: name, street and city.
            do {
                _ = try flows.admin.call(
                    EmployerCreate.self,
                    .init(
                        number: number, name: text, street: text, postcode: "1000",
                        city: text, language: .fr))
                let listed = try flows.admin.call(EmployerList.self, .init(text: nil, offset: 0, limit: 500)).employers
                let e = try XCTUnwrap(listed.first { $0.number == number }, "employer \(number) not listed")
                same(e.name, text, "employer name")
                same(e.street ?? "", text, "employer street")
                same(e.city ?? "", text, "employer city")
            } catch let error as ServiceError where error.code == .badRequest {
                refused.append("employer \(debug(text)): \(error.field ?? "")")
            }
            // A user: first and last name, in admin and in identity.
            let email = "rt\(i)@example.ch"
            do {
                let created = try flows.admin.call(
                    UsersCreate.self,
                    .init(
                        employer: employer, email: email, firstName: text,
                        lastName: text + " Z", language: .de), session: session)
                accepted += 1
                let user = try flows.admin.call(
                    UsersGet.self, .init(employer: employer, userId: created.userId), session: session
                ).user
                same(user.firstName, text, "admin firstName")
                same(user.lastName, text + " Z", "admin lastName")
                let account = try flows.identity.call(AccountGet.self, .init(accountId: created.userId)).account
                same(account.firstName, text, "identity firstName")
                same(account.lastName, text + " Z", "identity lastName")
                let found = try flows.admin.call(
                    UsersSearch.self,
                    .init(
                        employer: employer, text: text, includeDisabled: true,
                        limit: 500), session: session)
                if !text.allSatisfy({ $0.isWhitespace || $0 == "," }) {
                    XCTAssertTrue(
                        found.users.contains { $0.userId == created.userId },
                        "search for \(debug(text)) misses its user")
                }
            } catch let error as ServiceError where error.code == .badRequest {
                refused.append("user \(debug(text)): \(error.field ?? "")")
            }
            // The notifier: a param reaches the delivered e-mail unchanged.
            let to = "rt.mail\(i)@example.ch"
            _ = try flows.notifier.call(
                NotifierSend.self,
                .init(
                    idempotencyKey: "rt-\(i)", channel: .email, to: to, language: .en,
                    template: TemplateName.passwordChanged, params: ["firstName": text]))
            var mail: FileOutboxReader.Delivered?
            Poll.until(timeout: 10) {
                mail = flows.outbox.messages("email", to: to).first
                return mail != nil
            }
            let delivered = try XCTUnwrap(mail, "no e-mail to \(to)")
            XCTAssertTrue(
                delivered.text.unicodeScalars.map(\.value).containsRun(text.unicodeScalars.map(\.value)),
                "the e-mail lost or changed \(debug(text))")
        }
        // `%` and `_` are text, not SQL wildcards.
        for wildcard in ["%", "_"] {
            let all = try flows.admin.call(
                UsersSearch.self, .init(employer: employer, includeDisabled: true, limit: 500), session: session)
            let found = try flows.admin.call(
                UsersSearch.self,
                .init(
                    employer: employer, text: wildcard, includeDisabled: true,
                    limit: 500), session: session)
            XCTAssertLessThan(found.total, all.total, "searching \(wildcard) matches everyone")
            for u in found.users {
                XCTAssertTrue(u.displayName.contains(wildcard) || u.email.contains(wildcard), "\(u.displayName)")
            }
        }
        try checkExports(flows, employer: employer, session: session)
        print("text round trip: \(Self.texts.count) texts, \(accepted) users accepted; refused: \(refused)")
        XCTAssertGreaterThan(accepted, Self.texts.count - 3, "ordinary names refused: \(refused)")
    }

    /// The same users exported (issue 17): in the XLSX every first name is a text cell,
    /// as typed less the characters a document drops (controls, bidi overrides); in the
    /// PDF, with every font embedded, each name of the scripts the documents' font covers.
    private func checkExports(_ flows: Flows, employer: String, session: String) throws {
        let dir = TempDirectory("txx")
        defer { dir.remove() }
        var paths: [String: String] = [:]
        for format in ["pdf", "xlsx"] {
            let r = try flows.admin.call(
                UsersExport.self,
                .init(employer: employer, format: ExportFormat(rawValue: format)!, text: "z", includeDisabled: true),
                session: session)
            paths[format] = dir.file("list.\(format)")
            try XCTUnwrap(Data(base64Encoded: r.contentBase64)).write(to: URL(fileURLWithPath: paths[format]!))
        }
        func printable(_ text: String) -> String {
            String(
                String.UnicodeScalarView(
                    text.unicodeScalars.compactMap { s in
                        if s == "\t" { return " " }
                        let dropped =
                            s.value < 0x20 || (0x7F..<0xA0).contains(s.value) || (0x202A...0x202E).contains(s.value)
                            || (0x2066...0x2069).contains(s.value)
                        return dropped ? nil : s
                    }))
        }
        let book = try JSONCoding.decoder.decode(
            JSONValue.self, from: Data(try DocumentReaders.openpyxl(paths["xlsx"]!).utf8))
        guard case .object(let sheets) = book, let sheet = sheets.first(where: { $0.key != "title" })?.value,
            case .array(let rows)? = sheet["rows"]
        else { return XCTFail("no sheet in the XLSX") }
        var cells: [[UInt32]] = []
        for case .array(let row) in rows.dropFirst() {
            guard case .array(let name)? = row.first else { continue }
            XCTAssertEqual(name.last?.stringValue, "s", "\(name)")
            cells.append((name.first?.stringValue ?? "").unicodeScalars.map(\.value))
        }
        let pdfText = try DocumentReaders.pdfText(paths["pdf"]!, ["-raw"])
        XCTAssertTrue(try DocumentReaders.pdfFonts(paths["pdf"]!).allSatisfy(\.embedded))
        for text in Self.texts {
            let shown = printable(text).trimmingCharacters(in: .whitespaces)
            guard !shown.isEmpty else { continue }
            let display = (shown + " Z, " + shown).unicodeScalars.map(\.value)
            XCTAssertTrue(cells.contains { $0 == display }, "XLSX lacks \(debug(text))")
            // The PDF: words of the scripts its font covers (a space may end a wrapped line).
            // Glyphs map back to text up to canonical equivalence (É for E + U+0301), hence
            // String's comparison here rather than scalars.
            guard shown.unicodeScalars.allSatisfy({ $0.value < 0x0530 && $0.value != 0x20 }) else { continue }
            XCTAssertTrue(pdfText.contains(shown), "PDF lacks \(debug(text))")
        }
    }

    /// Equal scalar by scalar (Swift's == would call "é" and "e\u{301}" equal).
    private func same(_ got: String, _ want: String, _ what: String, file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertEqual(
            got.unicodeScalars.map(\.value), want.unicodeScalars.map(\.value),
            "\(what): \(debug(got)) instead of \(debug(want))", file: file, line: line)
    }

    private func debug(_ s: String) -> String {
        s.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : String(format: "\\u{%X}", $0.value) }
            .joined()
    }
}

extension Array where Element: Equatable {
    func containsRun(_ run: [Element]) -> Bool {
        guard !run.isEmpty, run.count <= count else { return run.isEmpty }
        for i in 0...(count - run.count) where self[i] == run[0] && Array(self[i..<(i + run.count)]) == run {
            return true
        }
        return false
    }
}
