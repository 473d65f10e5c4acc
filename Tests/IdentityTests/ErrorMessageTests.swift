import Contracts
import Runtime
import Wire
import XCTest

@testable import IdentityCore

/// Every key IdentityService declares has its own sentence in the catalogue IdentityService starts with
/// (never the code's generic one), in each language.
final class IdentityErrorMessageTests: XCTestCase {
    func testEveryDeclaredKeyHasItsOwnSentence() {
        let catalogue = ErrorCatalogue(adding: IdentityService.messages)
        let keys: [MessageKey] = [
            .weakPasswordTooShort, .weakPasswordTooLong, .weakPasswordCommon, .weakPasswordContainsEmail,
            .badRequestAcceptTerms, .invalidPhoneLandline, .invalidPhoneCountry, .notFoundRegistration,
            .notFoundChallenge, .conflictRegistrationStep, .conflictSameEmail, .conflictEmailTaken,
        ]
        for key in keys {
            XCTAssertTrue(catalogue.hasEntry(key), "\(key) has no sentence")
            let code = ErrorCode(rawValue: String(key.rawValue.prefix { $0 != "." })) ?? .internal
            for lang in Language.allCases {
                let specific = catalogue.message(for: ServiceError(code, messageKey: key), in: lang)
                XCTAssertNotEqual(specific, catalogue.message(for: ServiceError(code), in: lang), "\(key) in \(lang)")
            }
        }
    }
}
