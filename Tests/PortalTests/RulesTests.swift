import Contracts
import Runtime
import Wire
import XCTest

@testable import PortalCore

final class CookieAndHeaderRulesTests: XCTestCase {
    func testSessionCookieFlags() {
        let c = Cookies.set(Cookies.session, "tok")
        XCTAssertTrue(Cookies.session.hasPrefix("__Host-"))
        for flag in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] { XCTAssertTrue(c.contains(flag), flag) }
        XCTAssertFalse(c.contains("Domain"))
        XCTAssertTrue(Cookies.delete(Cookies.session).contains("Max-Age=0"))
    }

    func testCookieHeaderParsingIgnoresJunk() {
        let p = Cookies.parse("a=1; __Host-connect-session=abc; junk; a=2; q=\"x\"")
        XCTAssertEqual(p["a"], "1")
        XCTAssertEqual(p[Cookies.session], "abc")
        XCTAssertEqual(p["q"], "x")
        XCTAssertFalse(Cookies.isSafeValue("a b"))
        XCTAssertFalse(Cookies.isSafeValue("<x>"))
        XCTAssertTrue(Cookies.isSafeValue("ab-_.9"))
    }

    func testHeadersOnEveryResponseAndHSTSOnlyBehindHTTPS() {
        var r = HTTPResponse.text("x")
        WebPolicy(publicURL: "http://127.0.0.1:8080").secure(&r, personal: true)
        XCTAssertEqual(
            r.header("Content-Security-Policy"),
            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )
        XCTAssertEqual(r.header("X-Content-Type-Options"), "nosniff")
        XCTAssertEqual(r.header("Referrer-Policy"), "no-referrer")
        XCTAssertEqual(r.header("Cache-Control"), "no-store")
        XCTAssertNil(r.header("Strict-Transport-Security"))
        var s = HTTPResponse.text("x")
        WebPolicy(publicURL: "https://connect.fund.ch").secure(&s, personal: false)
        XCTAssertNotNil(s.header("Strict-Transport-Security"))
        XCTAssertNil(s.header("Cache-Control"))
    }

    func testOriginCheck() {
        let p = WebPolicy(publicURL: "https://connect.fund.ch/")
        func req(_ h: [String: String]) -> HTTPRequest { HTTPRequest(method: "POST", path: "/login", headers: h) }
        XCTAssertTrue(p.sameOrigin(req(["origin": "https://connect.fund.ch"])))
        XCTAssertFalse(p.sameOrigin(req(["origin": "https://evil.example"])))
        XCTAssertFalse(p.sameOrigin(req(["origin": "http://connect.fund.ch"])))
        XCTAssertTrue(
            p.sameOrigin(req(["origin": "null", "sec-fetch-site": "same-origin"])), "no-referrer makes Origin null")
        XCTAssertFalse(p.sameOrigin(req(["origin": "null", "sec-fetch-site": "cross-site"])))
        XCTAssertFalse(p.sameOrigin(req(["sec-fetch-site": "same-site"])))
        XCTAssertTrue(p.sameOrigin(req([:])), "no browser headers: the token alone decides")
    }

    func testForwardedForOnlyFromTrustedProxies() {
        let p = WebPolicy(publicURL: "http://x", trustedProxies: TrustedProxies(["10.0.0.0/8", "unix"]))
        let xff = ["x-forwarded-for": "203.0.113.9, 10.1.2.3"]
        XCTAssertEqual(
            p.clientAddress(HTTPRequest(method: "GET", path: "/", headers: xff, peer: "10.0.0.5")), "203.0.113.9")
        XCTAssertEqual(
            p.clientAddress(HTTPRequest(method: "GET", path: "/", headers: xff, peer: "unix")), "203.0.113.9")
        XCTAssertEqual(
            p.clientAddress(HTTPRequest(method: "GET", path: "/", headers: xff, peer: "198.51.100.1")), "198.51.100.1")
    }

    func testRateLimiterPerAddress() {
        let l = RateLimiter(burst: 2, perMinute: 60)
        XCTAssertNil(l.take("a", now: 0))
        XCTAssertNil(l.take("a", now: 0))
        XCTAssertEqual(l.take("a", now: 0), 1)
        XCTAssertNil(l.take("b", now: 0), "another address has its own bucket")
        XCTAssertNil(l.take("a", now: 1.01), "refilled after a second")
    }

    func testSealedStateCannotBeReadOrForged() throws {
        let sealer = Sealer(key: CookieKey.random())
        var s = FlowState()
        s.registrationId = "reg_secret"
        let sealed = s.sealed(by: sealer)
        XCTAssertFalse(sealed.contains("reg_secret"))
        XCTAssertEqual(FlowState.open(sealed, sealer: sealer)?.registrationId, "reg_secret")
        XCTAssertNil(FlowState.open(sealed, sealer: Sealer(key: CookieKey.random())), "another key cannot open it")
        var tampered = Array(sealed)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
        XCTAssertNil(FlowState.open(String(tampered), sealer: sealer))
    }

    func testCookieKeyFileFormats() throws {
        let dir = NSTemporaryDirectory() + "pk-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hex = String(repeating: "ab", count: 32) + "\n"
        FileManager.default.createFile(atPath: dir + "/hex", contents: Data(hex.utf8))
        XCTAssertEqual(try CookieKey.load(path: dir + "/hex", create: false).bytes, [UInt8](repeating: 0xab, count: 32))
        FileManager.default.createFile(atPath: dir + "/short", contents: Data("abcd\n".utf8))
        XCTAssertThrowsError(try CookieKey.load(path: dir + "/short", create: false)) {
            XCTAssertTrue($0 is ConfigError)
        }
        XCTAssertThrowsError(try CookieKey.load(path: dir + "/missing", create: false))
        let made = try CookieKey.load(path: dir + "/new/key", create: true)
        XCTAssertEqual(
            try CookieKey.load(path: dir + "/new/key", create: false).bytes, made.bytes, "replicas read the same key")
    }
}

