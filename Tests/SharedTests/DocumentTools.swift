import Foundation
import XCTest

/// Runs the real external parsers the document tests check against (pdftotext, pdfinfo,
/// unzip, Debian's python3 with openpyxl). A missing tool FAILS the test with the package
/// to install: CI installs them, so a skip would hide a broken check.
enum DocumentTools {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            XCTFail("\(executable) is missing: install the test dependencies (make test-deps: "
                    + "poppler-utils, unzip, python3-openpyxl)", file: file, line: line)
            throw MissingTool(path: executable)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    struct MissingTool: Error { var path: String }

    /// `pdfinfo` output as key → value, keys with runs of spaces collapsed ("Page 2 size").
    static func fields(_ pdfinfo: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in pdfinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].split(separator: " ").joined(separator: " ")
            fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Fails clearly when Debian's python3 lacks openpyxl.
    static func requireOpenpyxl(file: StaticString = #filePath, line: UInt = #line) throws {
        let check = try run("/usr/bin/python3", ["-c", "import openpyxl"], file: file, line: line)
        if check.status != 0 {
            XCTFail("python3-openpyxl is missing for /usr/bin/python3: apt-get install python3-openpyxl",
                    file: file, line: line)
            throw MissingTool(path: "openpyxl")
        }
    }
}
