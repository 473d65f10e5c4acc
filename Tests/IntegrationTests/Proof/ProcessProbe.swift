import Foundation

/// What the tests read about a running service process from /proc.
enum ProcessProbe {
    /// Resident set size in KiB (`VmRSS` of /proc/PID/status), nil if unreadable.
    static func residentKiB(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        return nil
    }

    /// Anonymous resident memory in KiB (`RssAnon`: heap and stacks, not file pages or SQLite's mmap).
    static func anonymousKiB(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("RssAnon:") {
            return line.split(separator: " ").compactMap { Int($0) }.first
        }
        return nil
    }

    /// Number of threads (`Threads:`), nil if unreadable.
    static func threads(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Threads:") {
            return line.split(separator: "\t").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.first
        }
        return nil
    }

    /// Raises this process's soft limit of open files to `wanted` (capped at the
    /// hard limit); child services inherit it. Returns the soft limit now in force.
    @discardableResult
    static func raiseOpenFiles(to wanted: UInt) -> UInt {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
            setrlimit(resource, &limit)
            getrlimit(resource, &limit)
        }
        return UInt(limit.rlim_cur)
    }
}
