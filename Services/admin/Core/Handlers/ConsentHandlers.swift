import Foundation
import Wire
import Contracts
import Server

/// The owner's side of an employer's invitation to an existing account: the
/// list (also in `admin.me`) and the answer. Accepting puts the membership in
/// force with the rights the admin offered, and from then on the employer sees
/// the account's own names and state; declining deletes the membership.
enum ConsentHandlers {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(InvitationsList.self) { ctx, _ in
            let caller = try rt.authorization.caller(ctx)
            return InvitationsList.Reply(invitations: try rt.store.invitations(accountId: caller.accountId))
        }
        router.on(InvitationsAnswer.self) { ctx, b in try answer(rt, ctx, b) }
    }

    static func answer(_ rt: AdminRuntime, _ ctx: RequestContext, _ b: InvitationsAnswer.Body) throws -> InvitationsAnswer.Reply {
        let caller = try rt.authorization.caller(ctx)
        guard let number = EmployerNumber(b.employer)?.value else { throw AdminError.badField("employer") }
        let account = try rt.callIdentity(AccountGet.self, AccountGet.Body(accountId: caller.accountId),
                                          lang: ctx.lang).account
        let now = rt.clock.now()
        try rt.store.db.write { conn in
            guard let m = try rt.store.member(conn, employer: number, accountId: caller.accountId),
                  m.membership.pendingConsent != nil, !m.membership.disabled else {
                throw ServiceError(.notFound, field: "employer", messageKey: "not_found.invitation")
            }
            var facts: [String: JSONValue] = ["membership": m.membership.auditJSON]
            switch b.answer {
            case .accept:
                var accepted = m.membership
                accepted.pendingConsent = nil
                try rt.store.saveUser(conn, UserRecord(account: account), now: now)
                try rt.store.saveMembership(conn, accepted, now: now)
            case .decline:
                try rt.store.deleteMembership(conn, employer: number, accountId: caller.accountId)
                facts["declined"] = .bool(true)
            }
            try rt.store.appendAudit(conn, AuditRecord(
                employer: number, actorId: caller.accountId, actor: caller.email,
                action: b.answer == .accept ? "user.consent_accepted" : "user.consent_declined",
                targetId: caller.accountId, target: account.email, before: nil, after: .object(facts)), at: now)
        }
        ctx.logger.info("user.consent", ["employer": .string(number), "account": .string(caller.accountId),
                                         "answer": .string(b.answer.rawValue)])
        return InvitationsAnswer.Reply(employer: number, answer: b.answer)
    }
}

extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
