import Contracts
import Documents
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import NotifierCore

/// The letter as a real PDF, read back by poppler's pdftotext and pdfinfo.
final class InvitationLetterTests: XCTestCase {
    let address = "Modèle SA\nRue d'Exemple 7\n0000 Ville modèle"
    let params = ["code": "VEFA NUSU 2YTE", "employerName": "Modèle SA", "employerNumber": "1283.220"]

    func render(_ language: Language, address: String? = nil, params: [String: String]? = nil) throws
        -> (pdf: Data, text: String, info: String, path: String)
    {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else {
            throw XCTSkip("pdftotext is not installed (make test-deps)")
        }
        var fund = FundSettings()
        fund.name = "Caisse de compensation des Patrons bernois"
        fund.address = ["Caisse de compensation des Patrons bernois", "Kapellenstrasse 5", "3001 Bern"]
        let renderer = MessageRenderer(
            catalog: try TemplateCatalog(configuredDirectory: nil), fund: fund,
            from: "no@caisse.ch", clock: ManualClock(Date(timeIntervalSince1970: 1_666_000_000)))
        let m = try renderer.render(
            id: "msg_l", channel: .letter, to: address ?? self.address, language: language,
            template: TemplateName.invitation, params: params ?? self.params)
        let pdf = try XCTUnwrap(m.pdf)
        let path = directory.file("l-\(language.rawValue)-\(UUID().uuidString.prefix(6)).pdf")
        try pdf.write(to: URL(fileURLWithPath: path))
        let text = try runProgram("/usr/bin/pdftotext", ["-layout", path, "-"]).output
        let info = try runProgram("/usr/bin/pdfinfo", [path]).output
        return (pdf, text, info, path)
    }

    private var directory: TempDirectory!
    override func setUp() { directory = TempDirectory("pl") }
    override func tearDown() { directory.remove() }

    /// Each name of the set as the employer (address and body), in the four languages:
    /// back exact from the address window and from the body, every font embedded.
    func testEveryNameOfTheSetSurvivesTheLetter() throws {
        for (i, name) in NameSet.names.enumerated() {
            let language = Language.allCases[i % Language.allCases.count]
            var params = self.params
            params["employerName"] = name
            let letter = try render(language, address: "\(name)\nRue d'Exemple 7\n3001 Bern", params: params)
            let window = try DocumentReaders.pdfText(letter.path, page: 1, x: 330, y: 155, width: 220, height: 90)
            XCTAssertTrue(
                DocumentReaders.unwrap(window).contains(name + " Rue d'Exemple 7 3001 Bern"),
                "\(language): «\(name)» in the window:\n\(window)")
            XCTAssertTrue(
                DocumentReaders.unwrap(try DocumentReaders.pdfText(letter.path)).contains(name),
                "\(language): «\(name)» in the body")
            let fonts = try DocumentReaders.pdfFonts(letter.path)
            XCTAssertFalse(fonts.isEmpty)
            XCTAssertTrue(fonts.allSatisfy { $0.embedded && $0.subset }, "\(fonts)")
            XCTAssertTrue(
                letter.info.split(separator: "\n").contains { $0.hasPrefix("Pages:") && $0.hasSuffix(" 1") },
                "\(name): one page\n\(letter.info)")
        }
    }

    /// The QR code beside the printed code, read back by zbar from the page rendered at
    /// 300 dpi: exactly the registration link with the code prefilled, the only symbol on
    /// the page; in every language, from the square beside the code (right of the box, level
    /// with the code, nothing else printed there).
    func testTheQRCodeBesideTheCodeIsTheRegistrationLinkWithTheCode() throws {
        let link = "https://connect.example.ch/register?code=VEFANUSU2YTE"
        let french = try render(.fr)
        XCTAssertEqual(try DocumentReaders.qrCodes(french.path), [link])
        // Also read at the coarser resolution of an office scanner (150 dpi).
        XCTAssertEqual(try DocumentReaders.qrCodes(french.path, dpi: 150), [link])
        for language in Language.allCases {
            let letter = language == .fr ? french : try render(language)
            let text = try DocumentReaders.pdfText(letter.path, ["-bbox"])
            let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains(">VEFA<") }, text)
            let box = try XCTUnwrap(line.range(of: #"yMin="([0-9.]+)""#, options: .regularExpression))
            let yMin = Double(line[box].dropFirst(6).dropLast()) ?? 0
            let right = 70.0 + 455 - InvitationLetter.qrSide
            let square = (x: right - 2, y: yMin - 60, width: InvitationLetter.qrSide + 4, height: 100.0)
            XCTAssertEqual(
                try DocumentReaders.qrCodes(letter.path, crop: square), [link],
                "\(language): the QR code beside the code")
            let words = try DocumentReaders.pdfText(
                letter.path, page: 1, x: right, y: yMin - 40, width: InvitationLetter.qrSide, height: 60)
            XCTAssertEqual(
                words.trimmingCharacters(in: .whitespacesAndNewlines), "", "no text over the QR code: \(words)")
        }
    }

