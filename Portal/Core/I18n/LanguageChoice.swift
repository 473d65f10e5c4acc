import Wire

/// Which language a page speaks: the person's choice (profile or switch, kept in
/// the state cookie), else the browser's `Accept-Language` by q-value, else fr.
public enum LanguageChoice {
    public static func choose(chosen: Language?, acceptLanguage: String?) -> Language {
        if let chosen { return chosen }
        return fromAcceptLanguage(acceptLanguage) ?? .fr
    }

    public static func fromAcceptLanguage(_ header: String?) -> Language? {
        guard let header else { return nil }
        var best: (Language, Double)?
        for (index, item) in header.split(separator: ",").prefix(32).enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard q > 0, let lang = Language(rawValue: primary) else { continue }
            // Equal q: the earlier one wins (a tiny tie-breaker by position).
            let score = q - Double(index) * 1e-6
            if best == nil || score > best!.1 { best = (lang, score) }
        }
        return best?.0
    }
}
