import Client
import Contracts
import Runtime
import Wire

/// `Gestion des mandants`: the employers the person acts for, searched by name,
/// number, alias or town (admin's `admin.mandants.search`), each with the
/// person's alias and default (`admin.mandants.update`), and `Choisir` to work
/// for it. The switch (`POST /mandants/switch`, also in every page's header)
/// only changes the mandant in the sealed state cookie: no new login, and any
/// portal process holding the same cookie key carries on with it.
enum MandantPages {
    static func register(_ r: inout Router) {
        r.on("GET", "/mandants", .signedIn) { c in try list(c) }
        r.on("POST", "/mandants/switch", .signedIn) { c in try switchMandant(c) }
        r.on("GET", "/mandants/edit", .signedIn) { c in try edit(c) }
        r.on("POST", "/mandants/edit", .signedIn) { c in try save(c) }
    }

    static func displayName(_ m: MandantEntry) -> String { m.alias.isEmpty ? m.name : m.alias }

    static func access(_ c: Context, _ m: MandantEntry) -> String {
        if m.admin { return c.t("field.admin") }
        if m.delegated {
            return m.delegationEndsAt.map { c.t("mandants.until", ["date": DelegationPages.lastDay($0)]) }
                ?? c.t("mandants.delegated")
        }
        return c.t("mandants.user")
    }

    static func list(_ c: Context) throws -> HTTPResponse {
        let me = try c.me()
        let text = c.request.query.first { $0.0 == "text" }?.1.trimmingCharacters(in: .whitespaces) ?? ""
        let found = try c.admin(MandantsSearch.self, .init(text: text.isEmpty ? nil : text)).mandants
        let rows = found.map { m -> HTML in
            let current = m.number == c.state.mandant
            let label = "\(m.number) \(displayName(m))"
            return """
                <tr\(HTML(raw: current ? " aria-current=\"true\" class=\"current\"" : ""))><td>\(m.number)</td><td>\(m.name)</td><td>\(m.alias)</td><td>\(m.city ?? "")</td>
                <td>\(access(c, m))</td><td>\(m.isDefault ? c.t("yes") : "")</td>
                <td><form method="post" action="/mandants/switch" class="inline">\(Layout.csrf(c))<input type="hidden" name="mandant" value="\(m.number)"><input type="hidden" name="back" value="/">
                \(current ? HTML("<span class=\"hint\">\(c.t("mandants.current"))</span>") : Field.button(c.t("btn.choose"), primary: true, extra: " aria-label=\"\(HTML.escape(c.t("btn.choose") + " " + label))\""))
                <a class="button" href="/mandants/edit?employer=\(UserQuery.encode(m.number))" aria-label="\(c.t("btn.edit") + " " + label)">\(c.t("btn.edit"))</a></form></td></tr>
                """
        }
        let empty: HTML =
            rows.isEmpty ? "<tr><td colspan=\"7\" class=\"empty\">\(c.t("mandants.none"))</td></tr>" : .empty
        return Layout.page(
            c, title: c.t("mandants.title"), wide: true,
            """
            <p>\(c.t("mandants.intro"))</p>
            <form method="get" action="/mandants" role="search">
            <h2>\(c.t("mandants.search"))</h2>
            <div class="search">
            \(Field.input(.init(id: "text", label: c.t("field.text"), value: text, type: "search", hint: c.t("mandants.searchHint")), FieldErrors()))
            </div>
            <div class="toolbar">\(Field.button(c.t("btn.search"), primary: true))<a class="button" href="/mandants">\(c.t("btn.restart"))</a></div>
            </form>
            <div class="scroll"><table id="mandants"><thead><tr><th scope="col">\(c.t("mandants.col.number"))</th><th scope="col">\(c.t("mandants.col.name"))</th>
            <th scope="col">\(c.t("mandants.col.alias"))</th><th scope="col">\(c.t("mandants.col.town"))</th><th scope="col">\(c.t("mandants.col.access"))</th>
            <th scope="col">\(c.t("mandants.col.default"))</th><th scope="col">\(c.t("mandants.col.actions"))</th></tr></thead>
            <tbody>\(rows)\(empty)</tbody></table></div>
            \(try tasks(c, me))
            """)
    }

