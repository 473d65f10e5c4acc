import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The guide's whole story in a real browser: Debian's headless Chromium driven by
/// Selenium (Tests/Browser/portal_story.py, run with /usr/bin/python3) against the
/// real trio and the real portal on a temp directory. Fund staff create the
/// employer and send the letter with the staff messages; the script reads every
/// code from the notifier's file outbox, as a person reads their mail and phone.
/// Screenshots of every screen land in `<temp>/shots` (CONNECT_KEEP_TEMP=1 keeps them).
final class PortalBrowserTests: XCTestCase {
    static let python = "/usr/bin/python3"
    static let tools = ["/usr/bin/chromium", "/usr/bin/chromedriver", python]

    /// Skips where the browser is not installed; fails in CI, which installs it (.ci/run).
    static func requireBrowser() throws {
        let missing = tools.filter { !FileManager.default.isExecutableFile(atPath: $0) }
        let selenium =
            missing.isEmpty ? (try? ProgramRun.run(python, ["-c", "import selenium, openpyxl"]))?.status == 0 : false
        guard missing.isEmpty, selenium else {
            let what = missing.isEmpty ? "python3-selenium / python3-openpyxl" : missing.joined(separator: ", ")
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail("\(what) missing in CI (make test-deps installs chromium, chromium-driver, python3-selenium)")
            }
            throw XCTSkip(
                "\(what) not installed: apt-get install chromium chromium-driver python3-selenium python3-openpyxl")
        }
        guard PortalProcess.isBuilt else { throw XCTSkip("the portal executable is not built") }
    }

    func testTheGuidesStoryPlaysThroughThePortalInChromium() throws {
        try Self.requireBrowser()
        // The letter's and e-mails' links point to this portal (NOTIFIER_*_URL default to it).
        let url = PortalProcess.freeLoopbackURL()
        let trio = try Trio.started(
            prefix: "pb", portalURL: url, extra: ["NOTIFIER_FUND_NAME": "Caisse de compensation Modèle"])
        defer { trio.remove() }
        let portal = try PortalProcess.forBrowser(trio, url: url)
        defer { portal.stop() }

        // Fund staff (this process's uid is staff when CONNECT_STAFF_UIDS is unset).
        try trio[ServiceName.admin].client(timeout: 20).inviteModeleSAByLetter()

        let shots = trio.dir.file("shots")
        let downloads = trio.dir.file("downloads")
        let started = monotonicSeconds()
        let (status, output) = try BrowserScript.run(
            "portal_story.py", ["--url", url, "--outbox", trio.outbox, "--shots", shots, "--downloads", downloads])
        let took = monotonicSeconds() - started
        let screens = BrowserScript.screenshots(in: shots)
        print("browser story: \(String(format: "%.1f", took)) s, \(screens.count) screenshots in \(shots)")
        XCTAssertEqual(status, 0, "the browser story failed:\n\(output)\n--- portal log:\n\(portal.log().suffix(4000))")
        XCTAssertTrue(output.contains("every step did what the guide says"), output)
        XCTAssertGreaterThanOrEqual(screens.count, 20, "a screenshot of every screen")
        XCTAssertTrue(portal.isRunning, "the portal survived the story\n\(portal.log().suffix(2000))")
        XCTAssertEqual(portal.stop(), 0, "the portal stops cleanly on SIGTERM")
    }

    /// The invitation letter's QR code, scanned back from the PDF (pdftoppm + zbarimg), opens
    /// step 1 with the code prefilled in Chromium and the registration goes through; the portal
    /// is branded as a fund brands it (logo, colour, name, support line) and photographed.
    func testTheLettersQRCodeOpensRegistrationWithTheCodeOnABrandedPortal() throws {
        try Self.requireBrowser()
        for tool in ["/usr/bin/zbarimg", "/usr/bin/pdftoppm"] where !FileManager.default.isExecutableFile(atPath: tool)
        {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail("\(tool) missing in CI (.ci/run installs zbar-tools, poppler-utils)")
            }
            throw XCTSkip("\(tool) not installed: apt-get install zbar-tools poppler-utils")
        }
        let url = PortalProcess.freeLoopbackURL()
        let trio = try Trio.started(prefix: "pq", portalURL: url)
        defer { trio.remove() }
        let fund = "Caisse de compensation Modèle"
        let support = "Cotisations · +41 31 390 23 25 · 7:30–16:00"
        let colour = "#7a1f3d"
        let logo = ProgramRun.repositoryRoot.appendingPathComponent("Tests/Browser/fixtures/fund-logo.png").path
        let portal = try PortalProcess.forBrowser(
            trio, url: url,
            environment: [
                "PORTAL_FUND_NAME": fund, "PORTAL_SUPPORT_LINE": support,
                "PORTAL_BRAND_COLOUR": colour, "PORTAL_LOGO_FILE": logo,
            ])
        defer { portal.stop() }
        let admin = trio[ServiceName.admin].client(timeout: 20)
        _ = try admin.call(
            EmployerCreate.self,
            .init(
                number: "1283.221", name: "Scan SA", street: "Rue du Code 1",
                postcode: "3000", city: "Bern", language: .fr))
        _ = try admin.call(EmployerInvite.self, .init(number: "1283.221", delivery: .letter))

        let shots = trio.dir.file("shots")
        let (status, output) = try BrowserScript.run(
            "letter_qr.py",
            [
                "--url", url, "--outbox", trio.outbox, "--shots", shots,
                "--colour", colour, "--fund", fund, "--support", support,
            ])
        // CONNECT_SHOTS_DIR=<dir> keeps the screenshots (docs/portal-branded.png is register-from-qr).
        if let keep = ProcessInfo.processInfo.environment["CONNECT_SHOTS_DIR"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            for f in (try? FileManager.default.contentsOfDirectory(atPath: shots)) ?? [] {
                try? FileManager.default.copyItem(atPath: shots + "/" + f, toPath: keep + "/" + f)
            }
        }
        XCTAssertEqual(status, 0, "the QR story failed:\n\(output)\n--- portal log:\n\(portal.log().suffix(4000))")
        XCTAssertTrue(output.contains("the letter's QR code registered a person"), output)
        // The access code is a secret: neither the portal's log nor the notifier's carries it.
        let letter = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: trio.outbox + "/letter").first { $0.hasSuffix(".pdf") })
        let text = try DocumentReaders.pdfText(trio.outbox + "/letter/" + letter)
        let code = String(
            text[try XCTUnwrap(text.range(of: #"[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}"#, options: .regularExpression))])
        let logs =
            portal.log()
            + [ServiceName.identity, ServiceName.notifier, ServiceName.admin].map { trio[$0].log() }.joined()
        XCTAssertFalse(
            logs.contains(code.replacingOccurrences(of: " ", with: "")) || logs.contains(code),
            "the access code in a log")
        XCTAssertTrue(portal.isRunning)
    }
}
