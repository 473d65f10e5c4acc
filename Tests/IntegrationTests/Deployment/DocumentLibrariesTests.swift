import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Only connect-documents, the helper notifier and admin start for each letter and
/// export, links the document libraries: no service (nor connectctl) links or maps
/// cairo, pango, libxlsxwriter or libqrencode (the Documents target) and their dozens of dependencies.
final class DocumentLibrariesTests: XCTestCase {
    func testOnlyTheDocumentHelperLinksTheDocumentLibraries() throws {
        let libraries = ["libcairo", "libpango", "libxlsxwriter", "libqrencode"]
        for program in ["identity", "notifier", "admin", "connectctl", "connect-documents"] {
            let (status, output) = try ProgramRun.run("/usr/bin/ldd", [ServiceProcess.binDirectory + "/" + program])
            XCTAssertEqual(status, 0, output)
            let linked = libraries.filter { output.contains($0) }
            if program == "connect-documents" {
                XCTAssertEqual(linked, libraries, "\(program): \(output)")
            } else {
                XCTAssertEqual(linked, [], "\(program) links \(linked)")
            }
        }
    }

    func testNoServiceMapsTheDocumentLibrariesWhileIdle() throws {
        let dir = TempDirectory("doclibs")
        defer { dir.remove() }
        for name in ["notifier", "admin", "identity"] {
            let service = ServiceProcess(
                name, runDir: dir.file("run"), dataDir: dir.file("\(name)-data"),
                environment: ["NOTIFIER_OUTBOX": "file:\(dir.file("outbox"))"])
            try service.start()
            defer { _ = service.stop() }
            let pid = try XCTUnwrap(service.process?.processIdentifier)
            let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
            for library in ["libcairo", "libpango", "libfontconfig", "libxlsxwriter", "libharfbuzz"] {
                XCTAssertFalse(maps.contains(library), "\(name) maps \(library)")
            }
        }
    }
}
