import Foundation
import Contracts
import Server

/// The user list (`admin.users.search`) and one user's detail (`admin.users.get`).
enum UserReadHandlers {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(UsersSearch.self) { ctx, b in
            let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
            var q = try UserListQuery.parse(employer: admin.employer.number, text: b.text,
                                            includeDisabled: b.includeDisabled, sort: b.sort,
                                            offset: b.offset, limit: b.limit)
            q.now = rt.clock.now()
            let r = try rt.store.users(q)
            return UsersSearch.Reply(total: r.total, users: r.rows.map { rt.row($0, lang: ctx.lang) })
        }
        router.on(UsersGet.self) { ctx, b in
            let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
            guard let m = try rt.store.member(employer: admin.employer.number, accountId: b.userId) else {
                throw AdminError.unknownUser
            }
            // Awaiting the owner's consent (only what this employer's admin typed), or an account
            // identity lost in a restore (admin's copy, needing a new invitation): identity is not asked.
            if m.membership.pendingConsent != nil || m.user.state == AccountReconciler.missingState {
                return UsersGet.Reply(user: rt.detail(m, account: nil, lang: ctx.lang))
            }
            let account = try rt.callIdentity(AccountGet.self, AccountGet.Body(accountId: m.user.accountId),
                                              lang: ctx.lang).account
            // Keep the list's copy in step with what identity just said.
            if UserRecord(account: account) != m.user {
                try rt.store.db.write { try rt.store.saveUser($0, UserRecord(account: account), now: rt.clock.now()) }
            }
            return UsersGet.Reply(user: rt.detail(m, account: account, lang: ctx.lang))
        }
    }
}
