import Contracts
import FoundationEssentials
import Wire

/// The shape checks of recipients (`to` per channel). Deliberately plain: the
/// senders already normalised what users typed; here we refuse what could break a
/// header or a gateway (control characters, header injection, absurd lengths).
public enum EmailAddress {
    /// The contract's rule (`Recipients.isEmail`), shared with identity and admin.
    public static func isValid(_ s: String) -> Bool { Recipients.isEmail(s) }

    /// The address in `Name <addr>` or a bare `addr`.
    public static func address(in s: String) -> String? {
        if let open = s.lastIndex(of: "<"), let close = s.lastIndex(of: ">"), open < close {
            let a = String(s[s.index(after: open)..<close])
            return isValid(a) ? a : nil
        }
        let t = s.trimmed(.spaces)
        return isValid(t) ? t : nil
    }

    /// The display name in `Name <addr>`, if any.
    public static func displayName(in s: String) -> String? {
        guard let open = s.lastIndex(of: "<") else { return nil }
        let spaced = s[..<open].trimmed(.spaces)
        let name = String(spaced.drop(while: { $0 == "\"" }).reversed().drop(while: { $0 == "\"" }).reversed())
        return name.isEmpty ? nil : name
    }

    public static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }
}

public enum PhoneNumber {
    public static func isE164(_ s: String) -> Bool { Recipients.isE164(s) }
}

public enum PostalAddress {
    /// Lines separated by "\n", first the addressee.
    public static func lines(_ s: String) -> [String] { Recipients.postalLines(s) }

    public static func isValid(_ s: String) -> Bool { Recipients.isPostalAddress(s) }
}
