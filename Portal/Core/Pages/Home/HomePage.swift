import Contracts
import Wire

/// Home (guide step 5): the employer's number, name and address, `Tâches` and
/// `Nouveautés`; people who act for several employers without a default choose
/// one first (`Gestion des mandants`).
enum HomePage {
    static func register(_ r: inout Router) {
        r.on("POST", "/invitations", .signedIn) { c in try InvitationTasks.answer(c) }
    }

    static func show(_ c: Context) throws -> HTTPResponse {
        let me = try c.me()
        guard let number = c.state.mandant, let m = me.mandants.first(where: { $0.number == number }) else {
            if me.mandants.count > 1 { return .seeOther("/mandants") }
            return Layout.page(
                c, title: "connect", heading: c.t("menu.home"),
                """
                <p>\(c.t("home.noMandant"))</p>
                <section class="panel" aria-labelledby="tasks"><h2 id="tasks">\(c.t("home.tasks"))</h2>\(try InvitationTasks.render(c, me))</section>
                """)
        }
        // The guide's line: "Rue d'Exemple, 0000 Ville modèle".
        let address =
            me.addresses?[m.number].map { a in
                [a.street, "\(a.postcode) \(a.city)".trimmingCharacters(in: .whitespaces)].filter { !$0.isEmpty }
                    .joined(separator: ", ")
            } ?? ""
        return Layout.page(
            c, title: m.name, wide: true,
            """
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
        let names =
            ([m.admin ? themes.first?.name ?? c.t("field.admin") : nil].compactMap { $0 }
                + themes.dropFirst().filter { m.themes.contains($0.key) }.map(\.name))
        let delegated: HTML =
            m.delegated == true
            ? "<div class=\"hint\" id=\"delegation\">\(m.delegationEndsAt.map { c.t("home.delegatedUntil", ["day": DelegationPages.lastDay($0)]) } ?? c.t("home.delegated"))</div>"
            : .empty
        return """
            <div id="rights">\(c.t("home.rights", ["rights": names.isEmpty ? c.t("invite.noRights") : names.joined(separator: ", ")]))</div>\(delegated)
            """
    }

}
