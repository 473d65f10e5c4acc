import Contracts
import Foundation
import Wire

/// Detail (guide steps 16, 19) → `Editer` (17, 20): names, e-mail, language,
/// `Bloqué jusqu'au` (clear), `Désactivé`, the `Autorisation` table with
/// `Administrateur connect` and the themes; `Mémoriser`. Admin's refusals show
/// beside their field; a step-up asks for the password in place, then saves
/// what was submitted.
enum UserDetailPages {
    static func register(_ r: inout Router) {
        r.on("GET", "/users/detail", .signedIn) { c in try detail(c) }
        r.on("GET", "/users/edit", .signedIn) { c in try edit(c) }
        r.on("POST", "/users/edit", .signedIn) { c in try save(c) }
    }

    static func selectedId(_ c: Context) -> String? {
        let ids = c.request.query.filter { $0.0 == "id" }.map(\.1).filter { !$0.isEmpty }
        return ids.count == 1 ? ids[0] : nil
    }

    /// The state in the page's words; a state this portal does not know yet shows as sent.
    static func stateLabel(_ c: Context, _ state: String) -> String {
        let key = "detail.state.\(state)"
        let text = c.t(key)
        return text == key ? state : text
    }

    static func load(_ c: Context, _ id: String) throws -> (String, UserDetail, [ThemeInfo])? {
        guard let employer = try UserListPage.employer(c) else { return nil }
        let user = try c.admin(UsersGet.self, .init(employer: employer, userId: id)).user
        // admin.themes.list gives the admin right first, then the themes.
        let themes = try c.admin(ThemesList.self, Empty()).themes
        return (employer, user, themes)
    }

    static func detail(_ c: Context) throws -> HTTPResponse {
        guard let id = selectedId(c) else { return try UserListPage.show(c, notice: c.t("users.selectOne")) }
        guard let (_, u, themes) = try load(c, id) else { return .seeOther("/mandants") }
        let names = themes.dropFirst().filter { u.themes.contains($0.key) }.map(\.name)
        let rights = ([u.admin ? c.t("field.admin") : nil].compactMap { $0 } + names).joined(separator: ", ")
        let rows: [(String, String)] = [
            ("field.firstName", u.firstName), ("field.lastName", u.lastName), ("field.email", u.email),
            ("field.state", stateLabel(c, u.state.rawValue)),
            ("field.lockedUntil", u.lockedUntil.map { SwissTime.format($0, c.lang) } ?? c.t("detail.notLocked")),
            ("field.disabled", c.t(u.disabled ? "yes" : "no")),
            ("field.language", c.t("language.\(u.language.rawValue)")),
            ("field.phone", u.phone ?? "–"), ("col.mfa", u.mfa.rawValue), ("detail.authorisation", rights),
        ]
        let dl = rows.map { k, v -> HTML in "<dt>\(c.t(k))</dt><dd>\(v)</dd>" }
        return Layout.page(
            c, title: u.displayName, wide: true,
            """
            <dl class="detail">\(dl)</dl>
            <form method="get" action="/users/edit"><input type="hidden" name="id" value="\(u.userId)">
            <div class="actions"><a class="button" href="/users">\(c.t("btn.back"))</a>\(Field.button(c.t("btn.edit"), primary: true))</div>
            </form>
            """)
    }

    struct Values {
        var firstName: String, lastName: String, language: Language, phone = "", clearLock = false
        var disabled: Bool, admin: Bool, themes: Set<String>
        init(_ u: UserDetail) {
            firstName = u.firstName
            lastName = u.lastName
            language = u.language
            disabled = u.disabled
            admin = u.admin
            themes = Set(u.themes)
        }
    }

    static func edit(_ c: Context) throws -> HTTPResponse {
        guard let id = selectedId(c) else { return try UserListPage.show(c, notice: c.t("users.selectOne")) }
        guard let (_, u, themes) = try load(c, id) else { return .seeOther("/mandants") }
        return form(c, u, themes, Values(u))
    }

