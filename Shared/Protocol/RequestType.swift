import FoundationEssentials

/// Finds the top-level `"type"` of a request line without decoding it, so the
/// router can pick the route and then decode header and body in ONE pass.
///
/// A byte scan of the outer object: strings are skipped with their escapes, nested
/// values by depth, so a `"type"` key inside the body never matches. Anything it is
/// not sure of (an escaped key or value, a duplicate `type`) is `.unsure`, and the
/// caller falls back to a full decode; the decoded envelope's type is then checked
/// against the routed one anyway.
package enum RequestType: Equatable {
    case found(String)
    case absent
    case unsure
    case notAnObject

    package static func scan(_ line: Data) -> RequestType {
        line.withUnsafeBytes { raw in scan(raw.bindMemory(to: UInt8.self)) }
    }

    private static func scan(_ b: UnsafeBufferPointer<UInt8>) -> RequestType {
        var i = 0
        let n = b.count
        func skipSpace() { while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }
        /// Skips a string starting at its opening quote; returns its raw bytes' range
        /// and whether it held an escape, or nil if it never closes.
        func skipString() -> (Range<Int>, Bool)? {
            let start = i + 1
            var escaped = false
            i += 1
            while i < n {
                switch b[i] {
                case 0x5C:
                    escaped = true
                    i += 2
                case 0x22:
                    i += 1
                    return (start..<(i - 1), escaped)
                default: i += 1
                }
            }
            return nil
        }
        /// Skips any value (nested ones by depth); false if the line ends first.
        func skipValue() -> Bool {
            if i < n, b[i] == 0x22 { return skipString() != nil }
            var depth = 0
            while i < n {
                switch b[i] {
                case 0x22:
                    if skipString() == nil { return false }
                    continue
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D:
                    if depth == 0 { return true }
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return true
                    }
                case 0x2C: if depth == 0 { return true }
                default: break
                }
                i += 1
            }
            return depth == 0
        }
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 } // a UTF-8 byte order mark, as JSONDecoder allows
        skipSpace()
        guard i < n, b[i] == 0x7B else { return .notAnObject }
        i += 1
        var found: String?
        var unsure = false
        while true {
            skipSpace()
            guard i < n else { return .unsure }
            if b[i] == 0x7D { break }
            guard b[i] == 0x22, let (key, keyEscaped) = skipString() else { return .unsure }
            skipSpace()
            guard i < n, b[i] == 0x3A else { return .unsure }
            i += 1
            skipSpace()
            let isType =
                !keyEscaped && key.count == 4 && b[key.lowerBound] == 0x74 && b[key.lowerBound + 1] == 0x79
                && b[key.lowerBound + 2] == 0x70 && b[key.lowerBound + 3] == 0x65 // "type"
            if keyEscaped { unsure = true }
            if isType {
                guard found == nil, i < n, b[i] == 0x22, let (value, valueEscaped) = skipString(), !valueEscaped else {
                    unsure = true
                    if !skipValue() { return .unsure }
                    continue
                }
                found = String(decoding: UnsafeBufferPointer(rebasing: b[value]), as: UTF8.self)
            } else if !skipValue() {
                return .unsure
            }
            skipSpace()
            if i < n, b[i] == 0x2C {
                i += 1
                continue
            }
            if i < n, b[i] == 0x7D { break }
            return .unsure
        }
        if unsure { return .unsure }
        return found.map { .found($0) } ?? .absent
    }
}
