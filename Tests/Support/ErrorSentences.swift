import Wire

/// The keys of `keys` that `catalogue` has no sentence of their own for: no entry, or in some
/// language the code's generic sentence (a service's declared keys must each say more).
public func keysWithoutTheirOwnSentence(in catalogue: ErrorCatalogue, _ keys: [MessageKey]) -> [String] {
    var missing: [String] = []
    for key in keys {
        if !catalogue.hasEntry(key) { missing.append("\(key) has no sentence") }
        let code = ErrorCode(rawValue: String(key.rawValue.prefix { $0 != "." })) ?? .internal
        for lang in Language.allCases
        where catalogue.message(for: ServiceError(code, messageKey: key), in: lang)
            == catalogue.message(for: ServiceError(code), in: lang)
        {
            missing.append("\(key) in \(lang)")
        }
    }
    return missing
}
