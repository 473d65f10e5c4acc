import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import PortalCore

/// A fund's branding from configuration: name, support line, colour and logo, each
/// bad value refused at start-up by name; the logo served from /static, the colour
/// in the stylesheet (the CSP allows no inline style).
final class BrandingTests: XCTestCase {
    var temp: TempDirectory!
    override func setUp() { temp = TempDirectory("brand") }
    override func tearDown() { temp.remove() }

    static var logoFixture: String {
        ProgramRun.repositoryRoot.appendingPathComponent("Tests/Browser/fixtures/fund-logo.png").path
    }

    func refusal(_ env: [String: String]) -> String {
        do {
            _ = try PortalConfig(environment: Environment(env))
            return "accepted"
        } catch {
            return String(describing: error)
        }
    }

    func testColourIsHashRRGGBBAndDarkEnoughForWhiteText() throws {
        XCTAssertEqual(try Branding(environment: Environment(["PORTAL_BRAND_COLOUR": "#7A1F3D"])).colour, "#7a1f3d")
        XCTAssertNil(try Branding(environment: Environment([:])).colour)
        for bad in ["7a1f3d", "#7a1f3", "#7a1f3dd", "red", "#gg0000", "rgb(1,2,3)"] {
            let e = refusal(["PORTAL_BRAND_COLOUR": bad])
            XCTAssertTrue(e.hasPrefix("PORTAL_BRAND_COLOUR: '\(bad)' is not a colour written #rrggbb"), e)
        }
        // Yellow carries no white text: 1.5:1.
        let pale = refusal(["PORTAL_BRAND_COLOUR": "#ffcc00"])
        XCTAssertTrue(pale.contains("contrast of 1.5:1 with white") && pale.contains("4.5:1"), pale)
        XCTAssertEqual(Branding.contrastWithWhite("#000000"), 21, accuracy: 0.01)
        XCTAssertEqual(Branding.contrastWithWhite("#ffffff"), 1, accuracy: 0.01)
        // The portal's own blue passes, as it must.
        XCTAssertGreaterThan(Branding.contrastWithWhite("#005a9c"), 4.5)
    }

