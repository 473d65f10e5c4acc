import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// "Gestion des mandants": the person's own list of employers, searched by
/// number, name, alias or town, with an alias and a default kept per person. The
/// front end switches mandant by sending another `employer` with the same
/// session; nothing here needs a new login.
struct MandantHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(MandantsSearch.self) { ctx, b in
            // Folded and matched against every entry: bounded like the user search's text.
            guard SearchFolding.acceptable(b.text) else { throw AdminError.badField("text") }
            let caller = try authorization.caller(ctx)
            let all = try store.mandantEntries(accountId: caller.accountId, now: clock.now())
            return MandantsSearch.Reply(mandants: MandantList.filter(all, text: b.text))
        }
        router.on(MandantsUpdate.self) { ctx, b in
            let caller = try authorization.caller(ctx)
            guard let number = EmployerNumber(b.employer) else { throw AdminError.badField("employer") }
            let alias = try b.alias.map { raw -> String in
                guard let a = MandantList.alias(raw) else { throw AdminError.badField("alias") }
                return a
            }
            let now = clock.now()
            // Only the person's own live mandants (a stranger's number is simply not found).
            guard
                try store.mandantEntries(accountId: caller.accountId, now: now)
                    .contains(where: { $0.number == number.value })
            else {
                throw ServiceError(.notFound, field: "employer", messageKey: .notFoundEmployer)
            }
            try store.db.write { conn in
                try store.saveMandantPrefs(
                    conn, accountId: caller.accountId, employer: number.value,
                    alias: alias, isDefault: b.isDefault, now: now)
            }
            let all = try store.mandantEntries(accountId: caller.accountId, now: now)
            return MandantsUpdate.Reply(mandants: MandantList.filter(all, text: nil))
        }
    }
}
