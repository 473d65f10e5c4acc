import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import PortalCore

/// The whole app in process (no HTTP server): routing, the anti-forgery and
/// Origin rules, headers, and a form round trip against a fake identity.
final class PortalAppTests: XCTestCase {
    var temp: TempDirectory!
    var identity: FakePeer!
    var app: PortalApp!

    override func setUp() {
        temp = TempDirectory("portal")
        try? FileManager.default.createDirectory(atPath: temp.file("run"), withIntermediateDirectories: true)
        identity = FakePeer(socketPath: temp.file("run/identity.sock"))
        identity.on(RegistrationStart.self) { b in
            guard b.accessCode == "VEFANUSU2YTE" else { throw ServiceError(.invalidCode, field: "accessCode") }
            return .init(registrationId: "reg_1", employer: EmployerRef(number: "1283.220", name: "Modèle <SA>"))
        }
        identity.start()
        app = PortalApp.inProcess(runDir: temp.file("run"))
    }

    override func tearDown() {
        identity.stop()
        temp.remove()
    }

    func get(_ path: String, query: [(String, String)] = [], cookies: String? = nil, lang: String = "fr")
        -> HTTPResponse
    {
        var h = ["accept-language": lang]
        if let cookies { h["cookie"] = cookies }
        return app.handle(HTTPRequest(method: "GET", path: path, query: query, headers: h))
    }

    func post(_ path: String, _ body: String, cookies: String?, origin: String? = "http://127.0.0.1:8080")
        -> HTTPResponse
    {
        var h = ["content-type": "application/x-www-form-urlencoded"]
        if let cookies { h["cookie"] = cookies }
        if let origin { h["origin"] = origin }
        return app.handle(HTTPRequest(method: "POST", path: path, headers: h, body: Array(body.utf8)))
    }

    func text(_ r: HTTPResponse) -> String { String(decoding: r.body, as: UTF8.self) }

    /// The state cookie and the page's token, as a browser would keep them.
    func session(from r: HTTPResponse) -> (cookie: String, token: String) {
        let set = r.headers.filter { $0.0 == "Set-Cookie" }.map(\.1).first { $0.hasPrefix(Cookies.state) }!
        let cookie = String(set.split(separator: ";")[0])
        let page = text(r)
        let marker = "name=\"csrf\" value=\""
        let start = page.range(of: marker)!.upperBound
        return (cookie, String(page[start...].prefix { $0 != "\"" }))
    }

    /// A user identity lost in a restore (`missing`) reads as words on detail and edit, never the raw state.
    func testMissingUserStateIsShownAsWords() {
        let admin = FakePeer(socketPath: temp.file("run/admin.sock"))
        admin.on(AdminMe.self) { _ in
            .init(
                user: UserProfile(
                    userId: "u_admin", email: "a@x.ch", firstName: "Anna", lastName: "Muster",
                    displayName: "Muster, Anna",
                    language: .fr), mandants: [Mandant(number: "1283.220", name: "Modèle SA", admin: true, themes: [])])
        }
        admin.on(UsersGet.self) { b in
            .init(
                user: UserDetail(
                    userId: b.userId, displayName: "Lost, Luc", email: "luc@x.ch", firstName: "Luc", lastName: "Lost",
                    language: .fr, disabled: false, reference: "", mfa: .notEnrolled, remarks: "", phone: nil,
                    lockedUntil: nil,
                    admin: false, themes: [], state: .missing))
        }
        admin.on(ThemesList.self) { _ in
            .init(themes: [ThemeInfo(key: "admin", name: "Administrateur connect", description: "")])
        }
        admin.start()
        defer { admin.stop() }
        for path in ["/users/detail", "/users/edit"] {
            let page = text(get(path, query: [("id", "u_lost")], cookies: "\(Cookies.session)=tok_1"))
            XCTAssertTrue(page.contains("compte perdu – à inviter à nouveau"), "\(path): \(page)")
            XCTAssertFalse(page.contains(">missing<"), path)
        }
    }

    func testRoutesAndErrorPages() {
        XCTAssertEqual(text(get("/healthz")), "ok\n")
        XCTAssertEqual(get("/").status, 200)
        XCTAssertTrue(text(get("/")).contains("<html lang=\"fr\">"))
        XCTAssertEqual(get("/nope").status, 404)
        XCTAssertEqual(app.handle(HTTPRequest(method: "DELETE", path: "/register")).status, 405)
        XCTAssertEqual(get("/users").status, 303, "signed-in pages send strangers to the login")
        XCTAssertEqual(get("/users").header("Location"), "/")
        XCTAssertTrue(text(get("/", lang: "de-CH,de;q=0.9")).contains("<html lang=\"de\">"))
    }

