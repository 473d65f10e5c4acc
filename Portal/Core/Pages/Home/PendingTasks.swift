import Client
import Contracts
import Runtime
import Wire

/// `Tâches` for a connect administrator of the current mandant: the people the
/// employer invited who have not finished (`admin.users.pending`). Variant 2
/// (no first login yet) and an existing account that has not consented get
/// `Renvoyer` (admin queues the e-mail again); variant 1 (the SMS code not yet
/// confirmed) gets `Renvoyer le code SMS`, which opens `Editer` on the phone:
/// the admin types the number the person gives, and the SMS dialog follows.
enum PendingTasks {
    static func register(_ r: inout Router) {
        r.on("POST", "/tasks/resend", .signedIn) { c in try resend(c) }
    }

    /// The list items (empty when the person is no admin here or nobody waits).
    static func render(_ c: Context, _ me: AdminMe.Reply) throws -> [HTML] {
        guard let number = c.state.mandant, me.mandants.contains(where: { $0.number == number && $0.admin }) else {
            return []
        }
        let users: [PendingUser]
        do {
            users = try c.admin(UsersPending.self, .init(employer: number)).users
        } catch let e as ServiceError where e.code == .forbidden || e.code == .notFound {
            return []
        }
        return users.map { u -> HTML in
            let key =
                u.awaitingConsent ? "task.consent" : u.state == .pendingPhone ? "task.pendingPhone" : "task.invited"
            let label = "\(u.displayName) (\(u.email))"
            let action: HTML
            if u.state == .pendingPhone && !u.awaitingConsent {
                action =
                    "<a class=\"button\" href=\"/users/edit?id=\(UserQuery.encode(u.userId))#phone\" aria-label=\"\(c.t("btn.resend") + " – " + label)\">\(c.t("btn.resend"))</a>"
            } else {
                action = """
                    <form method="post" action="/tasks/resend">\(Layout.csrf(c))<input type="hidden" name="userId" value="\(u.userId)">
                    \(Field.button(c.t("btn.sendAgain"), primary: true, extra: " aria-label=\"\(HTML.escape(c.t("btn.sendAgain") + " – " + label))\""))</form>
                    """
            }
            return """
                <li class="pending" data-user="\(u.userId)"><p>\(c.t(key, ["name": u.displayName, "email": u.email]))</p>
                <p class="hint">\(c.t("invite.since", ["time": SwissTime.format(u.invitedAt, c.lang)]))</p>
                <div class="actions">\(action)</div></li>
                """
        }
    }

    static func resend(_ c: Context) throws -> HTTPResponse {
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        guard let userId = try c.form.value("userId"), !userId.isEmpty else { return ErrorPages.page(c, status: 400) }
        do {
            _ = try c.admin(UsersResendInvitation.self, .init(employer: employer, userId: userId))
        } catch let e as ServiceError where e.code == .conflict || e.code == .notFound {
            // Finished meanwhile (another tab, or the person just logged in).
            c.state.flash = "task.gone"
            return .seeOther("/")
        } catch let e as ServiceError where e.code == .rateLimited {
            c.state.flash = "task.wait"
            return .seeOther("/")
        }
        c.state.flash = "task.sent"
        return .seeOther("/")
    }
}
