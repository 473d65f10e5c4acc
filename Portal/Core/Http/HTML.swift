/// HTML text in which every interpolated `String` is escaped where it is written;
/// only another `HTML` value goes in as it is. Pages are built from these, so a
/// name like `<img src=x onerror=alert(1)>` can only ever show as text.
public struct HTML: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    public private(set) var text: String

    public init(stringLiteral value: String) { text = value }
    public init(raw: String) { text = raw }
    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }
    public static let empty = HTML(raw: "")

    public var description: String { text }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        public mutating func appendInterpolation(_ value: Int) { text += String(value) }
        public mutating func appendInterpolation(_ value: HTML) { text += value.text }
        public mutating func appendInterpolation(_ values: [HTML]) { for v in values { text += v.text } }
    }

    /// Escapes for text and for double- or single-quoted attribute values, and
    /// closes any bidi embedding, override or isolate the value left open, so a
    /// name with U+202E cannot reverse the text written after it.
    public static func escape(_ s: String) -> String {
        // Fast path: most values have nothing to escape (no markup byte, no bidi control, whose UTF-8 starts with 0xE2).
        if !s.utf8.contains(where: {
            $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0 || $0 == 0xE2
        }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var embeddings = 0
        var isolates = 0
        for c in s.unicodeScalars {
            switch c.value {
            case 0x202C: embeddings = max(0, embeddings - 1)
            case 0x202A...0x202E: embeddings += 1
            case 0x2069: isolates = max(0, isolates - 1)
            case 0x2066...0x2068: isolates += 1
            default: break
            }
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        // PDF closes embeddings and overrides, PDI isolates (innermost first is not
        // needed: a PDI also closes embeddings opened inside its isolate).
        out += String(repeating: "\u{202C}", count: embeddings) + String(repeating: "\u{2069}", count: isolates)
        return out
    }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(raw: a.text + b.text) }
    public static func join(_ parts: [HTML]) -> HTML { HTML(raw: parts.map(\.text).joined()) }
}
