import Client
import Contracts
import Foundation
import Runtime
import TestSupport

/// `admin.users.export` of an employer with 5,000 users, PDF and XLSX: the time of
/// the whole request (query, document, base64, socket), the document's size, and how
/// far admin's resident memory rises above its level before the export (peak RSS,
/// VmHWM, reset through /proc/PID/clear_refs before each run).
enum ExportBench {
    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        let users = 5_000
        _ = try SearchBench.seed(cluster, employers: 1, users: users, big: users)
        let identity = SearchBench.fakeIdentity(cluster)
        defer { identity.stop() }
        let runs = quick ? 2 : 5
        var rows: [[String]] = []
        for format in ["pdf", "xlsx"] {
            // A fresh admin per format; its first export (the warm-up) counts for memory:
            // later ones reuse the heap it left.
            cluster.running.removeValue(forKey: "admin")?.stop()
            let admin = try cluster.start("admin")
            let pid = admin.process?.processIdentifier ?? 0
            let c = admin.client(timeout: 120)
            var before = Memory.resetPeak(pid)
            _ = try export(c, format)
            var growth = Samples()
            growth.add(Double(Memory.field("VmHWM:", pid) - before) / 1024)
            var s = Samples()
            var cpu = Samples()
            var size = 0
            for _ in 0..<runs {
                before = Memory.resetPeak(pid)
                let cpu0 = Memory.cpuSeconds(pid)
                let t0 = monotonicSeconds()
                size = try export(c, format)
                s.add(monotonicSeconds() - t0)
                cpu.add(Memory.cpuSeconds(pid) - cpu0)
                growth.add(Double(Memory.field("VmHWM:", pid) - before) / 1024)
            }
            let rss = growth.values.max() ?? .nan
            rows.append([
                format.uppercased(), "\(users)", millis(s.p50), millis(s.values.max() ?? .nan), millis(cpu.p50),
                String(format: "%.0f KiB", Double(size) / 1024), String(format: "%.1f MiB", rss),
            ])
            let timeGoal = format == "pdf" ? 1.0 : 0.3
            report.goal(
                "export of \(users) users, \(format.uppercased()), median", "≤ \(millis(timeGoal))",
                millis(s.p50), met: s.p50 <= timeGoal)
            report.goal(
                "admin RSS growth during a \(format.uppercased()) export", "≤ 50 MiB",
                String(format: "%.1f MiB", rss), met: rss <= 50)
        }
        report.section(
            "exports of 5,000 users",
            "`admin.users.export` of an employer with \(users) users (incl. deactivated), median and slowest of \(runs) runs; session check included (identity stand-in). RSS growth: admin's peak resident memory during the run (VmHWM, reset before each run) minus its resident memory just before, largest of the runs (the first export of a freshly started admin included). Admin CPU: its user + system time during the run (median), steadier than the wall time on a shared machine.",
            ["format", "users", "median", "slowest", "admin CPU", "document size", "RSS growth"], rows)
    }

    static func export(_ c: ServiceClient, _ format: String) throws -> Int {
        let r = try c.call(
            UsersExport.self,
            .init(employer: "1000.000", format: ExportFormat(rawValue: format)!, includeDisabled: true),
            session: "bench-session")
        return (Data(base64Encoded: r.contentBase64)?.count) ?? 0
    }
}

/// A process's memory from /proc/PID/status, in KiB.
enum Memory {
    static func field(_ key: String, _ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix(key) }?
            .split(separator: " ").compactMap { Int($0) }.first ?? 0
    }

    /// User + system CPU time of the process so far (/proc/PID/stat, clock ticks of 1/100 s).
    static func cpuSeconds(_ pid: Int32) -> Double {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // Fields after the command name (which may hold spaces) start at state, field 3.
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resets the peak (VmHWM) to the current RSS (writing 5 to clear_refs) and returns that RSS.
    static func resetPeak(_ pid: Int32) -> Int {
        try? "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
        return field("VmRSS:", pid)
    }
}