    /// A fund's own registration address with a query keeps it; the code is appended.
    func testTheQRLinkKeepsARegistrationURLsQuery() throws {
        XCTAssertEqual(
            InvitationLetter.link("https://fund.ch/connect/register?lang=de", code: "VEFANUSU2YTE"),
            "https://fund.ch/connect/register?lang=de&code=VEFANUSU2YTE")
        XCTAssertEqual(
            InvitationLetter.link("https://fund.ch/register", code: "AB"), "https://fund.ch/register?code=AB")
    }

    /// libqrencode picks the smallest symbol: the usual link is a version 4 (33 modules)
    /// at level M, 1.9 pt modules in the square; a link far too long is refused by name
    /// rather than printed unreadably small.
    func testTheSymbolsSizeAndAClearRefusalWhenTooLong() throws {
        let usual = try QRCode("https://connect.example.ch/register?code=VEFANUSU2YTE", level: .medium)
        XCTAssertEqual(usual.version, 4)
        XCTAssertEqual(usual.size, 33)
        XCTAssertGreaterThan(InvitationLetter.qrSide / Double(usual.size + 2 * QRCode.quietZone), 1.8)
        XCTAssertThrowsError(try QRCode(""))
        var params = self.params
        params["code"] = String(repeating: "VEFA NUSU 2YTE ", count: 40)
        XCTAssertThrowsError(try render(.fr, params: params)) { error in
            XCTAssertTrue(String(describing: error).contains("QR code"), "\(error)")
        }
    }

    func testFrenchLetterLikeTheSeed() throws {
        let (pdf, text, info, _) = try render(.fr)
        XCTAssertTrue(pdf.starts(with: Data("%PDF-".utf8)))
        XCTAssertTrue(info.contains("A4"), info)
        XCTAssertTrue(info.split(separator: "\n").contains { $0.hasPrefix("Pages:") && $0.hasSuffix(" 1") }, info)
        for expected in [
            "Caisse de compensation des Patrons bernois", "Kapellenstrasse 5", "CONFIDENTIEL", "Modèle SA",
            "Rue d'Exemple 7", "0000 Ville modèle", "Bern, 17.10.2022", "Invitation connect pour entreprises",
            "Mesdames et Messieurs,", "l'intérêt que vous portez", "Lien pour s'enregistrer",
            "https://connect.example.ch/register", "Votre code d'accès personnel", "VEFA NUSU 2YTE",
            "Cette invitation est valable pour l'administrateur connect", "n° de décompte 1283.220",
            "Sincères salutations", "Contributions", "+41 31 390 23 25", "7:30–16:00",
        ] {
            XCTAssertTrue(text.contains(expected), "missing «\(expected)» in:\n\(text)")
        }
    }

    func testEveryLanguageHasItsOwnWords() throws {
        let words: [Language: [String]] = [
            .de: [
                "VERTRAULICH", "connect-Einladung für Unternehmen", "Sehr geehrte Damen und Herren",
                "Freundliche Grüsse",
                "Ihr persönlicher Zugangscode", "Diese Einladung gilt für den connect-Administrator",
            ],
            .it: [
                "CONFIDENZIALE", "Invito connect per aziende", "Il suo codice d'accesso personale",
                "Questo invito è valido per l'amministratore connect",
            ],
            .en: [
                "CONFIDENTIAL", "connect invitation for employers", "Dear Sir or Madam,", "Your personal access code",
            ],
        ]
        for (language, expected) in words {
            let text = try render(language).text
            for w in expected + ["VEFA NUSU 2YTE", "Modèle SA"] {
                XCTAssertTrue(text.contains(w), "\(language): missing «\(w)» in:\n\(text)")
            }
        }
    }

