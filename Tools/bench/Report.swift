import Foundation

/// The markdown written to docs/benchmarks.md: the machine, the command, and one
/// section per benchmark, every figure from this one run.
struct Report {
    var sections: [String] = []
    /// One row per numeric goal of the issues: what, goal, measured, met.
    var goals: [[String]] = []

    mutating func goal(_ what: String, _ target: String, _ measured: String, met: Bool) {
        goals.append([what, target, measured, met ? "yes" : "**no**"])
    }

    mutating func section(_ title: String, _ note: String, _ header: [String], _ rows: [[String]]) {
        var s = "## \(title)\n\n\(note)\n\n| " + header.joined(separator: " | ") + " |\n|"
        s += header.map { _ in "---" }.joined(separator: "|") + "|\n"
        for r in rows { s += "| " + r.joined(separator: " | ") + " |\n" }
        sections.append(s)
        print(s)
    }

    func markdown(command: String) -> String {
        """
        # connect — benchmarks

        Written by `make bench` (`\(command)`); every figure below comes from the same run, on the
        machine described here. These machines are shared and noisy: compare ratios within one run,
        not absolute figures across runs.

        - Date: \(Date().rfc3339Bench)
        - Machine: \(Machine.describe())
        - Build: release (`swift build -c release`), services started as real processes on temp directories,
          log level `warning` (request logging off; it costs one write per request).

        \(goalsTable)
        \(sections.joined(separator: "\n"))
        """
    }
}

extension Report {
    var goalsTable: String {
        guard !goals.isEmpty else { return "" }
        return "## Goals at a glance\n\n| measure | goal | measured | met |\n|---|---|---|---|\n"
            + goals.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
    }
}

enum Machine {
    static func describe() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let mem =
            (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first?.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        var u = utsname()
        uname(&u)
        let kernel = withUnsafeBytes(of: &u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return
            "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(String(format: "%.0f", mem / 1_048_576)) GiB, Linux \(kernel)"
    }
}

extension Date {
    var rfc3339Bench: String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: self)
    }
}
