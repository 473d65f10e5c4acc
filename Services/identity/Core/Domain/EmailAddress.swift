/// E-mail addresses as identity keys them: trimmed and lower-cased (mail systems
/// treat the local part case-insensitively in practice, and people type both).
public enum EmailAddress {
    /// The normalised address, or nil if it cannot be an address.
    public static func normalise(_ input: String) -> String? {
        let s = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard s.utf8.count <= 254, !s.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else {
            return nil
        }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return nil }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else {
            return nil
        }
        return s
    }
}

import Foundation
