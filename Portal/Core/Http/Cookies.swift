import Foundation

/// Cookies in and out. Every cookie the portal sets is `__Host-`: Secure, Path=/,
/// no Domain, so no sibling host or plain-HTTP page can set or read it.
public enum Cookies {
    public static let session = "__Host-connect-session"
    public static let state = "__Host-connect-state"

    /// The `Cookie` header as name → value (the first of a repeated name wins).
    public static func parse(_ header: String?) -> [String: String] {
        var out: [String: String] = [:]
        for part in (header ?? "").split(separator: ";") {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard let eq = p.firstIndex(of: "=") else { continue }
            let name = String(p[..<eq])
            var value = String(p[p.index(after: eq)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    /// A `Set-Cookie` value; `maxAge` nil makes a browser-session cookie, 0 deletes.
    public static func set(_ name: String, _ value: String, maxAge: Int? = nil, sameSite: String = "Lax") -> String {
        var s = "\(name)=\(value); Path=/; Secure; HttpOnly; SameSite=\(sameSite)"
        if let maxAge { s += "; Max-Age=\(maxAge)" }
        return s
    }

    public static func delete(_ name: String) -> String { set(name, "", maxAge: 0) }

    /// Cookie values are our own base64url or hex; anything else is ignored.
    public static func isSafeValue(_ v: String) -> Bool {
        !v.isEmpty && v.utf8.count <= 4096
            && v.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-"
                    || $0 == "_" || $0 == "."
            }
    }
}
