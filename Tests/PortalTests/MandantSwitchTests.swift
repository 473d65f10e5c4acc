import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import PortalCore

/// The header's mandant switch and the language a signed-in page speaks, in
/// process against fake identity and admin.
final class MandantSwitchTests: XCTestCase {
    var temp: TempDirectory!
    var identity: FakePeer!
    var admin: FakePeer!
    var app: PortalApp!
    var cookies: [String: String] = [Cookies.session: "tok_1"]

    override func setUp() {
        temp = TempDirectory("portal-switch")
        try? FileManager.default.createDirectory(atPath: temp.file("run"), withIntermediateDirectories: true)
        identity = FakePeer(socketPath: temp.file("run/identity.sock"))
        identity.on(ProfileUpdate.self) { b in
            .init(
                profile: OwnProfile(
                    accountId: "acc_1", email: "fiona@fidu.ch", firstName: "Fiona", lastName: "Fidu",
                    language: b.language ?? .fr, maskedPhone: nil, mfa: .sms, lastLoginAt: nil,
                    previousLoginAt: nil, pendingPhone: nil, pendingEmail: nil))
        }
        identity.start()
        admin = FakePeer(socketPath: temp.file("run/admin.sock"))
        // Admin's copy of the person still says French: the profile event has not reached it yet.
        admin.on(AdminMe.self) { _ in
            .init(
                user: UserProfile(
                    userId: "acc_1", email: "fiona@fidu.ch", firstName: "Fiona", lastName: "Fidu",
                    displayName: "Fidu, Fiona", language: .fr),
                mandants: [
                    Mandant(number: "1283.220", name: "Modèle SA", admin: true, themes: []),
                    Mandant(number: "2000.100", name: "Fidu SA", admin: true, themes: [], alias: "Fidu (Bern)"),
                ])
        }
        // The page the test walks on (any signed-in page would do, before a mandant is chosen too).
        admin.on(MandantsSearch.self) { _ in
            .init(mandants: [
                MandantEntry(
                    number: "1283.220", name: "Modèle SA", admin: true, themes: [], alias: "", isDefault: false,
                    delegated: false, delegationEndsAt: nil),
                MandantEntry(
                    number: "2000.100", name: "Fidu SA", admin: true, themes: [], alias: "Fidu (Bern)",
                    isDefault: false, delegated: false, delegationEndsAt: nil),
            ])
        }
        admin.start()
        app = PortalApp.inProcess(runDir: temp.file("run"))
    }

    override func tearDown() {
        identity.stop()
        admin.stop()
        temp.remove()
    }

    func send(_ method: String, _ path: String, _ body: String = "") -> HTTPResponse {
        var h = ["accept-language": "fr", "cookie": cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        if method == "POST" {
            h["content-type"] = "application/x-www-form-urlencoded"
            h["origin"] = "http://127.0.0.1:8080"
        }
        let r = app.handle(HTTPRequest(method: method, path: path, headers: h, body: Array(body.utf8)))
        for (name, value) in r.headers where name == "Set-Cookie" {
            let first = value.split(separator: ";")[0]
            let eq = first.firstIndex(of: "=")!
            cookies[String(first[..<eq])] = String(first[first.index(after: eq)...])
        }
        return r
    }

    func token(_ page: String) -> String {
        guard let start = page.range(of: "name=\"csrf\" value=\"")?.upperBound else {
            XCTFail("no form token on the page: \(page.prefix(400))")
            return ""
        }
        return String(page[start...].prefix { $0 != "\"" })
    }

    func testTheHeaderSwitchesAndTheChosenLanguageIsNotUndoneByAdminsOlderCopy() {
        var page = String(decoding: send("GET", "/mandants").body, as: UTF8.self)
        XCTAssertTrue(page.contains("<html lang=\"fr\">"), "the profile's language after the login")
        XCTAssertTrue(
            page.contains("<select id=\"mandant-switch\" name=\"mandant\">") && page.contains("2000.100 – Fidu (Bern)"),
            page)
        XCTAssertEqual(send("POST", "/language", "csrf=\(token(page))&lang=de&back=/mandants").status, 303)
        page = String(decoding: send("GET", "/mandants").body, as: UTF8.self)
        XCTAssertTrue(
            page.contains("<html lang=\"de\">"), "admin's older copy must not switch it back: \(page.prefix(400))")

        let r = send(
            "POST", "/mandants/switch", "csrf=\(token(page))&mandant=2000.100&back=%2Fusers%2Fdetail%3Fid%3Du1")
        XCTAssertEqual(r.status, 303)
        XCTAssertEqual(r.header("Location"), "/users")
        page = String(decoding: send("GET", "/mandants").body, as: UTF8.self)
        XCTAssertTrue(page.contains("<option value=\"2000.100\" selected>"), page)
        XCTAssertEqual(send("POST", "/mandants/switch", "mandant=1283.220&back=/").status, 403, "no token")
    }

    func testTheSwitchReturnsToThePageUnlessItShowsARecordOfTheOtherEmployer() {
        XCTAssertEqual(MandantPages.afterSwitch("/"), "/")
        XCTAssertEqual(MandantPages.afterSwitch("/users?text=lea&all=1"), "/users?text=lea&all=1")
        XCTAssertEqual(MandantPages.afterSwitch("/settings"), "/settings")
        XCTAssertEqual(MandantPages.afterSwitch("/users/detail?id=usr_1"), "/users")
        XCTAssertEqual(MandantPages.afterSwitch("/users/edit/phone?id=usr_1"), "/users")
        XCTAssertEqual(MandantPages.afterSwitch("/mandants/edit?employer=1283.220"), "/mandants")
    }
}
