import Contracts
import Runtime
import TestSupport
import Wire
import XCTest

@testable import NotifierCore

/// Every key NotifierService declares has its own sentence in the catalogue NotifierService starts with
/// (never the code's generic one), in each language.
final class NotifierErrorMessageTests: XCTestCase {
    func testEveryDeclaredKeyHasItsOwnSentence() {
        let catalogue = ErrorCatalogue(adding: NotifierService.messages)
        let keys: [MessageKey] = [.badRequestTemplate, .badRequestChannel, .rateLimitedSms, .conflictIdempotencyKey]
        XCTAssertEqual(keysWithoutTheirOwnSentence(in: catalogue, keys), [])
    }
}
