import CSodium
import Foundation
import Runtime

/// The portal's one secret: 32 random bytes in a file, shared by every replica
/// (PORTAL_COOKIE_KEY_FILE). It seals the state cookie and keys the anti-forgery
/// tokens; the portal keeps nothing else.
public struct CookieKey: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32)
        self.bytes = bytes
    }

    public static func random() -> CookieKey {
        Sodium.ensureInitialized()
        var b = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&b, 32)
        return CookieKey(bytes: b)
    }

    /// Reads the key (32 raw bytes, or 64 hex digits); creates the file (0600) when
    /// missing and `create` is set.
    public static func load(path: String, create: Bool) throws -> CookieKey {
        if let data = FileManager.default.contents(atPath: path) {
            if data.count == 32 { return CookieKey(bytes: Array(data)) }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.count == 64, let b = hexBytes(text) { return CookieKey(bytes: b) }
            throw ConfigError("PORTAL_COOKIE_KEY_FILE", "\(path) must hold 32 bytes or 64 hex digits")
        }
        guard create else { throw ConfigError("PORTAL_COOKIE_KEY_FILE", "\(path) does not exist") }
        let key = random()
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let hex = key.bytes.map { String(format: "%02x", $0) }.joined() + "\n"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw ConfigError("PORTAL_COOKIE_KEY_FILE", "cannot create \(path)")
        }
        return key
    }

    static func hexBytes(_ s: String) -> [UInt8]? {
        var out: [UInt8] = []
        var it = s.utf8.makeIterator()
        while let a = it.next() {
            guard let b = it.next(), let h = nibble(a), let l = nibble(b) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }

    /// A subkey per purpose, so the sealing key never doubles as the MAC key.
    func derive(_ purpose: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let msg = Array(purpose.utf8)
        _ = crypto_generichash(&out, 32, msg, UInt64(msg.count), bytes, 32)
        return out
    }
}

/// base64url without padding, for cookie values.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ s: String) -> [UInt8]? {
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t).map(Array.init)
    }
}
