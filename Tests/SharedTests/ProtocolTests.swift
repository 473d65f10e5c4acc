import Foundation
import Runtime
import Wire
import XCTest

final class ProtocolTests: XCTestCase {
    func testEveryErrorCodeHasAMessageInEveryLanguage() {
        for code in ErrorCode.allCases {
            for lang in Language.allCases {
                let m = ErrorCatalogue.standard.message(for: ServiceError(code), in: lang)
                XCTAssertFalse(m.isEmpty)
                XCTAssertTrue(ErrorCatalogue.standard.hasEntry(code), "\(code) has no catalogue entry")
            }
        }
        // The four languages really differ.
        let texts = Set(
            Language.allCases.map { ErrorCatalogue.standard.message(for: ServiceError(.forbidden), in: $0) })
        XCTAssertEqual(texts.count, 4)
    }

    func testAServiceCatalogueAddsItsKeysAndLeavesTheStandardOneAlone() {
        let key = MessageKey("conflict.test_only")
        let catalogue = ErrorCatalogue(adding: [[key: ("fr {field}", "de", "it", "en")]])
        XCTAssertTrue(catalogue.hasEntry(key))
        XCTAssertFalse(ErrorCatalogue.standard.hasEntry(key))
        XCTAssertEqual(catalogue.message(for: ServiceError(.conflict, field: "x", messageKey: key), in: .fr), "fr x")
        // A key the catalogue lacks falls back to its code's sentence, never to nothing.
        XCTAssertEqual(
            ErrorCatalogue.standard.message(for: ServiceError(.conflict, messageKey: key), in: .en),
            "This change conflicts with the current state.")
        XCTAssertTrue(ErrorCatalogue.standard.hasEntry(.badRequestField))
        XCTAssertTrue(ErrorCatalogue.standard.hasEntry(.badRequestTooLong))
    }

    func testARemoteRefusalKeepsThePeersSentenceApartFromTheDetail() throws {
        let wire = WireError(
            code: "weak_password", message: "Le mot de passe est trop court.", field: "password",
            extras: [:])
        let back = try JSONDecoder().decode(WireError.self, from: JSONCoding.encode(wire)).serviceError
        XCTAssertEqual(back.remoteMessage, "Le mot de passe est trop court.")
        XCTAssertNil(back.detail)
        XCTAssertEqual(back.message(.de), "Le mot de passe est trop court.")
        XCTAssertEqual(ServiceError(.weakPassword).message(.en), "The password does not meet the rules.")
    }

    func testExtrasFillPlaceholdersAndTravelBesideCodeAndMessage() throws {
        let e = ServiceError(.accountLocked, extras: ["lockedUntil": "2026-11-27T10:15:00Z"])
        let wire = e.wire(.fr, catalogue: .standard)
        XCTAssertEqual(wire.message, "Le compte est bloqué jusqu'au 2026-11-27T10:15:00Z.")
        let json = try JSONSerialization.jsonObject(with: JSONCoding.encode(wire)) as? [String: Any]
        XCTAssertEqual(json?["code"] as? String, "account_locked")
        XCTAssertEqual(json?["lockedUntil"] as? String, "2026-11-27T10:15:00Z")
        let back = try JSONDecoder().decode(WireError.self, from: JSONCoding.encode(wire)).serviceError
        XCTAssertEqual(back.code, .accountLocked)
        XCTAssertEqual(back.extras["lockedUntil"], "2026-11-27T10:15:00Z")
    }

    func testLanguageParsingIsLenient() {
        XCTAssertEqual(Language(lenient: "de_CH.UTF-8"), .de)
        XCTAssertEqual(Language(lenient: "FR"), .fr)
        XCTAssertEqual(Language(lenient: "xx"), .en)
        XCTAssertEqual(Language(lenient: nil), .en)
        XCTAssertEqual(Language.it.letter, "I")
    }

    func testEnvironmentParsing() throws {
        let env = Environment(["N": "12", "BAD": "x", "D": "15m", "H": "24h", "U": "1000, 1001", "B": "yes"])
        XCTAssertEqual(try env.int("N", default: 1, range: 1...20), 12)
        XCTAssertThrowsError(try env.int("N", default: 1, range: 1...10))
        XCTAssertThrowsError(try env.int("BAD", default: 1, range: 1...10))
        XCTAssertEqual(try env.seconds("D", default: 1), 900)
        XCTAssertEqual(try env.seconds("H", default: 1), 86400)
        XCTAssertEqual(try env.seconds("MISSING", default: 7), 7)
        XCTAssertThrowsError(try env.seconds("BAD", default: 1))
        XCTAssertEqual(try env.uids("U"), [1000, 1001])
        XCTAssertEqual(try env.uids("MISSING"), [getuid()])
        XCTAssertTrue(try env.bool("B", default: false))
        XCTAssertThrowsError(try CommonConfig(service: "x", environment: Environment(["CONNECT_LOG_LEVEL": "loud"])))
    }

    func testRFC3339() {
        let d = Date(timeIntervalSince1970: 1_795_000_000)
        XCTAssertEqual(d.rfc3339, "2026-11-18T11:06:40Z")
        XCTAssertEqual(Date(rfc3339: d.rfc3339), d)
        XCTAssertNil(Date(rfc3339: "yesterday"))
    }

    func testLoggerWritesOneJSONObjectPerLine() throws {
        let sink = LogSink.memory()
        let logger = Logger(service: "t", minimum: .info, sink: sink)
        logger.debug("hidden")
        logger.info("shown", ["type": "health"])
        let lines = sink.captured.split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        let o = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        XCTAssertEqual(o?["event"] as? String, "shown")
        XCTAssertEqual(o?["service"] as? String, "t")
    }
}
