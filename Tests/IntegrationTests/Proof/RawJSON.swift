import Foundation

/// JSON written byte by byte, so a test can put on the wire what an encoder never
/// would: numbers of any size, invalid UTF-8 in strings, duplicate keys.
indirect enum RawJSON {
    case null
    case bool(Bool)
    /// The number's text as sent ("1e999", "-0", 30 digits…).
    case number(String)
    /// A string's raw content bytes; quotes, backslashes and control bytes are escaped,
    /// everything else (including invalid UTF-8) goes out as is.
    case string([UInt8])
    case array([RawJSON])
    case object([(String, RawJSON)])

    static func str(_ s: String) -> RawJSON { .string(Array(s.utf8)) }
    static func int(_ i: Int) -> RawJSON { .number(String(i)) }

    var bytes: [UInt8] {
        var out = [UInt8]()
        write(&out)
        return out
    }

    func write(_ out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let n): out += Array(n.utf8)
        case .string(let s): Self.writeString(s, &out)
        case .array(let items):
            out.append(0x5B)
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                v.write(&out)
            }
            out.append(0x5D)
        case .object(let fields):
            out.append(0x7B)
            for (i, (k, v)) in fields.enumerated() {
                if i > 0 { out.append(0x2C) }
                Self.writeString(Array(k.utf8), &out)
                out.append(0x3A)
                v.write(&out)
            }
            out.append(0x7D)
        }
    }

    static func writeString(_ s: [UInt8], _ out: inout [UInt8]) {
        out.append(0x22)
        for b in s {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// The keys of an object (empty for anything else).
    var keys: [String] {
        if case .object(let f) = self { return f.map(\.0) }
        return []
    }

    func replacing(_ key: String, with value: RawJSON?) -> RawJSON {
        guard case .object(var f) = self else { return self }
        if let i = f.firstIndex(where: { $0.0 == key }) {
            if let value { f[i].1 = value } else { f.remove(at: i) }
        } else if let value {
            f.append((key, value))
        }
        return .object(f)
    }
}
