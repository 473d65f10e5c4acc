import Client
import Contracts
import Foundation
import Runtime
import Wire

/// "Paramètres de délégation": an employer's connect administrator grants an
/// outside person (a fiduciary) access by e-mail to chosen themes until an end
/// date, sees the register, and revokes. admin decides everything (the step-up,
/// who may be a delegate, the end of access the day after the end date).
enum DelegationPages {
    static func register(_ r: inout Router) {
        r.on("GET", "/delegations", .signedIn) { c in try show(c) }
        r.on("POST", "/delegations", .signedIn, limited: true) { c in try grant(c) }
        r.on("POST", "/delegations/revoke", .signedIn) { c in try revoke(c) }
    }

    /// What the grant form holds between a refusal and the next try.
    struct Draft {
        var email = "", endsAt = "", firstName = "", lastName = ""
        var language: Language?
        var themes: Set<String> = []
    }

    static func show(
        _ c: Context, _ d: Draft = Draft(), errors: FieldErrors = FieldErrors(), reauth: Bool = false,
        status: Int = 200
    ) throws -> HTTPResponse {
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        let list: [DelegationInfo]
        do {
            list = try c.admin(DelegationsList.self, .init(employer: employer)).delegations
        } catch let e as ServiceError where ListParts.notAdmin(e) {
            return ListParts.notAdminPage(c, title: c.t("menu.delegation"))
        }
        let themes = try c.admin(ThemesList.self, Empty()).themes.dropFirst()
        let names = Dictionary(themes.map { ($0.key, $0.name) }) { a, _ in a }
        c.returnPath = "/delegations"
        return Layout.page(
            c, title: c.t("menu.delegation"), wide: true, status: status,
            """
            <p>\(c.t("deleg.intro"))</p>
            <section aria-labelledby="list-title"><h2 id="list-title">\(c.t("deleg.listTitle"))</h2>
            \(table(c, list, names))
            </section>
            <section aria-labelledby="grant-title"><h2 id="grant-title">\(c.t("deleg.grantTitle"))</h2>
            \(errors.banner())
            <form method="post" action="/delegations" novalidate>\(Layout.csrf(c))
            \(reauth ? ReauthBox.render(c, errors) : .empty)
            \(Field.input(.init(id: "email", label: c.t("field.email"), value: d.email, type: "email", required: true, autocomplete: "off"), errors))
            <fieldset id="themes"\(HTML(raw: errors.byField["themes"] != nil ? " aria-describedby=\"themes-error\"" : ""))><legend>\(c.t("deleg.themes"))</legend>
            \(Field.errorLine("themes", errors.byField["themes"]))
            \(themes.map { t in Field.checkbox(id: "theme-\(t.key)", name: "themes", value: t.key, label: t.name,
                                            checked: d.themes.contains(t.key), FieldErrors(), hint: t.description) })
            </fieldset>
            \(Field.input(.init(id: "endsAt", label: c.t("field.endsAt"), value: d.endsAt, type: "date", hint: c.t("deleg.endsHint")), errors))
            <fieldset><legend>\(c.t("deleg.namesTitle"))</legend>
            \(Field.input(.init(id: "firstName", label: c.t("field.firstName"), value: d.firstName, autocomplete: "off"), errors))
            \(Field.input(.init(id: "lastName", label: c.t("field.lastName"), value: d.lastName, autocomplete: "off"), errors))
            \(Field.languageSelect(c, selected: d.language ?? c.lang, errors))
            </fieldset>
            <div class="actions">\(Field.button(c.t("btn.grant"), primary: true))</div>
            </form></section>
            """)
    }

