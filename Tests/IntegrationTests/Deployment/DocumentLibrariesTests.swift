import Foundation
import TestSupport
import XCTest

/// Only the programs that make documents map the document libraries: identity and
/// connectctl start without cairo, pango or libxlsxwriter (the Documents target).
final class DocumentLibrariesTests: XCTestCase {
    func testOnlyNotifierAndAdminLinkTheDocumentLibraries() throws {
        let libraries = ["libcairo", "libpango", "libxlsxwriter"]
        for program in ["identity", "notifier", "admin", "connectctl"] {
            let (status, output) = try ProgramRun.run("/usr/bin/ldd", [ServiceProcess.binDirectory + "/" + program])
            XCTAssertEqual(status, 0, output)
            let linked = libraries.filter { output.contains($0) }
            if program == "notifier" || program == "admin" {
                XCTAssertEqual(linked, libraries, "\(program): \(output)")
            } else {
                XCTAssertEqual(linked, [], "\(program) links \(linked)")
            }
            // The letter's QR code: the notifier alone encodes one.
            XCTAssertEqual(output.contains("libqrencode"), program == "notifier", "\(program) and libqrencode: \(output)")
        }
    }
}