    static func form(
        _ c: Context, _ u: UserDetail, _ themes: [ThemeInfo], _ v: Values, errors: FieldErrors = FieldErrors(),
        reauth: Bool = false, status: Int = 200
    ) -> HTTPResponse {
        let lock: HTML =
            u.lockedUntil.map { until in
                "\(Field.shown(c.t("field.lockedUntil"), SwissTime.format(until, c.lang)))\(Field.checkbox(id: "clearLock", label: c.t("field.clearLock"), checked: v.clearLock, errors))"
            } ?? Field.shown(c.t("field.lockedUntil"), c.t("detail.notLocked"))
        let adminRight = themes.first
        let themeRows = themes.dropFirst().map { t -> HTML in
            "<tr><td><input type=\"checkbox\" id=\"theme-\(t.key)\" name=\"themes\" value=\"\(t.key)\"\(HTML(raw: v.themes.contains(t.key) ? " checked" : ""))\(HTML(raw: Field.described(t.key, hint: false, error: errors.byField["themes"] != nil, errorId: "themes-error")))></td><td><label for=\"theme-\(t.key)\">\(t.name)</label></td><td>\(t.description)</td></tr>"
        }
        let reauthPart = reauth ? ReauthBox.render(c, errors) : .empty
        let phoneHint = c.t("detail.phoneHint", ["phone": u.phone ?? "–"])
        c.returnPath = "/users/edit?id=" + UserQuery.encode(u.userId)
        return Layout.page(
            c, title: c.t("btn.edit"), heading: "\(c.t("btn.edit")) – \(u.displayName)", wide: true, status: status,
            """
            \(errors.banner())
            <form method="post" action="/users/edit" novalidate>\(Layout.csrf(c))
            <input type="hidden" name="id" value="\(u.userId)">
            \(reauthPart)
            \(Field.input(.init(id: "firstName", label: c.t("field.firstName"), value: v.firstName, required: true), errors))
            \(Field.input(.init(id: "lastName", label: c.t("field.lastName"), value: v.lastName, required: true), errors))
            \(Field.shown(c.t("field.email"), u.email))
            \(Field.shown(c.t("field.state"), stateLabel(c, u.state.rawValue)))
            \(lock)
            \(Field.checkbox(id: "disabled", label: c.t("field.disabled"), checked: v.disabled, errors))
            \(Field.languageSelect(c, selected: v.language, errors))
            \(Field.input(.init(id: "phone", label: c.t("field.phone"), value: v.phone, type: "tel", autocomplete: "off", hint: phoneHint), errors))
            <h2>\(c.t("detail.authorisation"))</h2>
            \(Field.errorLine("themes", errors.byField["themes"]))
            <div class="table-scroll"><table id="authorisation"><thead><tr><th scope="col">\(c.t("col.x"))</th><th scope="col">\(c.t("col.themeName"))</th><th scope="col">\(c.t("col.description"))</th></tr></thead>
            <tbody>
            <tr><td><input type="checkbox" id="admin" name="admin" value="1"\(HTML(raw: v.admin ? " checked" : ""))\(HTML(raw: Field.described("admin", hint: false, error: errors.byField["admin"] != nil)))></td>
            <td><label for="admin">\(adminRight?.name ?? c.t("field.admin"))</label>\(Field.errorLine("admin", errors.byField["admin"]))</td><td>\(adminRight?.description ?? "")</td></tr>
            \(themeRows)
            </tbody></table></div>
            <div class="actions"><a class="button" href="/users/detail?id=\(UserQuery.encode(u.userId))">\(c.t("btn.cancel"))</a>\(Field.button(c.t("btn.save"), primary: true))</div>
            </form>
            """)
    }

    static func save(_ c: Context) throws -> HTTPResponse {
        guard let id = try c.form.value("id"), !id.isEmpty, let (employer, u, themes) = try load(c, id) else {
            return ErrorPages.page(c, status: 400)
        }
        let f = c.form
        var v = Values(u)
        v.firstName = try f.string("firstName")
        v.lastName = try f.string("lastName")
        v.language = Language(rawValue: try f.string("language")) ?? u.language
        v.phone = try f.string("phone")
        v.clearLock = try f.value("clearLock") != nil
        v.disabled = try f.value("disabled") != nil
        v.admin = try f.value("admin") != nil
        v.themes = Set(f.values("themes"))
        let password = try f.value("reauthPassword") ?? ""
        do {
            if !password.isEmpty {
                _ = try c.identity(SessionReauth.self, .init(password: password), authenticated: true)
            }
            let reply = try c.admin(
                UsersUpdate.self,
                .init(
                    employer: employer, userId: u.userId,
                    firstName: v.firstName == u.firstName ? nil : v.firstName,
                    lastName: v.lastName == u.lastName ? nil : v.lastName,
                    language: v.language == u.language ? nil : v.language, phone: v.phone.isEmpty ? nil : v.phone,
                    disabled: v.disabled == u.disabled ? nil : v.disabled, clearLockout: v.clearLock,
                    admin: v.admin == u.admin ? nil : v.admin,
                    themes: v.themes == Set(u.themes)
                        ? nil : themes.dropFirst().map(\.key).filter { v.themes.contains($0) }))
            // A new phone is in force only once its SMS code is typed: that step comes next.
            if reply.next == .confirmPhone { return PhoneChangePages.start(c, userId: u.userId, phone: v.phone) }
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            let fields: Set<String> = [
                "firstName", "lastName", "language", "phone", "disabled", "admin", "themes", "clearLock",
                "reauthPassword",
            ]
            if e.code == .reauthRequired {
                return form(
                    c, u, themes, v, errors: FieldErrors(c.refusal(e), fields: [], fallback: "reauthPassword"),
                    reauth: true)
            }
            var mapped = e
            if e.code == .invalidCredentials || e.code == .accountLocked { mapped.field = "reauthPassword" }
            if e.field == "lockedUntil" { mapped.field = "clearLock" }
            let fallback = e.code == .lastAdmin ? (v.disabled && !u.disabled ? "disabled" : "admin") : nil
            return form(
                c, u, themes, v, errors: FieldErrors(c.refusal(mapped), fields: fields, fallback: fallback),
                reauth: mapped.field == "reauthPassword")
        }
        c.state.flash = "detail.saved"
        return .seeOther("/users/detail?id=" + UserQuery.encode(u.userId))
    }
}
