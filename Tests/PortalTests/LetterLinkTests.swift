import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import PortalCore

/// The letter's QR code opens `/register?code=<12 characters>`: step 1 shows the code
/// as printed on the letter, and the script is told to take it out of the address bar.
final class LetterLinkTests: XCTestCase {
    func page(_ code: String) -> String {
        let app = PortalApp.inProcess(runDir: "/nonexistent", timeout: 1)
        return String(
            decoding: app.handle(HTTPRequest(method: "GET", path: "/register", query: [("code", code)], headers: [:]))
                .body,
            as: UTF8.self)
    }

    func testTheQRLinksCodeIsPrefilledAsPrinted() {
        let html = page("vefanusu2yte")
        XCTAssertTrue(html.contains("value=\"VEFA NUSU 2YTE\""), html)
        XCTAssertTrue(html.contains("data-scrub-url=\"/register\""), "the code leaves the address bar")
        XCTAssertTrue(page("VEFA NUSU 2YTE").contains("value=\"VEFA NUSU 2YTE\""))
        // Anything else is shown as it came, escaped; identity judges it.
        XCTAssertTrue(page("ABC\"<x>").contains("value=\"ABC&quot;&lt;x&gt;\""))
        XCTAssertTrue(page("VEFANUSU2YT").contains("value=\"VEFANUSU2YT\""))
    }
}
