import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import IdentityCore

/// Issue 18, "found trying it as a new user": the activation e-mail's language
/// and its link back to the registration step; codes without `*`.
final class NewUserFindingsTests: IdentityTestCase {
    /// After a French letter, a front end that names no language: the activation
    /// e-mail is in the employer's language. A language the person chose wins.
    func testActivationEmailUsesTheEmployersLanguageUntilThePersonPicksOne() throws {
        h = try IdentityHarness()
        let code = try h.call(
            InvitationIssue.self,
            .init(
                employerNumber: "1283.220", employerName: "Modèle SA",
                language: .fr)
        ).accessCode
        h.remember(code)
        let reg = try h.call(RegistrationStart.self, .init(accessCode: code)).registrationId
        try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "gerant@modele.ch"))
        let sent = try XCTUnwrap(h.sends(TemplateName.emailActivation, to: "gerant@modele.ch", count: 1).last)
        XCTAssertEqual(sent.language, .fr)
        h.remember(sent.params["code"] ?? "")
        h.remember((sent.params["code"] ?? "").replacingOccurrences(of: " ", with: ""))

        let chosen = try h.call(RegistrationStart.self, .init(accessCode: code), lang: .de).registrationId
        h.advance(31)
        try h.call(RegistrationEmail.self, .init(registrationId: chosen, email: "chef@modele.ch"), lang: .de)
        let german = try XCTUnwrap(h.sends(TemplateName.emailActivation, to: "chef@modele.ch", count: 1).last)
        XCTAssertEqual(german.language, .de)
        h.remember(german.params["code"] ?? "")
        h.remember((german.params["code"] ?? "").replacingOccurrences(of: " ", with: ""))
    }

    /// New codes are letters and digits only; a code issued with `*` before still works.
    func testNewCodesHaveNoStarAndOldStarCodesAreStillRead() throws {
        h = try IdentityHarness()
        for _ in 0..<30 {
            let code = try h.invite()
            XCTAssertFalse(code.contains("*"), code)
            XCTAssertTrue(code.replacingOccurrences(of: " ", with: "").allSatisfy { $0.isLetter || $0.isNumber }, code)
        }
        XCTAssertEqual(CodeFormat.standard.normalise("zfep tav* yh43"), "ZFEPTAV*YH43")
    }
}
