import Foundation

/// The shape checks of recipients (`to` per channel). Deliberately plain: the
/// senders already normalised what users typed; here we refuse what could break a
/// header or a gateway (control characters, header injection, absurd lengths).
public enum EmailAddress {
    public static func isValid(_ s: String) -> Bool {
        guard s.utf8.count <= 254, !s.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }),
              !s.contains(where: { "<>(),;:\\\"[]".contains($0) }) else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    /// The address in `Name <addr>` or a bare `addr`.
    public static func address(in s: String) -> String? {
        if let open = s.lastIndex(of: "<"), let close = s.lastIndex(of: ">"), open < close {
            let a = String(s[s.index(after: open)..<close])
            return isValid(a) ? a : nil
        }
        let t = s.trimmingCharacters(in: .whitespaces)
        return isValid(t) ? t : nil
    }

    /// The display name in `Name <addr>`, if any.
    public static func displayName(in s: String) -> String? {
        guard let open = s.lastIndex(of: "<") else { return nil }
        let name = s[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return name.isEmpty ? nil : name
    }

    public static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }
}

public enum PhoneNumber {
    /// E.164: `+`, a non-zero digit, 7 to 14 more digits.
    public static func isE164(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 9, u.count <= 16, u[0] == UInt8(ascii: "+"), u[1] != UInt8(ascii: "0") else { return false }
        return u.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

public enum PostalAddress {
    /// Lines separated by "\n", first the addressee; at least two non-empty lines.
    public static func lines(_ s: String) -> [String] {
        s.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func isValid(_ s: String) -> Bool {
        let l = lines(s)
        return l.count >= 2 && l.count <= 8 && l.allSatisfy { $0.count <= 120 }
            && !s.contains(where: { $0 != "\n" && $0 != "\r" && $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true })
    }
}
