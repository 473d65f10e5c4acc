import Foundation

/// Measuring, wrapping and truncating text with the Helvetica metrics, so layouts made
/// with these functions match what the viewer draws.
extension PDFWriter {
    public static func width(of string: String, font: PDFFont, size: Double) -> Double {
        width(ofEncoded: WinAnsi.encode(string), font: font, size: size)
    }

    static func width(ofEncoded bytes: [UInt8], font: PDFFont, size: Double) -> Double {
        let units = bytes.reduce(0) { $0 + PDFFontMetrics.advance($1, font: font) }
        return Double(units) * size / 1000
    }

    /// Greedy word wrap into lines no wider than `width`. Explicit line breaks are kept
    /// (an empty line stays an empty line); a word wider than a line is broken between
    /// characters. Runs of spaces between words collapse to one.
    public static func wrap(_ string: String, width: Double, font: PDFFont, size: Double) -> [String] {
        var lines: [String] = []
        let paragraphs = string.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for paragraph in paragraphs {
            let words = paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var current = ""
            for word in words {
                let candidate = current.isEmpty ? word : current + " " + word
                if self.width(of: candidate, font: font, size: size) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = ""
                // The word alone does not fit: cut it into pieces that do.
                var pieces = breakWord(word, width: width, font: font, size: size)
                current = pieces.removeLast()
                lines += pieces
            }
            lines.append(current)
        }
        return lines
    }

    /// `string` unchanged when it fits, else its longest prefix that fits with "…" after
    /// it ("" when not even "…" fits).
    public static func truncate(_ string: String, width: Double, font: PDFFont, size: Double) -> String {
        if self.width(of: string, font: font, size: size) <= width { return string }
        let ellipsis = "…"
        let available = width - self.width(of: ellipsis, font: font, size: size)
        guard available >= 0 else { return "" }
        var prefix = ""
        var used = 0.0
        for character in string {
            let advance = self.width(of: String(character), font: font, size: size)
            if used + advance > available { break }
            prefix.append(character)
            used += advance
        }
        while prefix.last == " " { prefix.removeLast() }
        return prefix + ellipsis
    }

    /// Pieces of `word` each fitting `width` (at least one character per piece, so an
    /// impossibly narrow width still terminates). Never empty.
    private static func breakWord(_ word: String, width: Double, font: PDFFont, size: Double) -> [String] {
        var pieces: [String] = []
        var piece = ""
        var used = 0.0
        for character in word {
            let advance = self.width(of: String(character), font: font, size: size)
            if !piece.isEmpty && used + advance > width {
                pieces.append(piece)
                piece = ""
                used = 0
            }
            piece.append(character)
            used += advance
        }
        pieces.append(piece)
        return pieces
    }
}
