import Shared

/// Messages for any signed-in person: who am I and for which employers
/// (`admin.me`), and the rights catalogue (`admin.themes.list`).
enum ProfileHandlers {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(AdminMe.self) { ctx, _ in
            let caller = try rt.authorization.caller(ctx)
            let user: UserRecord
            if let copy = try rt.store.db.read({ try rt.store.user($0, accountId: caller.accountId) }) {
                user = copy
            } else {
                // A valid session without a profile here yet (e.g. the registration
                // event is still on its way): identity's account is the truth.
                user = UserRecord(account: try rt.callIdentity(AccountGet.self,
                    AccountGet.Body(accountId: caller.accountId), lang: ctx.lang).account)
            }
            let entries = try rt.store.mandantEntries(accountId: caller.accountId, now: rt.clock.now())
            var addresses: [String: PostalAddress] = [:]
            for m in entries {
                if let e = try rt.store.employer(m.number) {
                    addresses[m.number] = PostalAddress(street: e.street, postcode: e.postcode, city: e.city)
                }
            }
            return AdminMe.Reply(
                user: UserProfile(userId: user.accountId, email: user.email, firstName: user.name.first,
                                  lastName: user.name.last, displayName: user.name.displayName, language: user.language),
                // Every live membership (a delegation past its end date is left out, judged now).
                mandants: entries.map {
                    Mandant(number: $0.number, name: $0.name, admin: $0.admin, themes: $0.themes,
                            alias: $0.alias.isEmpty ? nil : $0.alias, isDefault: $0.isDefault ? true : nil,
                            delegated: $0.delegated ? true : nil, delegationEndsAt: $0.delegationEndsAt)
                }, addresses: addresses,
                invitations: try rt.store.invitations(accountId: caller.accountId).nonEmpty)
        }
        router.on(ThemesList.self) { ctx, _ in
            _ = try rt.authorization.caller(ctx)
            return ThemesList.Reply(themes: rt.catalogue.list(ctx.lang))
        }
        router.on(AuditSearch.self) { ctx, body in
            let admin = try rt.authorization.employerAdmin(ctx, employer: body.employer)
            let page = try Paging.parse(offset: body.offset, limit: body.limit)
            let r = try rt.store.audit(employer: admin.employer.number, person: body.person, action: body.action,
                                       offset: page.offset, limit: page.limit)
            return AuditSearch.Reply(total: r.total, entries: r.entries,
                                     actions: try rt.store.auditActions(employer: admin.employer.number))
        }
    }
}
