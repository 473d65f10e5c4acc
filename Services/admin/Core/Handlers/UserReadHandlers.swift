import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// The user list (`admin.users.search`) and one user's detail (`admin.users.get`).
struct UserReadHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(UsersSearch.self) { [self] ctx, b in try search(ctx, b) }
        router.on(UsersGet.self) { [self] ctx, b in try get(ctx, b) }
    }

    func search(_ ctx: RequestContext, _ b: UsersSearch.Body) throws -> UsersSearch.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let r = try userList(
            admin, text: b.text, includeDisabled: b.includeDisabled, sort: b.sort, offset: b.offset, limit: b.limit)
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

extension AdminHandler {
    /// The user list as `admin.users.search` filters and sorts it, judged at admin's time:
    /// one page, or every row (`paged: false`, the export, which must show the same list).
    func userList(
        _ admin: EmployerAdmin, text: String?, includeDisabled: Bool?, sort: UserSort?, offset: Int? = nil,
        limit: Int? = nil, paged: Bool = true
    ) throws -> (total: Int, rows: [MemberRecord]) {
        var q = try UserListQuery.parse(
            employer: admin.employer.number, text: text, includeDisabled: includeDisabled, sort: sort,
            offset: offset, limit: limit, paged: paged)
        q.now = clock.now()
        return try store.users(q)
    }
}
