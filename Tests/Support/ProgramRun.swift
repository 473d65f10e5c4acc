import Foundation

/// Runs a program to its end and returns its exit status and everything it
/// printed (stdout and stderr together): real parsers (pdftotext, unzip, python)
/// and the repository's scripts.
public enum ProgramRun {
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    public static func run(
        _ executable: String, _ arguments: [String],
        environment extra: [String: String] = [:]
    ) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// One of `scripts/` against this build's executables, as `make demo` runs it.
    public static func script(_ path: String, environment: [String: String] = [:]) throws -> (
        status: Int32, output: String
    ) {
        try run(
            "/bin/bash", [repositoryRoot.appendingPathComponent(path).path, ServiceProcess.binDirectory],
            environment: environment)
    }
}

extension Process {
    /// SIGTERM if it still runs, then its exit waited for (a test's helper process, at the end).
    public func terminateAndWait() {
        guard isRunning else { return }
        terminate()
        waitUntilExit()
    }
}
