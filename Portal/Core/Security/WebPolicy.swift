import Foundation

/// The web tier's fixed rules: which origin may post, which address is the
/// client's, which headers every answer carries.
public struct WebPolicy: Sendable {
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

    /// "https://connect.fund.ch" (scheme://host[:port], no path)
    public let origin: String
    public let https: Bool
    public let trustedProxies: Set<String>

    public init(publicURL: String, trustedProxies: Set<String> = []) {
        let u = URLComponents(string: publicURL)
        let scheme = (u?.scheme ?? "http").lowercased()
        var o = "\(scheme)://\((u?.host ?? "127.0.0.1").lowercased())"
        if let p = u?.port, !((scheme == "http" && p == 80) || (scheme == "https" && p == 443)) { o += ":\(p)" }
        origin = o
        https = scheme == "https"
        self.trustedProxies = trustedProxies
    }

    /// A state-changing request must come from our own pages: `Origin` equal to
    /// ours, else (no Origin) `Sec-Fetch-Site` same-origin or none; a request with
    /// neither header (an old client, curl) passes on the token alone.
    public func sameOrigin(_ request: HTTPRequest) -> Bool {
        if let o = request.header("origin"), o != "null" { // no-referrer makes browsers send "null"
            return o.lowercased() == origin
        }
        if let site = request.header("sec-fetch-site")?.lowercased() {
            return site == "same-origin" || site == "none"
        }
        return true
    }

    /// The client's address: the peer, or — only when the peer is a trusted
    /// proxy — the last address in `X-Forwarded-For` the proxies did not add.
    public func clientAddress(_ request: HTTPRequest) -> String {
        guard trustedProxies.contains(request.peer), let xff = request.header("x-forwarded-for") else { return request.peer }
        let hops = xff.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trustedProxies.contains(hop) { return hop }
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
