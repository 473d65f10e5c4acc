import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// The owner's side of an employer's invitation to an existing account: the
/// list (also in `admin.me`) and the answer. Accepting puts the membership in
/// force with the rights the admin offered, and from then on the employer sees
/// the account's own names and state; declining deletes the membership.
struct ConsentHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(InvitationsList.self) { ctx, _ in
            let caller = try authorization.caller(ctx)
            return InvitationsList.Reply(invitations: try store.invitations(accountId: caller.accountId))
        }
        router.on(InvitationsAnswer.self) { [self] ctx, b in try answer(ctx, b) }
    }

    func answer(_ ctx: RequestContext, _ b: InvitationsAnswer.Body) throws -> InvitationsAnswer.Reply {
        let caller = try authorization.caller(ctx)
        guard let number = EmployerNumber(b.employer)?.value else { throw AdminError.badField("employer") }
        let account = try identity.call(
            AccountGet.self, AccountGet.Body(accountId: caller.accountId),
            lang: ctx.lang
        ).account
        let now = clock.now()
        try store.db.write { conn in
            guard let m = try store.member(conn, employer: number, accountId: caller.accountId),
                m.membership.pendingConsent != nil, !m.membership.disabled
            else {
                throw ServiceError(.notFound, field: "employer", messageKey: .notFoundInvitation)
            }
            var facts: [String: JSONValue] = ["membership": m.membership.auditJSON]
            switch b.answer {
            case .accept:
                var accepted = m.membership
                accepted.pendingConsent = nil
                try store.saveUser(conn, UserRecord(account: account), now: now)
                try store.saveMembership(conn, accepted, now: now)
            case .decline:
                try store.deleteMembership(conn, employer: number, accountId: caller.accountId)
                facts["declined"] = .bool(true)
            }
            try store.appendAudit(
                conn,
                AuditRecord(
                    employer: number, actorId: caller.accountId, actor: caller.email,
                    action: b.answer == .accept ? .userConsentAccepted : .userConsentDeclined,
                    targetId: caller.accountId, target: account.email, before: nil, after: .object(facts)), at: now)
        }
        ctx.logger.info(
            "user.consent",
            [
                "employer": .string(number), "account": .string(caller.accountId),
                "answer": .string(b.answer.rawValue),
            ])
        return InvitationsAnswer.Reply(employer: number, answer: b.answer)
    }
}

extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
