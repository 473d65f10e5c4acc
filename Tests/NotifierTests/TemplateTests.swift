import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import NotifierCore

final class TemplateTests: XCTestCase {
    func catalog() throws -> TemplateCatalog {
        try TemplateCatalog(configuredDirectory: nil)
    }

    func testEveryTemplateExistsInEveryLanguageForEveryChannel() throws {
        let dir = try XCTUnwrap(TemplateCatalog.shippedDirectory)
        let catalog = try TemplateCatalog(directory: dir)
        for spec in TemplateCatalog.specs {
            for channel in spec.channels {
                for language in Language.allCases {
                    let file = try XCTUnwrap(
                        catalog.file(spec.name, channel: channel, language: language),
                        "\(spec.name) \(channel) \(language)")
                    XCTAssertFalse(file.body.isEmpty, "\(spec.name) \(channel) \(language) has no body")
                    if channel == .email {
                        XCTAssertFalse(
                            (file.headers["Subject"] ?? "").isEmpty, "\(spec.name) \(language) has no subject")
                    }
                    if channel == .letter {
                        for key in [
                            "Confidential", "Title", "Salutation", "RegistrationLabel", "CodeLabel", "ValidFor",
                            "Footer",
                        ] {
                            XCTAssertFalse((file.headers[key] ?? "").isEmpty, "letter \(language) lacks \(key)")
                        }
                    }
                }
            }
        }
        // The shipped names are the contract's.
        XCTAssertEqual(
            Set(TemplateCatalog.specs.map(\.name)),
            [
                TemplateName.invitation, TemplateName.emailActivation, TemplateName.smsEnrolment, TemplateName.smsLogin,
                TemplateName.welcomeInvited, TemplateName.welcomeActive, TemplateName.passwordReset,
                TemplateName.passwordChanged, TemplateName.accountDeactivated, TemplateName.phoneChanged,
                TemplateName.emailChange, TemplateName.emailChanged, TemplateName.delegationGranted,
                TemplateName.membershipConsent,
            ])
    }

    func testEveryPlaceholderOfEveryFileGetsAValue() throws {
        let dir = try XCTUnwrap(TemplateCatalog.shippedDirectory)
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }
        XCTAssertEqual(
            files.count, TemplateCatalog.specs.reduce(0) { $0 + $1.channels.count } * 4,
            "a stray or missing template file")
        for path in files {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let template = String(name.split(separator: ".")[0])
            let spec = try XCTUnwrap(TemplateCatalog.specs.first { $0.name == template }, "undeclared \(path)")
            let text = try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
            let used = Placeholders.names(in: text)
            let known = Set(spec.params).union(FundSettings.placeholderNames)
                .union(spec.params.contains("code") ? MessageRenderer.derivedPlaceholders : [])
            XCTAssertTrue(used.isSubset(of: known), "\(path) uses \(used.subtracting(known)) without a value")
            if spec.params.contains("code") {
                XCTAssertTrue(used.contains("code"), "\(path) never shows the code")
            }
        }
    }

    func testRenderingFillsEveryTemplateInEveryLanguage() throws {
        let renderer = MessageRenderer(
            catalog: try catalog(), fund: FundSettings(), from: "Caisse <no@caisse.ch>",
            clock: ManualClock())
        for spec in TemplateCatalog.specs {
            let params = Dictionary(uniqueKeysWithValues: spec.params.map { ($0, "V-\($0)") })
            for channel in spec.channels {
                for language in Language.allCases {
                    let to =
                        channel == .email
                        ? "a@b.ch" : channel == .sms ? "+41791112233" : "Modèle SA\nRue d'Exemple\n0000 Ville"
                    let m = try renderer.render(
                        id: "msg_1", channel: channel, to: to, language: language,
                        template: spec.name, params: params)
                    XCTAssertFalse(m.text.contains("{{"), "\(spec.name) \(channel) \(language)")
                    for p in spec.params {
                        XCTAssertTrue(m.text.contains("V-\(p)"), "\(spec.name) \(channel) \(language) lacks \(p)")
                    }
                }
            }
        }
    }

    func testHTMLAlternativeEscapesValues() throws {
        let renderer = MessageRenderer(catalog: try catalog(), fund: FundSettings(), from: "no@caisse.ch")
        let m = try renderer.render(
            id: "msg_2", channel: .email, to: "a@b.ch", language: .en,
            template: TemplateName.welcomeInvited,
            params: ["firstName": "<script>", "lastName": "O'Hara & Co", "employerName": "X"])
        let html = try XCTUnwrap(m.html)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;"))
        XCTAssertTrue(html.contains("O&#39;Hara &amp; Co"))
        XCTAssertTrue(html.contains("<a href=\"https://connect.example.ch\">"))
        XCTAssertTrue(m.text.contains("<script>"), "the text alternative is not escaped")
    }

    /// Issue 18: the activation e-mail carries the link back to the registration step
    /// (the guide's "Sélectionnez le lien dans l'e-mail"), `<registrationUrl>/activate?code=<code>`.
    func testActivationEmailLinksBackToTheRegistrationStepInEveryLanguage() throws {
        let fund = FundSettings(registrationURL: "https://portal.caisse.ch/register")
        let renderer = MessageRenderer(catalog: try catalog(), fund: fund, from: "no@caisse.ch")
        for language in Language.allCases {
            let m = try renderer.render(
                id: "msg_3", channel: .email, to: "a@b.ch", language: language,
                template: TemplateName.emailActivation, params: ["code": "ZFEP TAVK YH43"])
            let link = "https://portal.caisse.ch/register/activate?code=ZFEPTAVKYH43"
            XCTAssertTrue(m.text.contains(link), "\(language): \(m.text)")
            XCTAssertTrue(m.text.contains("ZFEP TAVK YH43"), "the code stays readable for typing")
            XCTAssertTrue(try XCTUnwrap(m.html).contains("<a href=\"\(link)\">"), "\(language)")
        }
    }

    func testMissingPlaceholderIsAnError() {
        XCTAssertThrowsError(try Placeholders.fill("Hello {{name}}", [:]))
        XCTAssertEqual(try Placeholders.fill("Hello {{ name }}!", ["name": "Léa"]), "Hello Léa!")
    }

    func testTemplateListAnswersEveryTemplate() throws {
        let list = try catalog().descriptions
        XCTAssertEqual(list.count, TemplateCatalog.specs.count)
        let invitation = try XCTUnwrap(list.first { $0.name == "invitation" })
        XCTAssertEqual(Set(invitation.channels), ["letter", "email"])
        XCTAssertEqual(invitation.languages, ["fr", "de", "it", "en"])
        XCTAssertEqual(Set(invitation.params), ["code", "employerName", "employerNumber"])
    }
}
