import Contracts
import Foundation

/// The user list's query as the address bar carries it — `text`, `all=1`,
/// `sort=name|-name`, `page=N` — shared by the list and both exports.
struct UserQuery: Equatable {
    var text = ""
    var includeDisabled = false
    var descending = false
    var page = 1

    init(text: String = "", includeDisabled: Bool = false, descending: Bool = false, page: Int = 1) {
        self.text = text
        self.includeDisabled = includeDisabled
        self.descending = descending
        self.page = page
    }

    init(_ request: HTTPRequest) {
        text = String((request.queryValue("text") ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        includeDisabled = request.queryValue("all") == "1"
        descending = request.queryValue("sort") == "-name"
        page = max(1, min(100_000, Int(request.queryValue("page") ?? "") ?? 1))
    }

    var wireSort: UserSort { descending ? .displayNameDescending : .displayName }

    /// The query string for a link (page 1 and defaults left out).
    func query(page: Int? = nil, descending: Bool? = nil) -> String {
        var parts: [String] = []
        if !text.isEmpty { parts.append("text=" + Self.encode(text)) }
        if includeDisabled { parts.append("all=1") }
        if descending ?? self.descending { parts.append("sort=-name") }
        let p = page ?? self.page
        if p > 1 { parts.append("page=\(p)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// Percent-encodes every UTF-8 byte but A–Z a–z 0–9 - . _ ~ (by hand: it runs per row).
    static func encode(_ s: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.append(b)
            default: out += [0x25, hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
