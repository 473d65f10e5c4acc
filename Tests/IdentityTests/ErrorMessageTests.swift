import Contracts
import Runtime
import TestSupport
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
        XCTAssertEqual(keysWithoutTheirOwnSentence(in: catalogue, keys), [])
    }
}
