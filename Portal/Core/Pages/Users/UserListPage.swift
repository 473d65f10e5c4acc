import Contracts
import Foundation
import Wire

/// "Gestion des utilisateurs" (guide steps 6, 12, 19): `Recherche` with `Texte`
/// and `Incl. désactivé`, the seven columns sorted by display name, paging, a
/// checkbox per row, `Détail`, `Nouveau`, and the two exports of the list as
/// filtered. One GET form: the buttons differ only by `formaction`.
enum UserListPage {
    static func register(_ r: inout Router) {
        r.on("GET", "/users", .signedIn) { c in try show(c) }
        r.on("GET", "/users/export.pdf", .signedIn) { c in try export(c, .pdf) }
        r.on("GET", "/users/export.xlsx", .signedIn) { c in try export(c, .xlsx) }
    }

    /// The current mandant, or nil (then the caller shows the picker).
    static func employer(_ c: Context) throws -> String? {
        if let m = c.state.mandant, c.state.displayName != nil { return m }
        _ = try c.me()
        return c.state.mandant
    }

    static func show(_ c: Context, notice: String? = nil) throws -> HTTPResponse {
        guard let employer = try employer(c) else { return .seeOther("/mandants") }
        let q = UserQuery(c.request)
        let size = c.app.settings.pageSize
        let r: UsersSearch.Reply
        do {
            r = try c.admin(
                UsersSearch.self,
                .init(
                    employer: employer, text: q.text.isEmpty ? nil : q.text,
                    includeDisabled: q.includeDisabled ? true : nil, sort: q.wireSort,
                    offset: (q.page - 1) * size, limit: size))
        } catch let e as ServiceError where ListParts.notAdmin(e) {
            return ListParts.notAdminPage(c, title: c.t("users.title"))
        }
        let pages = max(1, (r.total + size - 1) / size)
        return Layout.page(
            c, title: c.t("users.title"), wide: true,
            """
            \(notice.map { HTML("<p class=\"error banner\" id=\"id-error\" role=\"alert\">\($0)</p>") } ?? .empty)
            <form method="get" action="/users" id="user-search">\(q.descending ? HTML("<input type=\"hidden\" name=\"sort\" value=\"-name\">") : .empty)
            <h2>\(c.t("users.search"))</h2>
            <div class="search">
            \(Field.input(.init(id: "text", label: c.t("field.text"), value: q.text, type: "search"), FieldErrors()))
            \(Field.checkbox(id: "all", label: c.t("field.inclDisabled"), checked: q.includeDisabled, FieldErrors()))
            </div>
            <div class="toolbar">
            \(Field.button(c.t("btn.search"), primary: true))
            \(Field.button(c.t("btn.detail"), formaction: "/users/detail"))
            \(Field.button(c.t("btn.new"), formaction: "/users/new"))
            \(Field.button(c.t("btn.pdf"), formaction: "/users/export.pdf"))
            \(Field.button(c.t("btn.xlsx"), formaction: "/users/export.xlsx"))
            </div>
            <h2>\(c.t("users.results")) <span class="hint">(\(c.t("users.count", ["n": String(r.total)])))</span></h2>
            \(table(c, q, r.users))
            </form>
            <form method="get" action="/users" class="toolbar">\(Field.button(c.t("btn.restart")))</form>
            \(pager(c, q, pages))
            """)
    }

    static func table(_ c: Context, _ q: UserQuery, _ users: [UserRow]) -> HTML {
        let arrow = q.descending ? "↓" : "↑"
        let sortLabel = c.t(q.descending ? "users.sortDown" : "users.sortUp")
        let disabledLabel = c.t("col.disabled")
        let rows = users.map { u -> HTML in
            let detail = "/users/detail?id=" + UserQuery.encode(u.userId)
            return """
                <tr data-href="\(detail)">
                <td><input type="checkbox" name="id" value="\(u.userId)" aria-label="\(c.t("field.select", ["name": u.displayName]))"></td>
                <td><a href="\(detail)">\(u.displayName)</a></td><td>\(u.email)</td><td>\(u.language)</td>
                <td><input type="checkbox" disabled\(HTML(raw: u.disabled ? " checked" : "")) aria-label="\(disabledLabel)"></td>
                <td>\(u.reference)</td><td>\(u.mfa.rawValue)</td><td>\(u.remarks)</td>
                </tr>
                """
        }
        let empty: HTML =
            users.isEmpty ? "<tr><td colspan=\"8\" class=\"empty\">\(c.t("users.none"))</td></tr>" : .empty
        return Layout.scrollable(
            """
            <table id="users">
            <thead><tr>
            <th scope="col"><input type="checkbox" id="select-all" aria-label="\(c.t("field.selectAll"))"></th>
            <th scope="col" aria-sort="\(q.descending ? "descending" : "ascending")"><a href="/users\(q.query(page: 1, descending: !q.descending))">\(c.t("col.name"))</a><span class="arrow" aria-label="\(sortLabel)">\(arrow)</span></th>
            <th scope="col">\(c.t("col.email"))</th><th scope="col">\(c.t("col.language"))</th><th scope="col">\(c.t("col.disabled"))</th>
            <th scope="col">\(c.t("col.reference"))</th><th scope="col">\(c.t("col.mfa"))</th><th scope="col">\(c.t("col.remarks"))</th>
            </tr></thead>
            <tbody>\(rows)\(empty)</tbody>
            </table>
            """)
    }

    static func pager(_ c: Context, _ q: UserQuery, _ pages: Int) -> HTML {
        ListParts.pager(c, page: q.page, pages: pages) { "/users" + q.query(page: $0) }
    }

    static func export(_ c: Context, _ format: ExportFormat) throws -> HTTPResponse {
        guard let employer = try employer(c) else { return .seeOther("/mandants") }
        let q = UserQuery(c.request)
        let r = try c.admin(
            UsersExport.self,
            .init(
                employer: employer, format: format, text: q.text.isEmpty ? nil : q.text,
                includeDisabled: q.includeDisabled ? true : nil, sort: q.wireSort))
        return ListParts.download(c, r, fallback: "users", format)
    }
}
