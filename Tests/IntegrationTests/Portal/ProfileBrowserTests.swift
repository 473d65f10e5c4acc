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
        let port = PortalProcess.freePort()
        let url = "http://127.0.0.1:\(port)"
        let trio = Trio(prefix: "pf", extra: ["CONNECT_PORTAL_URL": url])
        defer { trio.remove() }
        try trio.start()
        try trio.requireCompleteServices()
        let portal = try PortalProcess(
            runDir: trio.dir.file("run"), logPath: trio.dir.file("data/portal.log"),
            listen: "127.0.0.1:\(port)", publicURL: url,
            environment: [
                "PORTAL_COOKIE_KEY_FILE": trio.dir.file("data/portal-cookie.key"),
                "PORTAL_RATE_BURST": "1000", "PORTAL_RATE_PER_MINUTE": "1000",
            ])
        defer { portal.stop() }
        // A replica: another process, another port, the same cookie key (cookies ignore the port).
        let port2 = PortalProcess.freePort()
        let url2 = "http://127.0.0.1:\(port2)"
        let replica = try PortalProcess(
            runDir: trio.dir.file("run"), logPath: trio.dir.file("data/portal2.log"),
            listen: "127.0.0.1:\(port2)", publicURL: url2,
            environment: [
                "PORTAL_COOKIE_KEY_FILE": trio.dir.file("data/portal-cookie.key"),
                "PORTAL_RATE_BURST": "1000", "PORTAL_RATE_PER_MINUTE": "1000",
            ])
        defer { replica.stop() }
        _ = try Flows(trio).fiduciary()

        let shots = trio.dir.file("shots")
        let downloads = trio.dir.file("downloads")
        let script = ProgramRun.repositoryRoot.appendingPathComponent("Tests/Browser/profile_story.py").path
        let (status, output) = try ProgramRun.run(
            PortalBrowserTests.python,
            [
                "-B", script, "--url", url, "--url2", url2, "--outbox", trio.outbox,
                "--shots", shots, "--downloads", downloads,
            ])
        print(output)
        let screens =
            (try? FileManager.default.contentsOfDirectory(atPath: shots))?.filter { $0.hasSuffix(".png") } ?? []
        XCTAssertEqual(status, 0, "the browser story failed:\n\(output)\n--- portal log:\n\(portal.log().suffix(4000))")
        XCTAssertTrue(output.contains("every step did what it should"), output)
        XCTAssertGreaterThanOrEqual(screens.count, 20, "a screenshot of every screen, 12 of them at 320 px")
        XCTAssertTrue(portal.isRunning, "the portal survived the story\n\(portal.log().suffix(2000))")
    }
}