    func testEveryResponseCarriesTheHeaders() {
        for r in [get("/"), get("/nope"), get("/healthz"), get("/static/portal.css"), post("/login", "", cookies: nil)]
        {
            XCTAssertEqual(r.header("X-Content-Type-Options"), "nosniff")
            XCTAssertEqual(r.header("Referrer-Policy"), "no-referrer")
            XCTAssertNotNil(r.header("Content-Security-Policy"))
        }
        XCTAssertEqual(get("/").header("Cache-Control"), "no-store")
    }

    func testTheLanguageSwitchOnlyReturnsToOurOwnPages() {
        let (cookie, token) = session(from: get("/register"))
        for (back, expected) in [
            ("/users?text=a", "/users?text=a"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
            ("/\\evil.example", "/"), ("/ok\r\nSet-Cookie: x=1", "/"),
        ] {
            let r = post("/language", "csrf=\(token)&lang=de&back=\(PortalAppTests.encode(back))", cookies: cookie)
            XCTAssertEqual(r.status, 303)
            XCTAssertEqual(r.header("Location"), expected, back)
        }
        XCTAssertEqual(post("/language", "csrf=\(token)&lang=xx&back=/", cookies: cookie).status, 400)
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    func testStaticFilesAreCachedWithETag() {
        let css = get("/static/portal.css")
        XCTAssertEqual(css.status, 200)
        XCTAssertTrue(css.header("Cache-Control")!.contains("max-age=31536000"))
        let tag = css.header("ETag")!
        let again = app.handle(HTTPRequest(method: "GET", path: "/static/portal.css", headers: ["if-none-match": tag]))
        XCTAssertEqual(again.status, 304)
        XCTAssertTrue(get("/static/portal.js").header("Content-Type")!.hasPrefix("text/javascript"))
    }

    func testPostWithoutOrWithWrongTokenIs403NotARedirect() {
        let page = get("/register")
        let (cookie, token) = session(from: page)
        XCTAssertEqual(post("/register", "accessCode=VEFANUSU2YTE", cookies: cookie).status, 403, "missing token")
        XCTAssertEqual(
            post("/register", "csrf=forged&accessCode=VEFANUSU2YTE", cookies: cookie).status, 403, "wrong token")
        XCTAssertEqual(
            post("/register", "csrf=\(token)&accessCode=VEFANUSU2YTE", cookies: nil).status, 403,
            "the token is tied to this browser's state cookie")
        XCTAssertEqual(
            post("/register", "csrf=\(token)&csrf=\(token)&accessCode=x", cookies: cookie).status, 403, "repeated token"
        )
        XCTAssertEqual(
            post("/register", "csrf=\(token)&accessCode=VEFANUSU2YTE", cookies: cookie, origin: "https://evil.example")
                .status, 403)
        XCTAssertEqual(post("/register", "csrf=\(token)&accessCode=%C3%28", cookies: cookie).status, 400, "bad UTF-8")
        XCTAssertTrue(identity.requests(RegistrationStart.type).isEmpty, "nothing reached identity")
    }

    func testAccessCodeRoundTripAndRefusalBesideTheField() {
        let (cookie, token) = session(from: get("/register", query: [("code", "VEFANUSU2YTE")]))
        let wrong = post("/register", "csrf=\(token)&accessCode=WRONG", cookies: cookie)
        XCTAssertEqual(wrong.status, 200)
        XCTAssertTrue(text(wrong).contains("id=\"accessCode-error\""))
        XCTAssertTrue(text(wrong).contains("aria-describedby=\"accessCode-hint accessCode-error\""))
        let ok = post("/register", "csrf=\(token)&accessCode=VEFANUSU2YTE", cookies: cookie)
        XCTAssertEqual(ok.status, 303)
        XCTAssertEqual(ok.header("Location"), "/register/email")
        let newState = ok.headers.first { $0.0 == "Set-Cookie" && $0.1.hasPrefix(Cookies.state) }!.1
        XCTAssertFalse(newState.contains("reg_1"), "the registration id travels sealed")
        let step2 = get("/register/email", cookies: String(newState.split(separator: ";")[0]))
        XCTAssertTrue(text(step2).contains("Modèle &lt;SA&gt;"), "the employer's name is escaped")
        XCTAssertTrue(text(step2).contains("<label for=\"email\" class=\"req\">Adresse e-mail</label>"))
    }
}