final class LanguageChoiceTests: XCTestCase {
    func testAcceptLanguageByQuality() {
        XCTAssertEqual(LanguageChoice.fromAcceptLanguage("de-CH,de;q=0.9,fr;q=0.8"), .de)
        XCTAssertEqual(LanguageChoice.fromAcceptLanguage("es, it;q=0.5, en;q=0.7"), .en)
        XCTAssertEqual(LanguageChoice.fromAcceptLanguage("fr;q=0, it"), .it)
        XCTAssertNil(LanguageChoice.fromAcceptLanguage("es, pt"))
        XCTAssertNil(LanguageChoice.fromAcceptLanguage(nil))
    }

    func testProfileOrChoiceWinsThenHeaderThenFrench() {
        XCTAssertEqual(LanguageChoice.choose(chosen: .it, acceptLanguage: "de"), .it)
        XCTAssertEqual(LanguageChoice.choose(chosen: nil, acceptLanguage: "en-GB"), .en)
        XCTAssertEqual(LanguageChoice.choose(chosen: nil, acceptLanguage: "ja"), .fr)
    }

    func testEveryTextExistsInFourLanguages() {
        for key in Texts.keys {
            for lang in Language.allCases { XCTAssertFalse(Texts.get(key, lang).isEmpty, "\(key) \(lang)") }
        }
    }

    /// Every state admin's `UserDetail.state` documents reads as words on detail and edit, never as the raw value.
    func testEveryUserStateHasALabelInFourLanguages() {
        for state in ["active", "pendingPhone", "invited", "disabled", "missing"] {
            for lang in Language.allCases {
                let text = Texts.get("detail.state.\(state)", lang)
                XCTAssertNotEqual(text, "detail.state.\(state)", "\(state) \(lang)")
            }
        }
        XCTAssertTrue(Texts.get("detail.state.missing", .fr).contains("Nouveau"))
    }

    func testSwissLocalTime() {
        // 2026-07-01 12:00 UTC is 14:00 in Zurich (summer), 2026-01-15 12:00 UTC is 13:00 (winter).
        XCTAssertEqual(SwissTime.format("2026-07-01T12:00:00Z", .fr), "01.07.2026 14:00")
        XCTAssertEqual(SwissTime.format("2026-01-15T12:00:00Z", .de), "15.01.2026 13:00")
    }

    func testConfigRefusesBadValuesNamingTheVariable() {
        XCTAssertThrowsError(try PortalConfig(environment: Environment(["PORTAL_LISTEN": "nonsense"]))) {
            XCTAssertEqual(($0 as? ConfigError)?.name, "PORTAL_LISTEN")
        }
        XCTAssertThrowsError(try PortalConfig(environment: Environment(["CONNECT_PORTAL_URL": "ftp://x"]))) {
            XCTAssertEqual(($0 as? ConfigError)?.name, "CONNECT_PORTAL_URL")
        }
        XCTAssertEqual(try PortalConfig.parseListen("unix:/run/portal.sock"), .unix(path: "/run/portal.sock"))
        XCTAssertEqual(try PortalConfig.parseListen("[::1]:8080"), .tcp(host: "::1", port: 8080))
        XCTAssertEqual(try PortalConfig(environment: Environment([:])).listen, .tcp(host: "127.0.0.1", port: 8080))
    }
}
