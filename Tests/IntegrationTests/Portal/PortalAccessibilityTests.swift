import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Every screen of Tests/Browser/screens.py in fr, de, it and en, in Debian's headless
/// Chromium against the real trio and portal (Tests/Browser/a11y_walk.py): axe-core
/// (the `axe.min.js` of the PyPI wheel axe-playwright-python, which `make test-deps`
/// installs under .build/axe) finds no serious or critical violation; the registration
/// and user management are done with the keyboard alone, the focus visible at every
/// stop; each screen works at 320 px (screenshot checked); errors are tied to their
/// fields; no raw key, empty label or word of another language.
/// Screenshots land in `<temp>/shots` (CONNECT_KEEP_TEMP=1 keeps them).
final class PortalAccessibilityTests: XCTestCase {
    /// axe.min.js where `make test-deps` or a pip install put it; nil when it is missing.
    static func axeScript() throws -> String? {
        let root = ProgramRun.repositoryRoot.path
        let (status, output) = try ProgramRun.run(
            PortalBrowserTests.python,
            [
                "-B", "-c",
                """
                import sys; sys.path.insert(0, sys.argv[1] + "/Tests/Browser")
                from checks import find_axe; print(find_axe(sys.argv[1]) or "")
                """, root,
            ])
        let path = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return status == 0 && !path.isEmpty ? path : nil
    }

    func testEveryScreenIsAccessibleAndSpeaksItsLanguage() throws {
        try PortalBrowserTests.requireBrowser()
        let axe = try Self.axeScript()
        if axe == nil, ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("axe.min.js missing in CI: make test-deps installs the wheel axe-playwright-python into .build/axe")
            return
        }
        let url = PortalProcess.freeLoopbackURL()
        let trio = try Trio.started(
            prefix: "pa", portalURL: url, extra: ["NOTIFIER_FUND_NAME": "Caisse de compensation Modèle"])
        defer { trio.remove() }
        let portal = try PortalProcess.forBrowser(
            // One person per address walks every screen four times: higher limits still.
            trio, url: url, requestsPerMinute: 5000,
            environment: [
                // The footer as a fund brands it (its words stay the fund's in every language).
                "PORTAL_FUND_NAME": "Caisse de compensation Modèle",
                "PORTAL_SUPPORT_LINE": "Cotisations · +41 31 390 23 25 · 7:30–16:00",
            ])
        defer { portal.stop() }

        try trio[ServiceName.admin].client(timeout: 20).inviteModeleSAByLetter()

        let shots = trio.dir.file("shots")
        var arguments = ["--url", url, "--outbox", trio.outbox, "--shots", shots]
        if let axe { arguments += ["--axe", axe] }
        let started = monotonicSeconds()
        let (status, output) = try BrowserScript.run("a11y_walk.py", arguments)
        print("accessibility walk: \(String(format: "%.1f", monotonicSeconds() - started)) s, screenshots in \(shots)")
        XCTAssertEqual(
            status, 0, "the accessibility walk failed:\n\(output)\n--- portal log:\n\(portal.log().suffix(4000))")
        XCTAssertTrue(output.contains("every language its own"), output)
        XCTAssertTrue(portal.isRunning, "the portal survived the walk\n\(portal.log().suffix(2000))")
        if axe == nil {
            throw XCTSkip("the walk passed without axe-core: axe.min.js not found (make test-deps installs it)")
        }
    }
}
