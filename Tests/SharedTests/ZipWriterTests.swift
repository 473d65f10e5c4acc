import Foundation
import XCTest
import TestSupport
@testable import Shared

final class ZipWriterTests: XCTestCase {
    func testCRC32KnownVectors() {
        XCTAssertEqual(CRC32.checksum(Data("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum(Data()), 0)
        XCTAssertEqual(CRC32.checksum(Data("The quick brown fox jumps over the lazy dog".utf8)), 0x414F_A339)
        XCTAssertEqual(CRC32.checksum(Data("a".utf8)), 0xE8B7_BE43)
    }

    func testDosDateAndTime() {
        // 2026-11-27 09:15:42 UTC
        let stamp = ZipWriter.dosDateTime(Date(timeIntervalSince1970: 1_795_770_942))
        XCTAssertEqual(stamp.date, UInt16((2026 - 1980) << 9 | 11 << 5 | 27))
        XCTAssertEqual(stamp.time, UInt16(9 << 11 | 15 << 5 | 21))
        XCTAssertEqual(ZipWriter.dosDateTime(Date(timeIntervalSince1970: 0)).date, UInt16(1 << 5 | 1), "clamped to 1980")
    }

    func testUnzipExtractsWhatWasStored() throws {
        let directory = TempDirectory("zip")
        defer { directory.remove() }
        var zip = ZipWriter()
        let binary = Data((0..<1000).map { UInt8($0 % 256) })
        zip.add(path: "a.txt", data: Data("bonjour\n".utf8))
        zip.add(path: "dossier/données.bin", data: binary)
        zip.add(path: "empty", data: Data())
        let path = directory.file("test.zip")
        try zip.finish().write(to: URL(fileURLWithPath: path))

        let test = try DocumentTools.run("/usr/bin/unzip", ["-t", path])
        XCTAssertEqual(test.status, 0, test.stdout + test.stderr)
        XCTAssertTrue(test.stdout.contains("No errors detected in compressed data"), test.stdout)
        XCTAssertEqual(try DocumentTools.run("/usr/bin/unzip", ["-p", path, "a.txt"]).stdout, "bonjour\n")
        let out = directory.file("out")
        let extract = try DocumentTools.run("/usr/bin/unzip", ["-q", path, "-d", out])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        let listing = try DocumentTools.run("/usr/bin/find", [out]).stdout
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out + "/dossier/données.bin")), binary, listing)
    }

    func testCorruptionIsDetected() throws {
        let directory = TempDirectory("zipbad")
        defer { directory.remove() }
        var zip = ZipWriter()
        zip.add(path: "a.txt", data: Data("bonjour\n".utf8))
        var bytes = [UInt8](zip.finish())
        bytes[30 + 5] ^= 0xFF   // first data byte after the 30-byte header and "a.txt"
        let path = directory.file("bad.zip")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertNotEqual(try DocumentTools.run("/usr/bin/unzip", ["-t", path]).status, 0, "unzip checks our CRC")
    }
}
