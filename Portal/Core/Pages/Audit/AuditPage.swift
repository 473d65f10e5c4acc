import Client
import Contracts
import Foundation
import Runtime
import Wire

/// The audit screen for an employer's admins (⋮ `Journal des modifications`):
/// who changed what and when, each changed value before → after, newest first,
/// filtered by person (actor or target) and by action, paged, and exported like
/// the user list. One GET form: the export buttons differ only by `formaction`.
enum AuditPage {
    static func register(_ r: inout Router) {
        r.on("GET", "/audit", .signedIn) { c in try show(c) }
        r.on("GET", "/audit/export.pdf", .signedIn) { c in try export(c, .pdf) }
        r.on("GET", "/audit/export.xlsx", .signedIn) { c in try export(c, .xlsx) }
    }

    /// `person`, `action`, `page` from the address bar.
    struct Query {
        var person = "", action = "", page = 1
        init(_ request: HTTPRequest) {
            person = String((request.queryValue("person") ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
            action = String((request.queryValue("action") ?? "").prefix(100))
            page = max(1, min(100_000, Int(request.queryValue("page") ?? "") ?? 1))
        }
        func query(page p: Int) -> String {
            var parts: [String] = []
            if !person.isEmpty { parts.append("person=" + UserQuery.encode(person)) }
            if !action.isEmpty { parts.append("action=" + UserQuery.encode(action)) }
            if p > 1 { parts.append("page=\(p)") }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
    }

    static func actionName(_ c: Context, _ action: String) -> String { AuditWording.action(code: action, c.lang) }

    /// The changed value's name in the page's words (the trail stores `user.email`, …).
    static func fieldName(_ c: Context, _ field: String) -> String { AuditWording.field(field, c.lang) }

    static func show(_ c: Context) throws -> HTTPResponse {
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        let q = Query(c.request)
        let size = c.app.settings.pageSize
        let r: AuditSearch.Reply
        do {
            r = try c.admin(
                AuditSearch.self,
                .init(
                    employer: employer, offset: (q.page - 1) * size, limit: size,
                    person: q.person.isEmpty ? nil : q.person,
                    action: q.action.isEmpty ? nil : q.action))
        } catch let e as ServiceError where ListParts.notAdmin(e) {
            return ListParts.notAdminPage(c, title: c.t("menu.audit"))
        }
        let pages = max(1, (r.total + size - 1) / size)
        let options =
            [HTML("<option value=\"\">\(c.t("audit.allActions"))</option>")]
            + (r.actions ?? []).map { a -> HTML in
                "<option value=\"\(a)\"\(HTML(raw: a == q.action ? " selected" : ""))>\(actionName(c, a))</option>"
            }
        return Layout.page(
            c, title: c.t("menu.audit"), wide: true,
            """
            <p>\(c.t("audit.intro"))</p>
            <form method="get" action="/audit" id="audit-search">
            <h2>\(c.t("users.search"))</h2>
            <div class="search">
            \(Field.input(.init(id: "person", label: c.t("field.person"), value: q.person, type: "search", hint: c.t("audit.personHint")), FieldErrors()))
            <div class="field"><label for="action">\(c.t("field.action"))</label><select id="action" name="action">\(options)</select></div>
            </div>
            <div class="toolbar">
            \(Field.button(c.t("btn.search"), primary: true))
            \(Field.button(c.t("btn.pdf"), formaction: "/audit/export.pdf"))
            \(Field.button(c.t("btn.xlsx"), formaction: "/audit/export.xlsx"))
            </div>
            </form>
            <form method="get" action="/audit" class="toolbar">\(Field.button(c.t("btn.restart")))</form>
            <h2>\(c.t("users.results")) <span class="hint">(\(c.t("audit.count", ["n": String(r.total)])))</span></h2>
            \(table(c, r.entries))
            \(pager(c, q, pages))
            """)
    }

    /// A stored value as the page shows it: times in Swiss format, yes and no in its language.
    static func value(_ c: Context, _ raw: String) -> String {
        raw.count >= 20 && raw.count <= 30 && Date(rfc3339: raw) != nil
            ? SwissTime.format(raw, c.lang) : AuditWording.value(raw, c.lang)
    }

    static func table(_ c: Context, _ entries: [AuditEntry]) -> HTML {
        let rows = entries.map { e -> HTML in
            let changes = e.changes.map { ch -> HTML in
                let before: HTML =
                    ch.before.isEmpty
                    ? .empty
                    : "<del><span class=\"visually-hidden\">\(c.t("audit.before")) </span>\(value(c, ch.before))</del> → "
                let after: HTML =
                    ch.after.isEmpty
                    ? "–"
                    : "<ins><span class=\"visually-hidden\">\(c.t("audit.after")) </span>\(value(c, ch.after))</ins>"
                return "<li><span class=\"field-name\">\(fieldName(c, ch.field))</span>: \(before)\(after)</li>"
            }
            return """
                <tr><td>\(SwissTime.format(e.at, c.lang))</td><td>\(e.actor)</td><td>\(actionName(c, e.action.rawValue))</td><td>\(e.target)</td>
                <td>\(changes.isEmpty ? HTML.empty : "<ul class=\"changes\">\(changes)</ul>")</td></tr>
                """
        }
        let empty: HTML =
            entries.isEmpty ? "<tr><td colspan=\"5\" class=\"empty\">\(c.t("home.empty"))</td></tr>" : .empty
        return """
            <div class="table-scroll"><table id="audit"><thead><tr><th scope="col">\(c.t("col.when"))</th><th scope="col">\(c.t("col.actor"))</th>
            <th scope="col">\(c.t("col.action"))</th><th scope="col">\(c.t("col.target"))</th><th scope="col">\(c.t("col.change"))</th></tr></thead>
            <tbody>\(rows)\(empty)</tbody></table></div>
            """
    }

    static func pager(_ c: Context, _ q: Query, _ pages: Int) -> HTML {
        ListParts.pager(c, page: q.page, pages: pages) { "/audit" + q.query(page: $0) }
    }

    static func export(_ c: Context, _ format: ExportFormat) throws -> HTTPResponse {
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        let q = Query(c.request)
        let r = try c.admin(
            AuditExport.self,
            .init(
                employer: employer, format: format, person: q.person.isEmpty ? nil : q.person,
                action: q.action.isEmpty ? nil : q.action))
        return ListParts.download(c, r, fallback: "audit", format)
    }
}