    static func table(_ c: Context, _ list: [DelegationInfo], _ names: [String: String]) -> HTML {
        let rows = list.map { d -> HTML in
            let who = d.displayName.isEmpty ? d.email : "\(d.displayName) (\(d.email))"
            let revoke: HTML =
                d.state == "active"
                ? """
                <form method="post" action="/delegations/revoke">\(Layout.csrf(c))<input type="hidden" name="delegationId" value="\(d.delegationId)">
                \(Field.button(c.t("btn.revoke"), extra: " aria-label=\"\(HTML.escape(c.t("btn.revoke") + " – " + who))\""))</form>
                """ : .empty
            return """
                <tr><td>\(who)</td><td>\(d.themes.map { names[$0] ?? $0 }.joined(separator: ", "))</td>
                <td>\(d.endsAt.map(lastDay) ?? c.t("deleg.noEnd"))</td><td>\(c.t("deleg.state.\(d.state)"))</td>
                <td>\(d.grantedBy) · \(SwissTime.format(d.grantedAt, c.lang))</td><td>\(revoke)</td></tr>
                """
        }
        let empty: HTML = list.isEmpty ? "<tr><td colspan=\"6\" class=\"empty\">\(c.t("home.empty"))</td></tr>" : .empty
        return """
            <div class="table-scroll"><table id="delegations"><thead><tr><th scope="col">\(c.t("col.person"))</th><th scope="col">\(c.t("deleg.themes"))</th>
            <th scope="col">\(c.t("col.until"))</th><th scope="col">\(c.t("col.state"))</th><th scope="col">\(c.t("col.grantedBy"))</th>
            <th scope="col"><span class="visually-hidden">\(c.t("btn.revoke"))</span></th></tr></thead>
            <tbody>\(rows)\(empty)</tbody></table></div>
            """
    }

    /// The last day a delegation still works (its end is midnight, Swiss time): dd.MM.yyyy.
    static func lastDay(_ endsAt: String) -> String {
        guard let end = Date(rfc3339: endsAt) else { return endsAt }
        return String(SwissTime.format(end - 1).prefix(10))
    }

    static func grant(_ c: Context) throws -> HTTPResponse {
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        let f = c.form
        var d = Draft()
        d.email = try f.string("email")
        d.endsAt = try f.string("endsAt")
        d.firstName = try f.string("firstName")
        d.lastName = try f.string("lastName")
        d.language = Language(rawValue: try f.string("language"))
        d.themes = Set(f.values("themes"))
        var missing = FieldErrors()
        if d.email.isEmpty { missing.byField["email"] = c.t("error.required") }
        if d.themes.isEmpty { missing.byField["themes"] = c.t("deleg.themesNeeded") }
        guard missing.isEmpty else { return try show(c, d, errors: missing, status: 400) }
        let withNames = !d.firstName.isEmpty || !d.lastName.isEmpty
        do {
            if let p = try f.value("reauthPassword"), !p.isEmpty {
                _ = try c.identity(SessionReauth.self, .init(password: p), authenticated: true)
            }
            _ = try c.admin(
                DelegationsGrant.self,
                .init(
                    employer: employer, email: d.email, themes: d.themes.sorted(),
                    endsAt: d.endsAt.isEmpty ? nil : d.endsAt,
                    firstName: withNames ? d.firstName : nil, lastName: withNames ? d.lastName : nil,
                    language: withNames ? d.language : nil))
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            var mapped = e
            if [.invalidCredentials, .accountLocked, .reauthRequired].contains(e.code) {
                mapped.field = "reauthPassword"
            }
            let fields: Set<String> = [
                "email", "themes", "endsAt", "firstName", "lastName", "language", "reauthPassword",
            ]
            return try show(
                c, d, errors: FieldErrors(c.refusal(mapped), fields: fields, fallback: "email"),
                reauth: mapped.field == "reauthPassword", status: 400)
        }
        c.state.flash = "deleg.granted"
        return .seeOther("/delegations")
    }

    static func revoke(_ c: Context) throws -> HTTPResponse {
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        guard let id = try c.form.value("delegationId"), !id.isEmpty else { return ErrorPages.page(c, status: 400) }
        _ = try c.admin(DelegationsRevoke.self, .init(employer: employer, delegationId: id))
        c.state.flash = "deleg.revokedDone"
        return .seeOther("/delegations")
    }
}

/// The password proof asked in place when admin wants a recent one (`reauth_required`):
/// the field sits inside the form being submitted, so its values are kept.
enum ReauthBox {
    static func render(_ c: Context, _ errors: FieldErrors) -> HTML {
        """
        <section class="dialog" aria-labelledby="reauth-title"><h2 id="reauth-title">\(c.t("field.password"))</h2>
        <p id="reauthPassword-hint">\(c.t("detail.reauth"))</p>
        \(Field.input(.init(id: "reauthPassword", label: c.t("field.password"), type: "password", required: true,
                             autocomplete: "current-password", extra: " autofocus"), errors))
        <div class="actions">\(Field.button(c.t("btn.continue"), primary: true))</div>
        </section>
        """
    }
}
