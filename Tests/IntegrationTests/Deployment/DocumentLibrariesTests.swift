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
            let path = ServiceProcess.binDirectory + "/" + program
            let (status, output) = try ProgramRun.run("/usr/bin/ldd", [path])
            // The image builds identity and admin as static executables (make test-image): nothing for
            // ldd to list, so the test looks for the libraries' own symbols in the file instead.
            if status != 0, output.contains("not a dynamic executable"), program != "connect-documents" {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                let symbols = ["cairo_create", "pango_layout_new", "workbook_new", "QRcode_encodeString"]
                let found = symbols.filter { bytes.range(of: Data($0.utf8)) != nil }
                // Every service links SQLite: without its symbols the file is stripped and says nothing.
                XCTAssertNotNil(bytes.range(of: Data("sqlite3_open_v2".utf8)), "\(program) is stripped")
                XCTAssertEqual(found, [], "\(program) (static) holds \(found)")
                continue
            }
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