    func testLogoMustBeASmallPNGJPEGOrWebPThatCanBeRead() throws {
        let png = try Branding(environment: Environment(["PORTAL_LOGO_FILE": Self.logoFixture])).logo
        XCTAssertEqual(png?.type, "image/png")
        XCTAssertEqual(png?.bytes, [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.logoFixture))))
        let jpeg = temp.file("logo.jpg")
        let svg = temp.file("logo.svg")
        let text = temp.file("logo.txt")
        let big = temp.file("big.png")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]).write(to: URL(fileURLWithPath: jpeg))
        try Data(
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8
        )
        .write(to: URL(fileURLWithPath: svg))
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 300_000)).write(
            to: URL(fileURLWithPath: big))
        XCTAssertEqual(try Branding(environment: Environment(["PORTAL_LOGO_FILE": jpeg])).logo?.ext, "jpg")
        XCTAssertTrue(
            refusal(["PORTAL_LOGO_FILE": svg]).hasPrefix("PORTAL_LOGO_FILE: '\(svg)' is SVG, which can carry script"))
        XCTAssertTrue(
            refusal(["PORTAL_LOGO_FILE": text]).hasPrefix(
                "PORTAL_LOGO_FILE: '\(text)' is not a PNG, JPEG or WebP image"))
        XCTAssertTrue(refusal(["PORTAL_LOGO_FILE": big]).contains("a logo has 1 to 256 KiB"))
        XCTAssertTrue(refusal(["PORTAL_LOGO_FILE": temp.file("none.png")]).hasPrefix("PORTAL_LOGO_FILE: cannot read"))
    }

    func testNameAndSupportLineAreOneLineOfText() throws {
        let b = try Branding(
            environment: Environment([
                "NOTIFIER_FUND_NAME": "Caisse AVS", "PORTAL_SUPPORT_LINE": " Cotisations · +41 31 390 23 25 ",
            ]))
        XCTAssertEqual(b.fundName, "Caisse AVS", "the notifier's name when the portal has none")
        XCTAssertEqual(b.supportLine, "Cotisations · +41 31 390 23 25")
        XCTAssertEqual(try Branding(environment: Environment([:])).fundName, "connect")
        XCTAssertTrue(refusal(["PORTAL_FUND_NAME": "   "]).hasPrefix("PORTAL_FUND_NAME: is blank"))
        XCTAssertTrue(refusal(["PORTAL_FUND_NAME": "Caisse\nAVS"]).hasPrefix("PORTAL_FUND_NAME: contains a line break"))
        XCTAssertTrue(
            refusal(["PORTAL_SUPPORT_LINE": String(repeating: "x", count: 301)]).hasPrefix(
                "PORTAL_SUPPORT_LINE: 301 characters"))
    }

    func testBrandedPagesCarryTheLogoColourNameAndSupportLine() throws {
        var settings = PortalApp.Settings()
        settings.branding = try Branding(
            environment: Environment([
                "PORTAL_FUND_NAME": "Caisse <Modèle> AVS", "PORTAL_SUPPORT_LINE": "Cotisations · 031 390 23 25",
                "PORTAL_BRAND_COLOUR": "#7a1f3d", "PORTAL_LOGO_FILE": Self.logoFixture,
            ]))
        let app = PortalApp(
            trio: TrioClients(runDir: temp.path, timeout: 1), key: CookieKey.random(),
            policy: WebPolicy(publicURL: "http://127.0.0.1:8080"), settings: settings,
            logger: Logger(service: "portal", minimum: .error))
        let page = String(
            decoding: app.handle(HTTPRequest(method: "GET", path: "/register", headers: [:])).body, as: UTF8.self)
        let logo = try XCTUnwrap(
            page.range(
                of: #"<img src="/static/logo\.png\?v=[0-9a-f]{16}" alt="Caisse &lt;Modèle&gt; AVS">"#,
                options: .regularExpression), page)
        XCTAssertTrue(
            page.contains("<footer class=\"support\">Caisse &lt;Modèle&gt; AVS · Cotisations · 031 390 23 25</footer>"),
            page)
        let path = String(page[logo].dropFirst(10).prefix { $0 != "?" })
        let image = app.handle(HTTPRequest(method: "GET", path: path, headers: [:]))
        XCTAssertEqual(image.status, 200)
        XCTAssertEqual(image.header("Content-Type"), "image/png")
        XCTAssertEqual(image.header("X-Content-Type-Options"), "nosniff")
        XCTAssertEqual(image.body, [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.logoFixture))))
        let cssPath = try XCTUnwrap(page.range(of: #"/static/portal\.css\?v=[0-9a-f]+"#, options: .regularExpression))
        let css = String(
            decoding: app.handle(HTTPRequest(method: "GET", path: "/static/portal.css", headers: [:])).body,
            as: UTF8.self)
        XCTAssertTrue(css.hasSuffix(":root { --accent: #7a1f3d; }\n"), String(css.suffix(200)))
        // Another colour is another file name: browsers holding the old one for a year fetch the new one.
        let plain = PortalApp.inProcess(runDir: temp.path, timeout: 1)
        let plainPage = String(
            decoding: plain.handle(HTTPRequest(method: "GET", path: "/register", headers: [:])).body, as: UTF8.self)
        XCTAssertFalse(plainPage.contains(String(page[cssPath])))
        XCTAssertFalse(plainPage.contains("<img"), "no logo configured, none shown")
        XCTAssertEqual(plain.handle(HTTPRequest(method: "GET", path: "/static/logo.png", headers: [:])).status, 404)
    }

    /// The real executable: a bad value is one line naming the variable, exit 2.
    func testThePortalRefusesToStartOnABadBrandValue() throws {
        guard PortalProcess.isBuilt else { throw XCTSkip("the portal is not built") }
        for (name, value, words) in [
            ("PORTAL_BRAND_COLOUR", "#fc0", "#rrggbb"), ("PORTAL_LOGO_FILE", temp.file("missing.png"), "cannot read"),
        ] {
            let (status, output) = try ProgramRun.run(
                ServiceProcess.binDirectory + "/portal", [],
                environment: [
                    "CONNECT_RUN_DIR": temp.path, "PORTAL_LISTEN": "127.0.0.1:0",
                    "PORTAL_COOKIE_KEY_FILE": temp.file("k"), name: value,
                ])
            XCTAssertEqual(status, 2, output)
            let lines = output.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, output)
            XCTAssertTrue(lines.first?.hasPrefix("portal: \(name): ") == true && output.contains(words), output)
        }
    }
}
