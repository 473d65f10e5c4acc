import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// `Profil d'utilisateur`, `Gestion des mandants` and `Paramètres connect` in
/// Debian's headless Chromium (Tests/Browser/profile_story.py) against the real
/// trio and two portal processes sharing the cookie key: a fiduciary switches
/// mandant from the header (and the other process carries on with it), names and
/// searches her mandants, changes language, password (then logs in with it),
/// phone and e-mail with the codes from the file outbox, sets the employer's
/// correspondence language, and logs out everywhere; every screen at 320 px in
/// fr and de. Screenshots land in `<temp>/shots` (CONNECT_KEEP_TEMP=1 keeps them).
final class ProfileBrowserTests: XCTestCase {
    func testProfileMandantsAndSettingsInChromium() throws {
        try PortalBrowserTests.requireBrowser()
        let url = PortalProcess.freeLoopbackURL()
        let trio = try Trio.started(prefix: "pf", portalURL: url)
        defer { trio.remove() }
        let portal = try PortalProcess.forBrowser(trio, url: url)
        defer { portal.stop() }
        // A replica: another process, another port, the same cookie key (cookies ignore the port).
        let url2 = PortalProcess.freeLoopbackURL()
        let replica = try PortalProcess.forBrowser(trio, url: url2, logName: "portal2.log")
        defer { replica.stop() }
        _ = try Flows(trio).fiduciary()

        let shots = trio.dir.file("shots")
        let downloads = trio.dir.file("downloads")
        let (status, output) = try BrowserScript.run(
            "profile_story.py",
            [
                "--url", url, "--url2", url2, "--outbox", trio.outbox,
                "--shots", shots, "--downloads", downloads,
            ])
        let screens = BrowserScript.screenshots(in: shots)
        XCTAssertEqual(status, 0, "the browser story failed:\n\(output)\n--- portal log:\n\(portal.log().suffix(4000))")
        XCTAssertTrue(output.contains("every step did what it should"), output)
        XCTAssertGreaterThanOrEqual(screens.count, 20, "a screenshot of every screen, 12 of them at 320 px")
        XCTAssertTrue(portal.isRunning, "the portal survived the story\n\(portal.log().suffix(2000))")
    }
}
