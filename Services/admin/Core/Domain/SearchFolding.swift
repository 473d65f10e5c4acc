// The standard library's own Unicode tables (NFD, NFC, case folding), published to
// Foundation as SPI: what `folding(options:locale:)` does, without linking all of Foundation.
@_spi(_Unicode) import Swift

/// Case- and accent-insensitive matching ("modele" finds "Modèle"): both the
/// stored search column and the typed text go through the same fold, so SQLite
/// only compares plain lower-case strings (and can sort on them too). The stored
/// key also carries the text with the punctuation inside words dropped, so
/// "damato" finds d'Amato and "mullerludenscheidt" Müller-Lüdenscheidt, while
/// "d'amato", "@modelesa.ch" or a lone "%" still match the text as written.
public enum SearchFolding {
    /// What a search column stores: the fold, then (when it differs) the fold with
    /// the punctuation between letters or digits dropped: "d'amato damato".
    /// An employer's stored key: found by its number or its name.
    public static func employerKey(number: String, name: String) -> String { key("\(number) \(name)") }

    public static func key(_ text: String) -> String {
        let folded = fold(text)
        let joined = joiningWords(folded)
        return joined == folded ? folded : folded + " " + joined
    }

    /// A run of punctuation (Unicode P*: apostrophes, hyphens, dots, @, …) with a letter
    /// or digit on both sides is dropped; punctuation elsewhere stays.
    static func joiningWords(_ folded: String) -> String {
        let characters = Array(folded)
        func isWordCharacter(_ i: Int) -> Bool {
            i >= 0 && i < characters.count && (characters[i].isLetter || characters[i].isNumber)
        }
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var i = 0
        while i < characters.count {
            guard characters[i].isPunctuation else {
                out.append(characters[i])
                i += 1
                continue
            }
            var end = i
            while end < characters.count && characters[end].isPunctuation { end += 1 }
            if !(isWordCharacter(i - 1) && isWordCharacter(end)) { out += String(characters[i..<end]) }
            i = end
        }
        return out
    }

    public static func fold(_ text: String) -> String {
        let folded = caseAndAccentFolded(text)
        // Letters the fold keeps whole but people type without the accent.
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        for ch in folded {
            switch ch {
            case "ß": out += "ss"
            case "æ": out += "ae"
            case "œ": out += "oe"
            case "ø": out += "o"
            case "ł": out += "l"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The longest search text (`admin.users.search`, `admin.mandants.search`): 200
    /// characters and 800 bytes (bytes first: counting characters of a huge text is
    /// itself the cost to avoid).
    public static let textMaxLength = 200
    public static let textMaxBytes = 800

    public static func acceptable(_ text: String?) -> Bool {
        guard let text else { return true }
        return text.utf8.count <= textMaxBytes && text.count <= textMaxLength
    }

    /// The words of a search text, folded; every word must occur (AND).
    public static func words(_ text: String?) -> [String] {
        guard let text else { return [] }
        return fold(text).split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
    }

    /// Foundation's `folding(options: [.caseInsensitive, .diacriticInsensitive])`, then
    /// lower case: canonical decomposition, the combining diacritics (U+0300–U+036F) after
    /// a letter dropped, Unicode case folding, recomposed (NFC). It differs from
    /// Foundation only on a few scripts' rarities. Migration 21 folded the stored keys
    /// with it once; a later change to the fold needs a migration of its own.
    static func caseAndAccentFolded(_ text: String) -> String {
        var stripped = String.UnicodeScalarView()
        var afterBase = false
        for scalar in text._nfd {
            let isDiacritic = (0x300...0x36F).contains(scalar.value)
            if isDiacritic && afterBase { continue }
            afterBase = isDiacritic || scalar.value < 0x100 || scalar.properties.isAlphabetic
            stripped.append(scalar)
        }
        var caseFolded = ""
        for scalar in stripped { caseFolded += scalar.properties._caseFolded }
        var composed = String.UnicodeScalarView()
        for scalar in caseFolded.lowercased()._nfc { composed.append(scalar) }
        return String(composed)
    }
}
