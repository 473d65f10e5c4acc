import CSodium
import Foundation

/// The one stylesheet and the one script, compiled in: served with an ETag and
/// a year of caching, linked with `?v=<etag>` so a new build is fetched at once.
public enum StaticFiles {
    struct File: Sendable { let type: String; let body: [UInt8]; let etag: String }

    static let files: [String: File] = [
        "/static/portal.css": make("text/css; charset=utf-8", PortalCSS.text),
        "/static/portal.js": make("text/javascript; charset=utf-8", PortalJS.text),
    ]

    static func make(_ type: String, _ text: String) -> File {
        let body = Array(text.utf8)
        var h = [UInt8](repeating: 0, count: 16)
        _ = crypto_generichash(&h, 16, body, UInt64(body.count), nil, 0)
        return File(type: type, body: body, etag: h.prefix(8).map { String(format: "%02x", $0) }.joined())
    }

    static var cssURL: String { "/static/portal.css?v=\(files["/static/portal.css"]!.etag)" }
    static var jsURL: String { "/static/portal.js?v=\(files["/static/portal.js"]!.etag)" }

    static func serve(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain")], body: Array("405\n".utf8))
        }
        guard let f = files[request.path] else { return .text("404 not found\n", status: 404) }
        let tag = "\"\(f.etag)\""
        var headers: [(String, String)] = [("ETag", tag), ("Cache-Control", "public, max-age=31536000, immutable"),
                                           ("Content-Type", f.type)]
        if let inm = request.header("if-none-match"), inm.split(separator: ",").contains(where: {
            let t = $0.trimmingCharacters(in: .whitespaces); return t == tag || t == "W/" + tag || t == "*" }) {
            headers.removeAll { $0.0 == "Content-Type" }
            return HTTPResponse(status: 304, headers: headers)
        }
        return HTTPResponse(status: 200, headers: headers, body: request.method == "HEAD" ? [] : f.body)
    }
}
