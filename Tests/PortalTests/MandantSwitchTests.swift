@testable import PortalCore
import XCTest

/// Where `POST /mandants/switch` returns: the page it came from, except a page
/// about one record of the previous employer (its list instead).
final class MandantSwitchTests: XCTestCase {
    func testTheSwitchReturnsToThePageUnlessItShowsARecordOfTheOtherEmployer() {
        XCTAssertEqual(MandantPages.afterSwitch("/"), "/")
        XCTAssertEqual(MandantPages.afterSwitch("/users?text=lea&all=1"), "/users?text=lea&all=1")
        XCTAssertEqual(MandantPages.afterSwitch("/settings"), "/settings")
        XCTAssertEqual(MandantPages.afterSwitch("/users/detail?id=usr_1"), "/users")
        XCTAssertEqual(MandantPages.afterSwitch("/users/edit/phone?id=usr_1"), "/users")
        XCTAssertEqual(MandantPages.afterSwitch("/mandants/edit?employer=1283.220"), "/mandants")
    }
}
