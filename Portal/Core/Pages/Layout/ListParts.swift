import Contracts
import Foundation
import Wire

/// What the admin's list screens share: the refusal when the person is no administrator
/// of the employer, the pager under a long list, and the download of its export.
enum ListParts {
    /// Admin's answer to a read of an employer admin's screen when the person is not (or no
    /// longer) an administrator of that employer.
    static func notAdmin(_ e: ServiceError) -> Bool { e.code == .forbidden || e.code == .notFound }

    static func notAdminPage(_ c: Context, title: String) -> HTTPResponse {
        Layout.page(
            c, title: title, status: 403, "<p class=\"error banner\" role=\"alert\">\(c.t("users.notAdmin"))</p>")
    }

    /// "‹ previous  page p of n  next ›" when there is more than one page; `link(p)` is page p's address.
    static func pager(_ c: Context, page: Int, pages: Int, link: (Int) -> String) -> HTML {
        guard pages > 1 else { return .empty }
        let prev: HTML = page > 1 ? "<a rel=\"prev\" href=\"\(link(page - 1))\">‹ \(c.t("users.prev"))</a>" : .empty
        let next: HTML = page < pages ? "<a rel=\"next\" href=\"\(link(page + 1))\">\(c.t("users.next")) ›</a>" : .empty
        return """
            <nav class="pager" aria-label="\(c.t("users.pages"))">\(prev)<span>\(c.t("users.page", ["p": String(min(page, pages)), "n": String(pages)]))</span>\(next)</nav>
            """
    }

    /// Admin's export (users or audit trail: one reply) as a download: its file name kept to safe characters (else `fallback`
    /// with the format's extension).
    static func download(_ c: Context, _ r: UsersExport.Reply, fallback: String, _ format: ExportFormat)
        -> HTTPResponse
    {
        guard let data = Data(base64Encoded: r.contentBase64) else { return ErrorPages.page(c, status: 502) }
        let safeName = String(
            r.filename.unicodeScalars.filter {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
            })
        let name = safeName.isEmpty ? "\(fallback).\(format.rawValue)" : safeName
        return HTTPResponse(
            status: 200,
            headers: [
                ("Content-Type", r.mediaType),
                ("Content-Disposition", "attachment; filename=\"\(name)\""),
            ], body: Array(data))
    }
}
