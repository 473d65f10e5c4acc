import Foundation
import TestSupport
import XCTest

/// The rest of the seed's menu, end to end, through the real executables and
/// connectctl (scripts/menu-story.sh): profile, step-up, mandants, delegation,
/// logout everywhere.
final class MenuStoryTests: XCTestCase {
    func testTheMenuPlaysThroughConnectctl() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [root.appendingPathComponent("scripts/menu-story.sh").path, ServiceProcess.binDirectory]
        var env = ProcessInfo.processInfo.environment
        env["IDENTITY_ARGON2_MEMORY_KIB"] = "8192" // the flows, not the hash, are under test here
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("every step did what it should"), text)
        for step in ["Profil d'utilisateur", "Step-up", "Paramètres de délégation", "Gestion des mandants",
                     "loses Modèle SA at once", "Déconnecter everywhere", "connectctl: reauth_required"] {
            XCTAssertTrue(text.contains(step), "missing step: \(step)")
        }
    }
}
