import CSodium
import FoundationEssentials

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
        return hex(buf)
    }

    /// Lower-case hex of `bytes` (String(format:) per byte costs a microsecond each).
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
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
