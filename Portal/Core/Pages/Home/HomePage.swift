
/// Home (guide step 5): the employer's number, name and address, `Tâches` and
/// `Nouveautés`; people who act for several employers without a default choose
/// one first (`Gestion des mandants`); honest pages for the menu entries built later.
enum HomePage {
    static func register(_ r: inout Router) {
        r.on("POST", "/invitations", .signedIn) { c in try InvitationTasks.answer(c) }
        for (path, key) in [("/delegations", "menu.delegation")] {
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
        </div>
        <div class="panels">
        <section class="panel" aria-labelledby="tasks"><h2 id="tasks">\(c.t("home.tasks"))</h2>\(try InvitationTasks.render(c, me))</section>
        <section class="panel" aria-labelledby="news"><h2 id="news">\(c.t("home.news"))</h2><p class="empty">\(c.t("home.empty"))</p></section>
        </div>
        """)
    }

    static func soon(_ c: Context, _ key: String) -> HTTPResponse {
        Layout.page(c, title: c.t(key), "<p>\(c.t("soon.text"))</p><p><a href=\"/\">\(c.t("error.back"))</a></p>")
    }
}
