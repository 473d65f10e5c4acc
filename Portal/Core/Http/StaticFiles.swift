import CSodium
import Foundation

/// The one stylesheet and the one script, compiled in, and the fund's logo when it
/// has one: served with an ETag and a year of caching, linked with `?v=<etag>` so a
/// new build (or a new logo or colour) is fetched at once. Made once at start-up.
public struct StaticFiles: Sendable {
    struct File: Sendable {
        let type: String
        let body: [UInt8]
        let etag: String
    }

    let files: [String: File]
    let cssURL: String
    let jsURL: String
    /// nil without a logo.
    let logoURL: String?

    /// The fund's colour replaces the accent after the stylesheet's own (the CSP allows
    /// no inline style, so it is part of the file).
    public init(branding: Branding = Branding()) {
        var css = PortalCSS.text
        if let colour = branding.colour { css += "\n:root { --accent: \(colour); }\n" }
        var files = [
            "/static/portal.css": Self.make("text/css; charset=utf-8", Array(css.utf8)),
            "/static/portal.js": Self.make("text/javascript; charset=utf-8", Array(PortalJS.text.utf8)),
        ]
        cssURL = "/static/portal.css?v=\(files["/static/portal.css"]!.etag)"
        jsURL = "/static/portal.js?v=\(files["/static/portal.js"]!.etag)"
        if let logo = branding.logo {
            let path = "/static/logo.\(logo.ext)"
            files[path] = Self.make(logo.type, logo.bytes)
            logoURL = "\(path)?v=\(files[path]!.etag)"
        } else {
            logoURL = nil
        }
        self.files = files
    }

    static func make(_ type: String, _ body: [UInt8]) -> File {
        var h = [UInt8](repeating: 0, count: 16)
        _ = crypto_generichash(&h, 16, body, UInt64(body.count), nil, 0)
        return File(type: type, body: body, etag: h.prefix(8).map { String(format: "%02x", $0) }.joined())
    }

    func serve(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(
                status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain")],
                body: Array("405\n".utf8))
        }
        guard let f = files[request.path] else { return .text("404 not found\n", status: 404) }
        let tag = "\"\(f.etag)\""
        var headers: [(String, String)] = [
            ("ETag", tag), ("Cache-Control", "public, max-age=31536000, immutable"),
            ("Content-Type", f.type),
        ]
        if let inm = request.header("if-none-match"),
            inm.split(separator: ",").contains(where: {
                let t = $0.trimmingCharacters(in: .whitespaces)
                return t == tag || t == "W/" + tag || t == "*"
            })
        {
            headers.removeAll { $0.0 == "Content-Type" }
            return HTTPResponse(status: 304, headers: headers)
        }
        return HTTPResponse(status: 200, headers: headers, body: request.method == "HEAD" ? [] : f.body)
    }
}