    /// The invitations waiting for this person's answer, under the list.
    static func tasks(_ c: Context, _ me: AdminMe.Reply) throws -> HTML {
        guard !(me.invitations ?? []).isEmpty else { return .empty }
        let panel = try InvitationTasks.render(c, me)
        return """
            <section class="panel" aria-labelledby="tasks"><h2 id="tasks">\(c.t("home.tasks"))</h2>\(panel)</section>
            """
    }

    /// After a switch, a page about one record of the previous employer makes no sense: its list instead.
    static func afterSwitch(_ back: String) -> String {
        for prefix in ["/users/", "/mandants/edit"] where back.hasPrefix(prefix) {
            return prefix == "/users/" ? "/users" : "/mandants"
        }
        return back
    }

    static func switchMandant(_ c: Context) throws -> HTTPResponse {
        guard let number = try c.form.value("mandant"), !number.isEmpty else { return .seeOther("/mandants") }
        let me = try c.me()
        guard me.mandants.contains(where: { $0.number == number }) else {
            // A delegation ended or a membership was removed since the page was shown.
            c.state.flash = "mandants.gone"
            return .seeOther("/mandants")
        }
        c.state.mandant = number
        c.state.isAdmin = me.mandants.first { $0.number == number }?.admin == true ? true : nil
        c.state.flash = "mandants.switched"
        return .seeOther(afterSwitch(c.localPath(try c.form.value("back"))))
    }

    static func entry(_ c: Context, _ number: String?) throws -> MandantEntry? {
        guard let number, !number.isEmpty else { return nil }
        return try c.admin(MandantsSearch.self, .init()).mandants.first { $0.number == number }
    }

    static func edit(_ c: Context) throws -> HTTPResponse {
        _ = try c.me()
        guard let m = try entry(c, c.request.query.first { $0.0 == "employer" }?.1) else {
            return .seeOther("/mandants")
        }
        return form(c, m, alias: m.alias, isDefault: m.isDefault)
    }

    static func form(
        _ c: Context, _ m: MandantEntry, alias: String, isDefault: Bool, errors: FieldErrors = FieldErrors(),
        status: Int = 200
    ) -> HTTPResponse {
        c.returnPath = "/mandants/edit?employer=" + UserQuery.encode(m.number)
        return Layout.page(
            c, title: c.t("mandants.editTitle"), heading: "\(c.t("mandants.editTitle")) – \(m.number)", status: status,
            """
            \(errors.banner())
            <form method="post" action="/mandants/edit" novalidate>\(Layout.csrf(c))<input type="hidden" name="employer" value="\(m.number)">
            \(Field.shown(c.t("mandants.col.number"), m.number))
            \(Field.shown(c.t("mandants.col.name"), m.name))
            \(Field.shown(c.t("mandants.col.town"), m.city ?? ""))
            \(Field.input(.init(id: "alias", label: c.t("mandants.col.alias"), value: alias, hint: c.t("mandants.aliasHint"),
                             extra: " maxlength=\"100\""), errors))
            \(Field.checkbox(id: "isDefault", label: c.t("mandants.isDefault"), checked: isDefault, errors))
            <div class="actions"><a class="button" href="/mandants">\(c.t("btn.cancel"))</a>\(Field.button(c.t("btn.save"), primary: true))</div>
            </form>
            """)
    }

    static func save(_ c: Context) throws -> HTTPResponse {
        _ = try c.me()
        guard let m = try entry(c, try c.form.value("employer")) else {
            c.state.flash = "mandants.gone"
            return .seeOther("/mandants")
        }
        let alias = try c.form.string("alias")
        let isDefault = try c.form.value("isDefault") != nil
        do {
            _ = try c.admin(
                MandantsUpdate.self,
                .init(
                    employer: m.number, alias: alias,
                    isDefault: isDefault == m.isDefault ? nil : isDefault))
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            return form(
                c, m, alias: alias, isDefault: isDefault,
                errors: FieldErrors(c.refusal(e), fields: ["alias", "isDefault"]), status: 400)
        }
        c.state.flash = "mandants.saved"
        return .seeOther("/mandants")
    }
}
