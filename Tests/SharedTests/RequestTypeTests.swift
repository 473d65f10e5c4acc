import Foundation
import XCTest

@testable import Contracts
@testable import Runtime
@testable import Server
@testable import Sockets
@testable import Wire

/// The router's scan for the top-level `type`: right when it answers, and
/// `.unsure` (full decode) whenever it cannot be.
final class RequestTypeTests: XCTestCase {
    func scan(_ s: String) -> RequestType { RequestType.scan(Data(s.utf8)) }

    func testFindsTheTopLevelType() {
        XCTAssertEqual(scan(#"{"id":"1","type":"health"}"#), .found("health"))
        XCTAssertEqual(scan(#" { "type" : "a.b" , "body" : {"x":[1,2,{"y":"}"}]} } "#), .found("a.b"))
        XCTAssertEqual(scan(#"{"body":{"type":"inner"},"type":"outer"}"#), .found("outer"))
        XCTAssertEqual(scan(#"{"body":"a \"type\":\"x\" b","type":"outer"}"#), .found("outer"))
        XCTAssertEqual(scan(#"{"n":-1.5e3,"t":true,"z":null,"type":"é.ü"}"#), .found("é.ü"))
        XCTAssertEqual(scan(#"{"types":"x","typ":"y","type":"z"}"#), .found("z"))
    }

    func testAbsentAndNotObjects() {
        XCTAssertEqual(scan(#"{"id":"1","body":{"type":"inner"}}"#), .absent)
        XCTAssertEqual(scan("{}"), .absent)
        XCTAssertEqual(scan(#"["type","health"]"#), .notAnObject)
        XCTAssertEqual(scan(#""type""#), .notAnObject)
        XCTAssertEqual(scan(""), .notAnObject)
    }

    func testUnsureWhenAFullDecodeMustDecide() {
        XCTAssertEqual(scan(#"{"\u0074ype":"health"}"#), .unsure, "escaped key")
        XCTAssertEqual(scan(#"{"type":"he\u006clth"}"#), .unsure, "escaped value")
        XCTAssertEqual(scan(#"{"type":"a","type":"b"}"#), .unsure, "duplicate")
        XCTAssertEqual(scan(#"{"type":42}"#), .unsure, "not a string")
        XCTAssertEqual(scan(#"{"type":"health""#), .unsure, "cut short")
        XCTAssertEqual(scan(#"{"type":"health","body":{"#), .unsure, "cut short in the body")
        XCTAssertEqual(scan(#"{"type" "health"}"#), .unsure, "no colon")
    }

    func testDeepNestingIsScannedWithoutRecursion() {
        let deep =
            #"{"body":"# + String(repeating: "[", count: 300_000) + String(repeating: "]", count: 300_000)
            + #","type":"t"}"#
        XCTAssertEqual(scan(deep), .found("t"))
    }

    /// Through the router: the scan picks the route, the one decode must agree.
    func testRouterDecodesOnceAndStillAnswersEveryShape() throws {
        let router = Router(logger: Logger(service: "t", minimum: .error), staffUIDs: [], serviceUIDs: [])
        router.on(Health.self) { _, _ in Health.Reply(service: "t", version: "1", uptimeS: 0) }
        let peer = PeerCredentials(pid: 1, uid: 0, gid: 0)
        func reply(_ s: String) throws -> ReplyEnvelope {
            try JSONCoding.decoder.decode(ReplyEnvelope.self, from: router.handle(line: Data(s.utf8), peer: peer))
        }
        XCTAssertEqual(try reply(#"{"id":"a","type":"health"}"#).ok, true)
        XCTAssertEqual(try reply(#"{"id":"a","\u0074ype":"health"}"#).ok, true, "decided by the full decode")
        // A duplicate is left to the decoder, which routes and decodes alike.
        let dup = try reply(#"{"id":"b","type":"other","type":"health"}"#)
        XCTAssertEqual(dup.id, "b")
        XCTAssertTrue(dup.ok || dup.error?.code == "unknown_type")
        let badBody = try reply(#"{"id":"c","type":"health","body":[1]}"#)
        XCTAssertEqual(badBody.error?.code, "bad_request")
        XCTAssertEqual(badBody.id, "c", "the id comes back even when the body does not decode")
        // Not JSON after all: a bad request, whatever type the scan saw.
        XCTAssertEqual(try reply(#"{"type":"nope"}x"#).error?.code, "bad_request")
        XCTAssertEqual(try reply(#"{"type":"health"}x"#).error?.code, "bad_request")
        let noType = try reply(#"{"body":{]},"type":"x"}"#)
        XCTAssertEqual(noType.error?.code, "bad_request")
        XCTAssertNil(noType.error?.field)
        XCTAssertEqual(try reply(#"{"id":"d","type":"nope"}"#).error?.code, "unknown_type")
        XCTAssertEqual(try reply("\u{FEFF}" + #"{"id":"e","type":"health"}"#).ok, true, "a byte order mark, as before")
    }
}
