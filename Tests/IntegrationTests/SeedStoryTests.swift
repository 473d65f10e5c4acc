import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The seed's whole story, end to end, through the real executables and connectctl:
/// the same script `make demo` runs (scripts/demo.sh), against this build.
final class SeedStoryTests: XCTestCase {
    func testTheSeedStoryPlaysThroughConnectctl() throws {
        // The story, not the hash, is under test here.
        let (status, text) = try ProgramRun.script(
            "scripts/demo.sh", environment: ["IDENTITY_ARGON2_MEMORY_KIB": "8192"])
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("every step did what the seed says"), text)
        for step in [
            "Gilbert registers", "creates Lea, variant 1", "creates Claudine, variant 2",
            "her session stops working", "exported to PDF and Excel",
        ] {
            XCTAssertTrue(text.contains(step), "missing step: \(step)")
        }
        // Deactivation ends every session of hers: her token is unknown from then on
        // (identity looks the session up before the account's state).
        XCTAssertTrue(text.contains("connectctl: unauthenticated"), "Lea's refused request shows the service's error")
        XCTAssertFalse(text.contains("connectctl: account_disabled"), "her session was ended, not merely refused")
    }
}
