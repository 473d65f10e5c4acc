import Contracts
import Foundation
import Runtime
import Text
import Wire
import XCTest

@testable import NotifierCore

/// Issue 18, item 11: only the template's own links are links. What a param may and
/// may not do to the HTML part, word by word (the end-to-end check with a real
/// parser is `NoticeAttackTests`).
final class ParamLinkTests: XCTestCase {
    private func links(_ template: String, _ params: [String: String]) throws -> [String] {
        let escaped = try Placeholders.fill(Markup.escape(template), EmailComposer.inert(params), escape: Markup.escape)
        let html = EmailComposer.html(fromEscapedText: escaped, title: "t")
        XCTAssertFalse(html.unicodeScalars.contains { $0 == "\u{E000}" || $0 == "\u{E001}" })
        let re = try NSRegularExpression(pattern: #"<a href="([^"]*)">"#)
        return re.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    func testParamsNeverBecomeLinks() throws {
        XCTAssertEqual(
            try links("Bonjour {{n}}, voir https://connect.example.ch.", ["n": "Verify at https://evil.example"]),
            ["https://connect.example.ch"])
        XCTAssertEqual(try links("Bonjour {{n}}", ["n": "https://evil.example/x\nhttps://evil.example/y"]), [])
        // A param cannot supply the host of a link the template starts…
        XCTAssertEqual(try links("https://{{host}}/login", ["host": "evil.example"]), [])
        XCTAssertEqual(try links("https://connect.example.ch{{p}}", ["p": ".evil.example/x"]), [])
        // …but may complete the path or query of the template's own link.
        XCTAssertEqual(
            try links("https://connect.example.ch/register?r={{id}}", ["id": "reg_123"]),
            ["https://connect.example.ch/register?r=reg_123"])
        // Marks a sender smuggles in are removed; a combining mark cannot hide one.
        XCTAssertEqual(try links("{{n}}", ["n": "\u{E001}https://evil.example/a"]), [])
        XCTAssertEqual(
            try links("{{n}} https://connect.example.ch/", ["n": "\u{301}x"]), ["https://connect.example.ch/"])
    }
}
