import Contracts
import FoundationEssentials
import Wire

/// E-mail addresses as identity keys them: trimmed and lower-cased (mail systems
/// treat the local part case-insensitively in practice, and people type both).
public enum EmailAddress {
    /// The normalised address, or nil if it cannot be an address.
    public static func normalise(_ input: String) -> String? {
        let s = input.trimmed(.spacesAndNewlines).lowercased()
        // The notifier's rule for recipients: an address it refused would be
        // accepted here and its e-mails silently never sent.
        return Recipients.isEmail(s) ? s : nil
    }
}
