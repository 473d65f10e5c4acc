import Contracts
import Runtime
import Wire
import XCTest

@testable import NotifierCore

/// Every key NotifierService declares has its own sentence in the catalogue NotifierService starts with
/// (never the code's generic one), in each language.
final class NotifierErrorMessageTests: XCTestCase {
    func testEveryDeclaredKeyHasItsOwnSentence() {
        let catalogue = ErrorCatalogue(adding: NotifierService.messages)
        let keys: [MessageKey] = [.badRequestTemplate, .badRequestChannel, .rateLimitedSms, .conflictIdempotencyKey]
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
