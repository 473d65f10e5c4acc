import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// The user list (`admin.users.search`) and one user's detail (`admin.users.get`).
struct UserReadHandlers: Sendable {
    let store: AdminStore
    let identity: any IdentityCalls
    let clock: Clock
    let authorization: Authorization
    let presenter: UserPresenter

    init(_ rt: AdminRuntime) {
        store = rt.store
        identity = rt.identityPeer
        clock = rt.clock
        authorization = rt.authorization
        presenter = rt.presenter
    }

    func register(on router: Router) {
        router.on(UsersSearch.self) { [self] ctx, b in try search(ctx, b) }
        router.on(UsersGet.self) { [self] ctx, b in try get(ctx, b) }
    }

    func search(_ ctx: RequestContext, _ b: UsersSearch.Body) throws -> UsersSearch.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        var q = try UserListQuery.parse(
            employer: admin.employer.number, text: b.text,
            includeDisabled: b.includeDisabled, sort: b.sort,
            offset: b.offset, limit: b.limit)
        q.now = clock.now()
        let r = try store.users(q)
        return UsersSearch.Reply(total: r.total, users: r.rows.map { presenter.row($0, lang: ctx.lang) })
    }

    func get(_ ctx: RequestContext, _ b: UsersGet.Body) throws -> UsersGet.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        guard let m = try store.member(employer: admin.employer.number, accountId: b.userId) else {
            throw AdminError.unknownUser
        }
        // Awaiting the owner's consent (only what this employer's admin typed), or an account
        // identity lost in a restore (admin's copy, needing a new invitation): identity is not asked.
        if m.membership.pendingConsent != nil || m.user.state == .missing {
            return UsersGet.Reply(user: presenter.detail(m, account: nil, lang: ctx.lang))
        }
        let account = try identity.call(
            AccountGet.self, AccountGet.Body(accountId: m.user.accountId),
            lang: ctx.lang
        ).account
        // Keep the list's copy in step with what identity just said.
        if UserRecord(account: account) != m.user {
            try store.db.write { try store.saveUser($0, UserRecord(account: account), now: clock.now()) }
        }
        return UsersGet.Reply(user: presenter.detail(m, account: account, lang: ctx.lang))
    }
}
