/// A person's names as the lists show them.
public struct PersonName: Sendable, Equatable {
    public var first: String
    public var last: String

    public init(first: String, last: String) {
        self.first = first.trimmingCharacters(in: .whitespacesAndNewlines)
        self.last = last.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The seed's "Nom d'affichage": "Modele, Gilbert".
    public var displayName: String {
        if first.isEmpty { return last }
        if last.isEmpty { return first }
        return "\(last), \(first)"
    }

    /// Sort key of the display name: folded, so "Émery" sorts with "Emery".
    public var sortKey: String { SearchFolding.fold(displayName) }

    /// What a text search looks in: both names and the e-mail, folded.
    public func searchText(email: String) -> String {
        SearchFolding.fold("\(first) \(last) \(email)")
    }

    /// Names are required and bounded (they end up in letters and exports).
    public static func valid(_ name: String) -> Bool {
        let t = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return !t.isEmpty && t.count <= 100 && !t.contains(where: { $0.isNewline })
    }
}

import Foundation

/// E-mail addresses: trimmed and lower-cased (identity compares them the same
/// way), with a plain shape check; the activation e-mail is the real proof.
/// At least as strict as the notifier's recipient check (`notifier`'s
/// `EmailAddress.isValid`): an address admin accepts must never be refused there,
/// or the message would be dropped after staff were told it went out.
public enum EmailAddress {
    public static func normalize(_ raw: String) -> String? {
        let e = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard e.utf8.count <= 254,
              !e.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }),
              !e.contains(where: { "<>(),;:\\\"[]".contains($0) }) else { return nil }
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return nil
        }
        return e
    }
}
