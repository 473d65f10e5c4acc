/// Text as the documents print it: what a person typed, minus the characters that
/// could only do harm on paper or in a cell (C0 and C1 controls, the bidi embedding,
/// override and isolate controls that would flip the rest of a line, U+FFFE/U+FFFF).
/// Tabs become spaces; line feeds (and CR, CRLF) stay one line feed. Marks such as
/// U+200E/U+200F and joiners stay: they change nothing around them.
public enum DocumentText {
    public static func clean(_ text: String, limit: Int? = nil) -> String {
        if limit == nil && isClean(text) { return text }
        var scalars = String.UnicodeScalarView()
        var units = 0
        var previousCR = false
        for var scalar in text.unicodeScalars {
            if scalar == "\r" {
                previousCR = true
                scalar = "\n"
            } else if scalar == "\n" && previousCR {
                previousCR = false
                continue
            } else {
                previousCR = false
            }
            if scalar == "\t" { scalar = " " }
            guard keeps(scalar) else { continue }
            let width = scalar.utf16.count
            if let limit, units + width > limit { break }
            units += width
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// True when `clean` would change nothing: checked on the UTF-8 bytes, without copying.
    static func isClean(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A: break
            case 0x00..<0x20, 0x7F: return false
            case 0x80...0x9F where previous == 0xC2: return false // C1 controls
            case 0xAA...0xAE where previous == 0x80 && beforePrevious == 0xE2: return false // U+202A–202E
            case 0xA6...0xA9 where previous == 0x81 && beforePrevious == 0xE2: return false // U+2066–2069
            case 0xBE...0xBF where previous == 0xBF && beforePrevious == 0xEF: return false // U+FFFE, U+FFFF
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return true
    }

    static func keeps(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A: return true
        case 0x00..<0x20, 0x7F..<0xA0: return false
        case 0x202A...0x202E, 0x2066...0x2069: return false
        case 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}

public struct DocumentError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
