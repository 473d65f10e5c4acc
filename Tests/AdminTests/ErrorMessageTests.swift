import Contracts
import Runtime
import TestSupport
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
        XCTAssertEqual(keysWithoutTheirOwnSentence(in: catalogue, keys), [])
    }
}
