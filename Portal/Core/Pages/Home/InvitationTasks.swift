import Contracts
import Wire

/// `Tâches` on home: employers whose admin added the person's existing account
/// wait for their consent (`admin.me`'s `invitations`). `Accepter` puts the
/// membership in force (the employer joins the mandants), `Refuser` deletes it.
enum InvitationTasks {
    static func render(_ c: Context, _ me: AdminMe.Reply) throws -> HTML {
        let invitations = me.invitations ?? []
        let pending = try PendingTasks.render(c, me)
        guard !invitations.isEmpty else {
            return pending.isEmpty
                ? "<p class=\"empty\">\(c.t("home.empty"))</p>" : "<ul class=\"tasks\">\(pending)</ul>"
        }
        // Theme keys → their names, in the page's language (the admin right comes first).
        let names = Dictionary(try c.admin(ThemesList.self, Empty()).themes.dropFirst().map { ($0.key, $0.name) }) {
            a, _ in a
        }
        let items = invitations.map { i -> HTML in
            let rights = ([i.admin ? c.t("field.admin") : nil].compactMap { $0 } + i.themes.map { names[$0] ?? $0 })
            let label = "\(i.name) (\(i.employer))"
            return """
                <li class="invitation"><p>\(c.t("invite.text", ["name": i.name, "number": i.employer]))</p>
                <p class="hint">\(c.t("invite.rights", ["rights": rights.isEmpty ? c.t("invite.noRights") : rights.joined(separator: ", ")])) · \(c.t("invite.since", ["time": SwissTime.format(i.invitedAt, c.lang)]))</p>
                <form method="post" action="/invitations">\(Layout.csrf(c))<input type="hidden" name="employer" value="\(i.employer)">
                <div class="actions">\(Field.button(c.t("btn.decline"), name: "answer", value: "decline", extra: " aria-label=\"\(HTML.escape(c.t("btn.decline") + " – " + label))\""))\(Field.button(c.t("btn.accept"), name: "answer", value: "accept", primary: true, extra: " aria-label=\"\(HTML.escape(c.t("btn.accept") + " – " + label))\""))</div>
                </form></li>
                """
        }
        return "<ul class=\"tasks\">\(items)\(pending)</ul>"
    }

    static func answer(_ c: Context) throws -> HTTPResponse {
        guard let employer = try c.form.value("employer"), !employer.isEmpty,
            let answer = (try c.form.value("answer")).flatMap(InvitationAnswer.init(rawValue:))
        else {
            return ErrorPages.page(c, status: 400)
        }
        do {
            _ = try c.admin(InvitationsAnswer.self, .init(employer: employer, answer: answer))
        } catch let e as ServiceError where e.code == .notFound {
            // Answered already (another tab) or withdrawn by the employer.
            c.state.flash = "invite.gone"
            return .seeOther("/")
        }
        c.state.flash = answer == .accept ? "invite.accepted" : "invite.declined"
        return .seeOther("/")
    }
}
