import XCTest
@testable import PortalCore

final class HTMLTests: XCTestCase {
    func testInterpolatedStringsAreEscaped() {
        let name = "<img src=x onerror=alert(1)>"
        let h: HTML = "<td>\(name)</td>"
        XCTAssertEqual(h.text, "<td>&lt;img src=x onerror=alert(1)&gt;</td>")
    }
}
