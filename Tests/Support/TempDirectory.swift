import Foundation

/// A fresh directory under /tmp, removed on `remove()`. Short paths on purpose:
/// Unix socket paths are limited to 107 bytes.
public final class TempDirectory: Sendable {
    public let path: String

    public init(_ prefix: String = "cx") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// `data` written to the file `name` in it: that file's path.
    public func write(_ data: Data, _ name: String) throws -> String {
        let path = file(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
