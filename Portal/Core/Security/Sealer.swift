import CSodium
import Foundation
import Runtime

/// Seals a small value into a cookie (XChaCha20-Poly1305 via libsodium's
/// secretbox): the browser carries the portal's flow state (which registration,
/// which login challenge) but can neither read nor change it.
public struct Sealer: Sendable {
    private let key: [UInt8]
    private let macKey: [UInt8]

    public init(key: CookieKey) {
        Sodium.ensureInitialized()
        self.key = key.derive("connect-portal-seal")
        self.macKey = key.derive("connect-portal-csrf")
    }

    public func seal(_ plain: [UInt8]) -> String {
        var nonce = [UInt8](repeating: 0, count: Int(crypto_secretbox_NONCEBYTES))
        randombytes_buf(&nonce, nonce.count)
        var out = [UInt8](repeating: 0, count: plain.count + Int(crypto_secretbox_MACBYTES))
        _ = crypto_secretbox_easy(&out, plain, UInt64(plain.count), nonce, key)
        return Base64URL.encode(nonce + out)
    }

    public func open(_ sealed: String) -> [UInt8]? {
        guard let raw = Base64URL.decode(sealed) else { return nil }
        let n = Int(crypto_secretbox_NONCEBYTES)
        let m = Int(crypto_secretbox_MACBYTES)
        guard raw.count >= n + m else { return nil }
        let nonce = Array(raw[0..<n])
        let box = Array(raw[n...])
        var out = [UInt8](repeating: 0, count: box.count - m)
        guard crypto_secretbox_open_easy(&out, box, UInt64(box.count), nonce, key) == 0 else { return nil }
        return out
    }

    /// The anti-forgery token for a binding (the session token, or the
    /// anonymous state's nonce): a keyed hash, so it needs no storage.
    public func token(for binding: String) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        let msg = Array(binding.utf8)
        _ = crypto_generichash(&out, 32, msg, UInt64(msg.count), macKey, 32)
        return Base64URL.encode(out)
    }

    /// Constant-time comparison of a submitted token with the expected one.
    public func verify(_ submitted: String?, for binding: String) -> Bool {
        guard let submitted else { return false }
        let expected = Array(token(for: binding).utf8)
        let given = Array(submitted.utf8)
        guard expected.count == given.count else { return false }
        return sodium_memcmp(expected, given, expected.count) == 0
    }

    public static func randomNonce() -> String {
        Sodium.ensureInitialized()
        var b = [UInt8](repeating: 0, count: 18)
        randombytes_buf(&b, b.count)
        return Base64URL.encode(b)
    }
}
