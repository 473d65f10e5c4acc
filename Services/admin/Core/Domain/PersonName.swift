import Contracts
import FoundationEssentials
import Wire

/// A person's names as the lists show them.
public struct PersonName: Sendable, Equatable {
    public var first: String
    public var last: String

    public init(first: String, last: String) {
        self.first = first.trimmed(.spacesAndNewlines)
        self.last = last.trimmed(.spacesAndNewlines)
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
        SearchFolding.key("\(first) \(last) \(email)")
    }

    /// Names are required and bounded in characters and bytes (they end up in
    /// letters, exports and notices): the contract's rule, shared with identity.
    public static func valid(_ name: String) -> Bool { Recipients.isPersonName(name) }
}

/// E-mail addresses: trimmed and lower-cased (identity compares them the same
/// way), with a plain shape check; the activation e-mail is the real proof.
/// The notifier's recipient rule (`Recipients.isEmail`, in the contract): an
/// address admin accepts is never refused there.
public enum EmailAddress {
    public static func normalize(_ raw: String) -> String? {
        let e = raw.trimmed(.spacesAndNewlines).lowercased()
        return Recipients.isEmail(e) ? e : nil
    }
}
