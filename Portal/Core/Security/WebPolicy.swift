import Foundation

/// The web tier's fixed rules: which origin may post, which address is the
/// client's, which headers every answer carries.
public struct WebPolicy: Sendable {
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

    /// "https://connect.fund.ch" (scheme://host[:port], no path)
    public let origin: String
    public let https: Bool
    public let trustedProxies: TrustedProxies

    public init(publicURL: String, trustedProxies: TrustedProxies = TrustedProxies([])) {
        let u = URLComponents(string: publicURL)
        let scheme = (u?.scheme ?? "http").lowercased()
        var o = "\(scheme)://\((u?.host ?? "127.0.0.1").lowercased())"
        if let p = u?.port, !((scheme == "http" && p == 80) || (scheme == "https" && p == 443)) { o += ":\(p)" }
        origin = o
        https = scheme == "https"
        self.trustedProxies = trustedProxies
    }

    /// A state-changing request must come from our own pages: `Origin` equal to
    /// ours, else `Sec-Fetch-Site` same-origin or none; a request with neither
    /// (an old client, curl) passes on the token alone. `Origin: null` is what
    /// browsers send under `Referrer-Policy: no-referrer`, so it counts as absent
    /// (a sandboxed cross-site frame still says `Sec-Fetch-Site: cross-site`).
    public func sameOrigin(_ request: HTTPRequest) -> Bool {
        let site = request.header("sec-fetch-site")?.lowercased()
        if let site, site != "same-origin" && site != "none" { return false }
        if let o = request.header("origin"), o != "null" {
            return o.lowercased() == origin
        }
        return true
    }

    /// The client's address: the peer, or — only when the peer is a trusted
    /// proxy — the last address in `X-Forwarded-For` the proxies did not add.
    public func clientAddress(_ request: HTTPRequest) -> String {
        guard trustedProxies.trusts(request.peer), let xff = request.header("x-forwarded-for") else {
            return request.peer
        }
        let hops = xff.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trustedProxies.trusts(hop) { return hop }
        return hops.first ?? request.peer
    }

    /// Adds the headers every response carries; `personal` pages are never cached.
    public func secure(_ response: inout HTTPResponse, personal: Bool) {
        response.setHeader("Content-Security-Policy", Self.contentSecurityPolicy)
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Referrer-Policy", "no-referrer")
        response.setHeader("X-Frame-Options", "DENY")
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin")
        if personal { response.setHeader("Cache-Control", "no-store") }
        if https { response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains") }
    }
}

/// PORTAL_TRUSTED_PROXIES: addresses (`10.0.0.7`), IPv4 ranges (`10.0.0.0/8`), or
/// `unix` for whatever reaches the portal's Unix socket (nginx beside it).
public struct TrustedProxies: Sendable {
    let exact: Set<String>
    let ranges: [(UInt32, UInt32)]

    public init(_ entries: [String]) {
        var exact = Set<String>()
        var ranges: [(UInt32, UInt32)] = []
        for e in entries {
            let parts = e.split(separator: "/")
            if parts.count == 2, let base = Self.ipv4(String(parts[0])), let bits = Int(parts[1]),
                (0...32).contains(bits)
            {
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
                ranges.append((base & mask, mask))
            } else {
                exact.insert(e)
            }
        }
        self.exact = exact
        self.ranges = ranges
    }

    public func trusts(_ address: String) -> Bool {
        if exact.contains(address) { return true }
        guard let a = Self.ipv4(address) else { return false }
        return ranges.contains { a & $0.1 == $0.0 }
    }

    static func ipv4(_ s: String) -> UInt32? {
        let p = s.split(separator: ".", omittingEmptySubsequences: false)
        guard p.count == 4 else { return nil }
        var v: UInt32 = 0
        for x in p {
            guard let n = UInt8(x) else { return nil }
            v = v << 8 | UInt32(n)
        }
        return v
    }
}
