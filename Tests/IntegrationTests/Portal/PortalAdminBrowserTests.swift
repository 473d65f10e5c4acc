import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The admin screens of issue 15 in a real browser (Tests/Browser/admin_screens.py,
/// headless Chromium through Selenium) against the real trio and portal: tasks and
/// "send again" reaching the notifier's outbox, the fund's news per language, a
/// delegation granted, seen by the delegate with only its theme, and revoked, the
/// audit trail paged, filtered and exported. The people and 55 changes (two pages
/// of audit) are set up over the sockets first; screenshots land in `<temp>/shots`.
final class PortalAdminBrowserTests: XCTestCase {
    func testTheAdminScreensInChromium() throws {
        try PortalBrowserTests.requireBrowser()
        let url = PortalProcess.freeLoopbackURL()
        let trio = try Trio.started(prefix: "pab", portalURL: url)
        defer { trio.remove() }
        let flows = Flows(trio)
        let password = "Velo-Rouge-2026"
        let (_, session) = try flows.employerWithAdmin(
            number: "1283.220", name: "Modèle SA", email: "gilbert@modelesa.ch",
            phone: "+41791112233", password: password)
        _ = try flows.employerWithAdmin(
            number: "2000.100", name: "Treuhand AG", email: "fritz@treuhand.ch",
            phone: "+41792223344", password: password)
        let claudine = try flows.createUser(
            session: session, employer: "1283.220", email: "claudine@modelesa.ch",
            firstName: "Claudine", lastName: "Muster", phone: nil)
        _ = try flows.admin.call(
            UsersCreate.self,
            .init(
                employer: "1283.220", email: "paul@modelesa.ch", firstName: "Paul",
                lastName: "Porte", language: .fr, phone: "+41793334455"), session: session)
        for i in 0..<55 {
            _ = try flows.admin.call(
                UsersUpdate.self, .init(employer: "1283.220", userId: claudine, firstName: "Claudine\(i)"),
                session: session)
        }
        _ = try flows.admin.call(
            UsersUpdate.self, .init(employer: "1283.220", userId: claudine, firstName: "Claudine"), session: session)

        let news = trio.dir.file("news")
        try FileManager.default.createDirectory(atPath: news, withIntermediateDirectories: true)
        try
            "# Fermeture de fin d'année\nLa caisse est fermée du 24 décembre au 2 janvier.\n\nÀ noter : <script>alert(1)</script>\n"
            .write(toFile: news + "/news.fr.md", atomically: true, encoding: .utf8)
        try "# Jahresende\nDie Kasse ist vom 24. Dezember bis 2. Januar geschlossen.\n"
            .write(toFile: news + "/news.de.md", atomically: true, encoding: .utf8)
        let portal = try PortalProcess.forBrowser(trio, url: url, environment: ["PORTAL_NEWS_DIR": news])
        defer { portal.stop() }

        var zurich = Calendar(identifier: .gregorian)
        zurich.timeZone = TimeZone(identifier: "Europe/Zurich")!
        let end = zurich.dateComponents([.year, .month, .day], from: Date() + 30 * 86400)
        let shots = trio.dir.file("shots")
        let downloads = trio.dir.file("downloads")
        let (status, output) = try BrowserScript.run(
            "admin_screens.py",
            [
                "--url", url, "--outbox", trio.outbox, "--shots", shots, "--downloads", downloads,
                "--end-date", String(format: "%04d-%02d-%02d", end.year!, end.month!, end.day!),
                "--end-shown", String(format: "%02d.%02d.%04d", end.day!, end.month!, end.year!),
            ])
        XCTAssertEqual(status, 0, "the admin screens failed:\n\(output)\n--- portal log:\n\(portal.log().suffix(4000))")
        XCTAssertTrue(output.contains("every step did what it should"), output)
        XCTAssertTrue(portal.isRunning, "the portal survived\n\(portal.log().suffix(2000))")
    }
}
