import Contracts
import Runtime
import Wire
import XCTest

@testable import PortalCore

/// The user list's address: what `/users`, its sort link, its pager and the
/// exports carry, read back the same.
final class UserQueryTests: XCTestCase {
    func request(_ q: [(String, String)]) -> HTTPRequest { HTTPRequest(method: "GET", path: "/users", query: q) }

    func testReadsTheAgreedParameters() {
        let q = UserQuery(request([("text", " modèle & co "), ("all", "1"), ("sort", "-name"), ("page", "3")]))
        XCTAssertEqual(q, UserQuery(text: "modèle & co", includeDisabled: true, descending: true, page: 3))
        XCTAssertEqual(q.wireSort, .displayNameDescending)
        XCTAssertEqual(UserQuery(request([])).wireSort, .displayName)
    }

    func testHostileOrOutOfRangeValuesFallBack() {
        XCTAssertEqual(UserQuery(request([("page", "-4")])).page, 1)
        XCTAssertEqual(UserQuery(request([("page", "abc")])).page, 1)
        XCTAssertEqual(
            UserQuery(request([("page", "999999999999")])).page, 100_000, "clamped; admin answers an empty page")
        XCTAssertEqual(UserQuery(request([("all", "yes")])).includeDisabled, false)
        XCTAssertEqual(UserQuery(request([("text", String(repeating: "x", count: 5000))])).text.count, 200)
    }

    func testLinksRoundTripAndEncode() {
        let q = UserQuery(text: "a&b=c ü", includeDisabled: true, descending: false, page: 2)
        XCTAssertEqual(q.query(), "?text=a%26b%3Dc%20%C3%BC&all=1&page=2")
        XCTAssertEqual(
            q.query(page: 1, descending: true), "?text=a%26b%3Dc%20%C3%BC&all=1&sort=-name",
            "the sort link starts at page 1")
        XCTAssertEqual(UserQuery().query(), "")
    }
}
