import Foundation

/// Case- and accent-insensitive matching ("modele" finds "Modèle"): both the
/// stored search column and the typed text go through the same fold, so SQLite
/// only compares plain lower-case strings (and can sort on them too).
public enum SearchFolding {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
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
}
