import Contracts
import FoundationEssentials
import Messaging
import Runtime
import Server
import Wire

/// "Paramètres de délégation": an employer's connect administrator grants an
/// outside person (typically a fiduciary) access to this employer for chosen
/// themes, until an optional end date; revokes it; lists the register.
///
/// The grant is a membership marked with its delegation (never with the admin
/// right), so the person's `admin.me` and the user list show it at once. The end
/// date is judged with admin's clock on every request; a revocation deletes the
/// membership, so the person's very next request no longer sees the employer.
/// Identity first (find or create the account), then one local transaction with
/// the membership, the register entry, the audit entry and the e-mail.
struct DelegationHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(DelegationsGrant.self) { [self] ctx, b in try grant(ctx, b) }
        router.on(DelegationsRevoke.self) { [self] ctx, b in try revoke(ctx, b) }
        router.on(DelegationsList.self) { ctx, b in
            let admin = try authorization.employerAdmin(ctx, employer: b.employer)
            let now = clock.now()
            return DelegationsList.Reply(
                delegations: try store.delegations(employer: admin.employer.number)
                    .map { Self.info($0.0, $0.1, now: now) })
        }
    }

    func grant(_ ctx: RequestContext, _ b: DelegationsGrant.Body) throws -> DelegationsGrant.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let employer = admin.employer
        guard let email = EmailAddress.normalize(b.email) else { throw AdminError.emailRequired }
        guard let themes = catalogue.normalize(b.themes) else { throw AdminError.unknownTheme }
        let now = clock.now()
        let endsAt = try DelegationTerm.parseEnd(b.endsAt, now: now).get()
        try stepUp.require(admin.caller, action: .grantDelegation)
        // A user of the employer is no outsider: change their rights instead.
        let known = try store.user(email: email)
        if let known, let m = try store.member(employer: employer.number, accountId: known.accountId),
            m.membership.delegationId == nil
        {
            throw AdminError.alreadyMember
        }
        let account: AccountInfo
        if let first = b.firstName, let last = b.lastName {
            guard PersonName.valid(first) else { throw AdminError.badField("firstName") }
            guard PersonName.valid(last) else { throw AdminError.badField("lastName") }
            account = try identity.call(
                AccountCreate.self,
                AccountCreate.Body(
                    email: email, firstName: first, lastName: last, language: b.language ?? employer.language,
                    employerName: employer.name), lang: ctx.lang
            ).account
        } else if let known {
            account = try identity.call(
                AccountGet.self, AccountGet.Body(accountId: known.accountId),
                lang: ctx.lang
            ).account
        } else {
            // Unknown here: identity needs names to create the account.
            throw ServiceError(.badRequest, field: "firstName", messageKey: .badRequestDelegateNames)
        }
        guard account.accountId != admin.caller.accountId else { throw AdminError.alreadyMember }
        let user = UserRecord(account: account)
        let record = DelegationRecord(
            id: Identifier.make("dlg"), employer: employer.number, accountId: account.accountId,
            themes: themes, endsAt: endsAt, grantedAt: now, grantedBy: admin.caller.email)
        let membership = Membership(
            employer: employer.number, accountId: account.accountId, admin: false,
            themes: themes, disabled: false, delegationId: record.id, endsAt: endsAt)
        try store.db.write { conn in
            if let existing = try store.member(conn, employer: employer.number, accountId: account.accountId) {
                guard let old = existing.membership.delegationId else { throw AdminError.alreadyMember }
                try store.closeDelegation(conn, id: old, now: now)
            }
            try store.saveUser(conn, user, now: now)
            try store.saveMembership(conn, membership, now: now)
            try store.insertDelegation(conn, record)
            var after: [String: JSONValue] = [
                "themes": .array(themes.map { .string($0) }), "delegationId": .string(record.id),
            ]
            after["endsAt"] = endsAt.map { .string($0.rfc3339) } ?? .null
            try store.appendAudit(
                conn,
                AuditRecord(
                    by: admin, action: .delegationGrant, targetId: account.accountId, target: account.email,
                    before: nil,
                    after: .object(after)), at: now)
            try MessageOutbox.enqueue(
                conn, .aboutEmployer(TemplateName.delegationGranted, to: account, employer), now: now, relay: relay)
        }
        ctx.logger.info(
            "delegation.granted",
            [
                "employer": .string(employer.number), "account": .string(account.accountId),
                "delegation": .string(record.id),
            ])
        return DelegationsGrant.Reply(delegation: Self.info(record, user, now: now))
    }

    func revoke(_ ctx: RequestContext, _ b: DelegationsRevoke.Body) throws -> DelegationsRevoke.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let number = admin.employer.number
        let now = clock.now()
        let (record, user): (DelegationRecord, UserRecord?) = try store.db.write { conn in
            guard var d = try store.delegation(conn, id: b.delegationId, employer: number) else {
                throw ServiceError(.notFound, field: "delegationId", messageKey: .notFoundDelegation)
            }
            let user = try store.user(conn, accountId: d.accountId)
            guard d.revokedAt == nil else { return (d, user) }
            try store.revokeDelegation(conn, id: d.id, by: admin.caller.email, now: now)
            d.revokedAt = now
            if let m = try store.member(conn, employer: number, accountId: d.accountId),
                m.membership.delegationId == d.id
            {
                try store.deleteMembership(conn, employer: number, accountId: d.accountId)
            }
            try store.appendAudit(
                conn,
                AuditRecord(
                    by: admin, action: .delegationRevoke, targetId: d.accountId, target: user?.email ?? d.accountId,
                    before: .object(["delegationId": .string(d.id), "themes": .array(d.themes.map { .string($0) })]),
                    after: .object(["revokedAt": .string(now.rfc3339)])), at: now)
            return (d, user)
        }
        ctx.logger.info("delegation.revoked", ["employer": .string(number), "delegation": .string(record.id)])
        return DelegationsRevoke.Reply(delegation: Self.info(record, user, now: now))
    }

    static func info(_ d: DelegationRecord, _ u: UserRecord?, now: Date) -> DelegationInfo {
        DelegationInfo(
            delegationId: d.id, userId: d.accountId, email: u?.email ?? "",
            displayName: u?.name.displayName ?? "", themes: d.themes, endsAt: d.endsAt?.rfc3339,
            state: DelegationTerm.state(endsAt: d.endsAt, revokedAt: d.revokedAt, now: now),
            grantedAt: d.grantedAt.rfc3339, grantedBy: d.grantedBy, revokedAt: d.revokedAt?.rfc3339)
    }
}
