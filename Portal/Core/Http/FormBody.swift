import Foundation

/// An `application/x-www-form-urlencoded` body (or query string) parsed here,
/// strictly: bad percent escapes or bad UTF-8 refuse the whole body, a field
/// may repeat (checkboxes) but a single-valued field read twice is refused.
public struct FormBody: Sendable {
    public enum Failure: Error, Equatable {
        case badEncoding
        case repeated(String)
        case tooManyFields
    }
    public private(set) var pairs: [(String, String)] = []

    public static let maxFields = 500

    public init(pairs: [(String, String)]) { self.pairs = pairs }

    public init(parsing bytes: [UInt8]) throws {
        var fields: [(String, String)] = []
        var start = 0
        var i = 0
        func take(_ end: Int) throws {
            if end > start {
                let part = bytes[start..<end]
                let eq = part.firstIndex(of: UInt8(ascii: "=")) ?? end
                let key = try Self.decode(bytes[start..<eq])
                let value = eq < end ? try Self.decode(bytes[(eq + 1)..<end]) : ""
                fields.append((key, value))
                if fields.count > Self.maxFields { throw Failure.tooManyFields }
            }
            start = end + 1
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "&") { try take(i) }
            i += 1
        }
        try take(bytes.count)
        pairs = fields
    }

    /// `+` is a space, `%XX` a byte; the bytes must be UTF-8 without NUL.
    static func decode(_ raw: ArraySlice<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let b = raw[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < raw.endIndex, let h = hex(raw[i + 1]), let l = hex(raw[i + 2]) else {
                    throw Failure.badEncoding
                }
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        guard !out.contains(0), let s = String(validating: out, as: UTF8.self) else { throw Failure.badEncoding }
        return s
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The one value of a field (nil when absent); a field sent twice is refused.
    public func value(_ name: String) throws -> String? {
        let all = values(name)
        if all.count > 1 { throw Failure.repeated(name) }
        return all.first
    }

    /// The value, trimmed, "" when absent.
    public func string(_ name: String) throws -> String {
        (try value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func values(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }
    public func has(_ name: String) -> Bool { pairs.contains { $0.0 == name } }
}
