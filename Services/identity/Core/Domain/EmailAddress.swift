/// E-mail addresses as identity keys them: trimmed and lower-cased (mail systems
/// treat the local part case-insensitively in practice, and people type both).
public enum EmailAddress {
    /// The normalised address, or nil if it cannot be an address.
    public static func normalise(_ input: String) -> String? {
        let s = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        // At least as strict as the notifier's check of recipients: an address it
        // refuses would be accepted here and its e-mails silently never sent.
        guard s.utf8.count <= 254,
              !s.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }),
              !s.contains(where: { "<>(),;:\\\"[]".contains($0) }) else {
            return nil
        }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return nil
        }
        return s
    }
}

import Foundation
