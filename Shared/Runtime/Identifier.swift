import CSodium
import Foundation

/// Random opaque identifiers (message ids, account ids, registration ids),
/// 128 bits from libsodium's CSPRNG, hex with a short prefix saying what they are.
public enum Identifier {
    public static func make(_ prefix: String) -> String {
        prefix + "_" + randomHex(16)
    }

    public static func randomHex(_ bytes: Int) -> String {
        var buf = [UInt8](repeating: 0, count: bytes)
        Sodium.ensureInitialized()
        randombytes_buf(&buf, bytes)
        return buf.map { String(format: "%02x", $0) }.joined()
    }
}

/// libsodium must be initialised once before use; `sodium_init` is thread-safe
/// and idempotent, so calling it through this lazy constant is enough.
public enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0
    public static func ensureInitialized() {
        precondition(initialized, "libsodium could not be initialised")
    }
}
