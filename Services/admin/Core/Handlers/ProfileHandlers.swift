import Contracts
import Runtime
import Server
import Wire

/// Messages for any signed-in person: who am I and for which employers
/// (`admin.me`), and the rights catalogue (`admin.themes.list`).
struct ProfileHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(AdminMe.self) { ctx, _ in
            let caller = try authorization.caller(ctx)
            let user: UserRecord
            if let copy = try store.db.read({ try store.user($0, accountId: caller.accountId) }) {
                user = copy
            } else {
                // A valid session without a profile here yet (e.g. the registration
                // event is still on its way): identity's account is the truth.
                user = UserRecord(
                    account: try identity.call(
                        AccountGet.self,
                        AccountGet.Body(accountId: caller.accountId), lang: ctx.lang
                    ).account)
            }
            let entries = try store.mandantEntries(accountId: caller.accountId, now: clock.now())
            var addresses: [String: PostalAddress] = [:]
            for m in entries {
                if let e = try store.employer(m.number) {
                    addresses[m.number] = PostalAddress(street: e.street, postcode: e.postcode, city: e.city)
                }
            }
            return AdminMe.Reply(
                user: UserProfile(
                    userId: user.accountId, email: user.email, firstName: user.name.first,
                    lastName: user.name.last, displayName: user.name.displayName, language: user.language),
                // Every live membership (a delegation past its end date is left out, judged now).
                mandants: entries.map {
                    Mandant(
                        number: $0.number, name: $0.name, admin: $0.admin, themes: $0.themes,
                        alias: $0.alias.isEmpty ? nil : $0.alias, isDefault: $0.isDefault ? true : nil,
                        delegated: $0.delegated ? true : nil, delegationEndsAt: $0.delegationEndsAt)
                }, addresses: addresses,
                invitations: try store.invitations(accountId: caller.accountId).nonEmpty)
        }
        router.on(ThemesList.self) { ctx, _ in
            _ = try authorization.caller(ctx)
            return ThemesList.Reply(themes: catalogue.list(ctx.lang))
        }
        router.on(AuditSearch.self) { ctx, body in
            let admin = try authorization.employerAdmin(ctx, employer: body.employer)
            let page = try Paging.parse(offset: body.offset, limit: body.limit)
            let r = try store.audit(
                employer: admin.employer.number, person: body.person, action: body.action,
                offset: page.offset, limit: page.limit)
            return AuditSearch.Reply(
                total: r.total, entries: r.entries,
                actions: try store.auditActions(employer: admin.employer.number))
        }
    }
}
