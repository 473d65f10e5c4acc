/// What `trimmed(_:)` takes off both ends: the sets of Foundation's `CharacterSet` of
/// the same names (the Unicode White_Space property, and U+200B ZERO WIDTH SPACE, which
/// Foundation counts as a space too).
public enum Blank: Sendable {
    /// Spaces and tabs: White_Space without the line breaks.
    case spaces
    /// Line breaks only.
    case newlines
    /// Both.
    case spacesAndNewlines

    func contains(_ s: Unicode.Scalar) -> Bool {
        let isNewline: Bool
        switch s.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: isNewline = true
        default: isNewline = false
        }
        switch self {
        case .spaces: return (s.properties.isWhitespace && !isNewline) || s == "\u{200B}"
        case .newlines: return isNewline
        case .spacesAndNewlines: return s.properties.isWhitespace || s == "\u{200B}"
        }
    }
}

extension StringProtocol {
    /// The string without `blank` at either end.
    public func trimmed(_ blank: Blank) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !blank.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !blank.contains($0) })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