    func testLetterThroughTheFileOutboxOfTheRealNotifier() throws {
        let notifier = NotifierUnderTest(
            "nl", environment: ["NOTIFIER_FUND_ADDRESS": "Caisse de compensation|Case postale|3001 Berne"])
        defer { notifier.remove() }
        try notifier.start()
        let reply = try notifier.send(
            "inv-1", channel: .letter, to: address, language: .fr,
            template: TemplateName.invitation, params: params)
        try notifier.waitFor(reply.messageId, "sent")
        XCTAssertEqual(notifier.files(.letter), ["\(reply.messageId).pdf"])
        let text = try runProgram("/usr/bin/pdftotext", ["\(notifier.outbox)/letter/\(reply.messageId).pdf", "-"])
            .output
        XCTAssertTrue(text.contains("VEFA NUSU 2YTE"))
        XCTAssertTrue(text.contains("Case postale"))
        XCTAssertTrue(text.contains("Berne, "))
        // connectctl outbox reads the letter through pdftotext, or names the file without it.
        let connectctl = ServiceProcess.binDirectory + "/connectctl"
        let code = try ProgramRun.run(
            connectctl, ["outbox", "--dir", notifier.outbox, "--channel", "letter", "--code"])
        XCTAssertEqual(code.output.trimmingCharacters(in: .whitespacesAndNewlines), "VEFA NUSU 2YTE", code.output)
        let shown = try ProgramRun.run(connectctl, ["outbox", "--dir", notifier.outbox, "--channel", "letter"])
        XCTAssertTrue(shown.output.contains("CONFIDENTIEL") && shown.output.contains("Modèle SA"), shown.output)
        let bare = try ProgramRun.run(
            connectctl, ["outbox", "--dir", notifier.outbox, "--channel", "letter"],
            environment: ["PATH": "/nonexistent"])
        XCTAssertTrue(
            bare.output.contains("\(reply.messageId).pdf") && bare.output.contains("poppler-utils"), bare.output)
        // The same invitation by e-mail.
        let mail = try notifier.send(
            "inv-2", channel: .email, to: "admin@modelesa.ch", language: .de,
            template: TemplateName.invitation, params: params)
        try notifier.waitFor(mail.messageId, "sent")
        let parsed = try PythonEmail.parse("\(notifier.outbox)/email/\(mail.messageId).eml")
        XCTAssertEqual(parsed.subject, "connect-Einladung für Unternehmen – Modèle SA")
        XCTAssertTrue(try XCTUnwrap(parsed.part("text/plain")).contains("Ihr persönlicher Zugangscode: VEFA NUSU 2YTE"))
    }

    func testLetterThroughAnHTTPGatewayCarriesThePDF() throws {
        let temp = TempDirectory("nl")
        defer { temp.remove() }
        let gateway = try HTTPGateway(directory: temp.path, behaviour: "200")
        defer { gateway.stop() }
        let notifier = NotifierUnderTest("nl", environment: ["NOTIFIER_LETTER_OUTBOX": gateway.url])
        defer { notifier.remove() }
        try notifier.start()
        let reply = try notifier.send(
            "inv-h", channel: .letter, to: address, language: .it,
            template: TemplateName.invitation, params: params)
        try notifier.waitFor(reply.messageId, "sent")
        let body = try XCTUnwrap(gateway.requests.first?.body)
        XCTAssertEqual(body["channel"], "letter")
        XCTAssertEqual(body["to"], .string(address))
        XCTAssertEqual(body["subject"], "Invito connect per aziende")
        XCTAssertEqual(body["text"]?.stringValue?.contains("VEFA NUSU 2YTE"), true)
        guard case .array(let attachments)? = body["attachments"], let first = attachments.first else {
            return XCTFail("no attachment")
        }
        XCTAssertEqual(first["contentType"], "application/pdf")
        XCTAssertEqual(first["filename"], .string("\(reply.messageId).pdf"))
        let pdf = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(first["contentBase64"]?.stringValue)))
        XCTAssertTrue(pdf.starts(with: Data("%PDF-".utf8)))
        XCTAssertEqual(notifier.files(.letter), [], "not in the file outbox")
    }
}
