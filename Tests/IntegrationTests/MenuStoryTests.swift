import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The rest of the seed's menu, end to end, through the real executables and
/// connectctl (scripts/menu-story.sh): profile, step-up, mandants, delegation,
/// logout everywhere.
final class MenuStoryTests: XCTestCase {
    func testTheMenuPlaysThroughConnectctl() throws {
        // The flows, not the hash, are under test here.
        let (status, text) = try ProgramRun.script(
            "scripts/menu-story.sh", environment: ["IDENTITY_ARGON2_MEMORY_KIB": "8192"])
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("every step did what it should"), text)
        for step in [
            "Profil d'utilisateur", "Step-up", "Paramètres de délégation", "Gestion des mandants",
            "loses Modèle SA at once", "Consent: Gilbert adds Fritz", "Déconnecter everywhere",
            "connectctl: reauth_required",
        ] {
            XCTAssertTrue(text.contains(step), "missing step: \(step)")
        }
    }
}
