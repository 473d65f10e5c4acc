import CSodium
import FoundationEssentials
import Glibc
import Runtime
import Wire

/// Keyed BLAKE2b (`crypto_generichash` with a 256-bit key) for codes and session
/// tokens: these are random and high-entropy (or short-lived and rate-limited), so
/// a fast keyed hash is enough, and a stolen database without the key file does
/// not let anyone test guesses offline.
public struct SecretHasher: Sendable {
    private let key: [UInt8]

    public init(key: [UInt8]) {
        precondition(key.count == Int(crypto_generichash_keybytes()), "key must be 32 bytes")
        Sodium.ensureInitialized()
        self.key = key
    }

    /// The hash of `secret` in a `purpose` namespace (access, activation, reset,
    /// sms, session), so equal strings of different kinds never share a hash.
    public func hash(_ secret: String, purpose: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let input = Array("\(purpose)\u{0}\(secret)".utf8)
        let rc = crypto_generichash(&out, out.count, input, UInt64(input.count), key, key.count)
        precondition(rc == 0, "crypto_generichash failed")
        return out
    }

    /// Constant-time comparison of two hashes.
    public static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count, !a.isEmpty else { return false }
        return sodium_memcmp(a, b, a.count) == 0
    }

    /// Loads the key from `path` (64 hex characters), creating it with mode 0600
    /// on first start. A key file others can read is reported through `warn`.
    public static func loadKey(path: String, create: Bool, warn: (String) -> Void) throws -> [UInt8] {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard create else { throw ConfigError("IDENTITY_KEY_FILE", "\(path) does not exist") }
            let dir = PathParts(path).directory
            if !dir.isEmpty {
                try fm.createDirectory(
                    atPath: dir, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            }
            let hex = Identifier.randomHex(32) + "\n"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw ConfigError("IDENTITY_KEY_FILE", "cannot create \(path): errno \(errno)") }
            let ok = hex.utf8CString.withUnsafeBufferPointer { p in
                write(fd, p.baseAddress, hex.utf8.count) == hex.utf8.count
            }
            fsync(fd)
            close(fd)
            guard ok else { throw ConfigError("IDENTITY_KEY_FILE", "cannot write \(path)") }
        }
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & 0o077 != 0 {
            warn("the key file \(path) is readable by others; chmod 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError("IDENTITY_KEY_FILE", "cannot read \(path)")
        }
        let hex = text.trimmed(.spacesAndNewlines)
        guard hex.count == 64, let bytes = decodeHex(hex) else {
            throw ConfigError("IDENTITY_KEY_FILE", "\(path) must hold 64 hex characters (a 256-bit key)")
        }
        return bytes
    }

    static func decodeHex(_ hex: String) -> [UInt8]? {
        var out: [UInt8] = []
        var chars = hex.makeIterator()
        while let a = chars.next() {
            guard let b = chars.next(), let hi = a.hexDigitValue, let lo = b.hexDigitValue else { return nil }
            out.append(UInt8(hi << 4 | lo))
        }
        return out
    }
}

/// Session tokens: 256 random bits, base64url without padding (43 characters).
public enum SessionToken {
    public static func generate() -> String {
        Sodium.ensureInitialized()
        var bytes = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&bytes, 32)
        return Data(bytes).base64EncodedString()
            .replacing("+", with: "-")
            .replacing("/", with: "_")
            .replacing("=", with: "")
    }
}
