import Glibc

/// A file path's directory and last name, as `NSString`'s `deletingLastPathComponent`
/// and `lastPathComponent` split it for the paths we build (no trailing slash).
public struct PathParts: Sendable {
    /// "" for a bare name.
    public let directory: String
    public let name: String

    public init(_ path: String) {
        guard let slash = path.lastIndex(of: "/") else {
            directory = ""
            name = path
            return
        }
        directory = slash == path.startIndex ? "/" : String(path[..<slash])
        name = String(path[path.index(after: slash)...])
    }
}

/// Where the running program's files are: its own directory (from /proc/self/exe;
/// also right for the test runner, which sits in the same build directory).
public enum ProgramFiles {
    public static var directory: String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let exe = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return PathParts(exe).directory
    }

    /// `path` with its symbolic links resolved (realpath), or as it is when that fails.
    public static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
