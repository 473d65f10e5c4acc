import Contracts
import Runtime
import Wire
import XCTest

@testable import AdminCore

/// Every key AdminService declares has its own sentence in the catalogue AdminService starts with
/// (never the code's generic one), in each language.
final class AdminErrorMessageTests: XCTestCase {
    func testEveryDeclaredKeyHasItsOwnSentence() {
        let catalogue = ErrorCatalogue(adding: AdminService.messages)
        let keys: [MessageKey] = [
            .badRequestEmployerNumber, .badRequestTheme, .badRequestEmail, .conflictEmployerExists,
            .conflictAlreadyMember, .notFoundEmployer, .notFoundInvitation, .notFoundUser, .forbiddenNotAdmin,
            .forbiddenSharedAccount, .forbiddenDelegateAdmin, .badRequestDelegateNames, .badRequestEndsAtPast,
            .notFoundDelegation, .reauthRequiredStepUp,
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
