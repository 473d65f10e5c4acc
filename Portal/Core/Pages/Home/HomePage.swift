import Shared

/// Home (guide step 5): the employer's number, name and address, `Tâches` and
/// `Nouveautés`; the mandant picker (`Gestion des mandants`) for people who act
/// for several employers; honest pages for the menu entries built later.
enum HomePage {
    static func register(_ r: inout Router) {
        r.on("GET", "/mandants", .signedIn) { c in try mandants(c) }
        r.on("POST", "/mandants", .signedIn) { c in try choose(c) }
        r.on("POST", "/invitations", .signedIn) { c in try InvitationTasks.answer(c) }
        for (path, key) in [("/profile", "menu.profile"), ("/settings", "menu.settings")] {
            r.on("GET", path, .signedIn) { c in _ = try c.me(); return soon(c, key) }
        }
    }

    static func show(_ c: Context) throws -> HTTPResponse {
        let me = try c.me()
        guard let number = c.state.mandant, let m = me.mandants.first(where: { $0.number == number }) else {
            if me.mandants.count > 1 { return .seeOther("/mandants") }
            return Layout.page(c, title: "connect", heading: c.t("menu.home"), """
            <p>\(c.t("home.noMandant"))</p>
            <section class="panel" aria-labelledby="tasks"><h2 id="tasks">\(c.t("home.tasks"))</h2>\(try InvitationTasks.render(c, me))</section>
            """)
        }
        // The guide's line: "Rue d'Exemple, 0000 Ville modèle".
        let address = me.addresses?[m.number].map { a in
            [a.street, "\(a.postcode) \(a.city)".trimmingCharacters(in: .whitespaces)].filter { !$0.isEmpty }.joined(separator: ", ")
        } ?? ""
        return Layout.page(c, title: m.name, wide: true, """
        <div class="employer">
        <div class="number">\(m.number)</div>
        <div>\(m.name)</div>
        \(address.isEmpty ? HTML.empty : "<div>\(address)</div>")
        \(try rights(c, m))
        </div>
        <div class="panels">
        <section class="panel" aria-labelledby="tasks"><h2 id="tasks">\(c.t("home.tasks"))</h2>\(try InvitationTasks.render(c, me))</section>
        <section class="panel" aria-labelledby="news"><h2 id="news">\(c.t("home.news"))</h2>\(NewsPanel.render(c))</section>
        </div>
        """)
    }

    /// What the person may do for this mandant: a delegate sees only the themes
    /// delegated (and until when), an admin the admin right first.
    static func rights(_ c: Context, _ m: Mandant) throws -> HTML {
        let themes = try c.admin(ThemesList.self, Empty()).themes
        let names = ([m.admin ? themes.first?.name ?? c.t("field.admin") : nil].compactMap { $0 }
                     + themes.dropFirst().filter { m.themes.contains($0.key) }.map(\.name))
        let delegated: HTML = m.delegated == true
            ? "<div class=\"hint\" id=\"delegation\">\(m.delegationEndsAt.map { c.t("home.delegatedUntil", ["day": DelegationPages.lastDay($0)]) } ?? c.t("home.delegated"))</div>"
            : .empty
        return """
        <div id="rights">\(c.t("home.rights", ["rights": names.isEmpty ? c.t("invite.noRights") : names.joined(separator: ", ")]))</div>\(delegated)
        """
    }

    static func mandants(_ c: Context) throws -> HTTPResponse {
        let me = try c.me()
        let rows = me.mandants.map { m -> HTML in
            let current = m.number == c.state.mandant
            return """
            <tr><td>\(m.number)</td><td>\(m.alias.flatMap { $0.isEmpty ? nil : $0 } ?? m.name)</td>
            <td>\(m.admin ? c.t("field.admin") : "")</td>
            <td><form method="post" action="/mandants">\(Layout.csrf(c))<input type="hidden" name="employer" value="\(m.number)">
            \(Field.button(c.t("btn.choose"), primary: !current, extra: " aria-label=\"\(HTML.escape(c.t("btn.choose") + " " + m.number))\""))</form></td></tr>
            """
        }
        return Layout.page(c, title: c.t("mandants.title"), wide: true, """
        <p>\(c.t("mandants.intro"))</p>
        <table id="mandants"><thead><tr><th scope="col">\(c.t("col.reference"))</th><th scope="col">\(c.t("col.themeName"))</th>
        <th scope="col">\(c.t("detail.authorisation"))</th><th scope="col"><span class="visually-hidden">\(c.t("btn.choose"))</span></th></tr></thead>
        <tbody>\(rows)</tbody></table>
        \((me.invitations ?? []).isEmpty ? HTML.empty : """
        <section class="panel" aria-labelledby="tasks"><h2 id="tasks">\(c.t("home.tasks"))</h2>\(try InvitationTasks.render(c, me))</section>
        """)
        """)
    }

    static func choose(_ c: Context) throws -> HTTPResponse {
        let me = try c.me()
        guard let number = try c.form.value("employer"), me.mandants.contains(where: { $0.number == number }) else {
            return ErrorPages.page(c, status: 400)
        }
        c.state.mandant = number
        c.state.isAdmin = me.mandants.first { $0.number == number }?.admin == true ? true : nil
        return .seeOther("/")
    }

    static func soon(_ c: Context, _ key: String) -> HTTPResponse {
        Layout.page(c, title: c.t(key), "<p>\(c.t("soon.text"))</p><p><a href=\"/\">\(c.t("error.back"))</a></p>")
    }
}
