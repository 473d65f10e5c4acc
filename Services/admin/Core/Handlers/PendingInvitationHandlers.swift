import Foundation
import Shared

/// The portal's home `Tâches` for an employer's admin: the people it invited
/// who have not finished, and "send again". The welcome e-mail (variant 2) and
/// the consent e-mail (an existing account) carry no code, so admin queues them
/// itself in the same transaction as the audit entry; a variant-1 person's new
/// SMS code goes through `admin.users.update` with the phone, as on `Editer`.
enum PendingInvitationHandlers {
    static let notPending = ServiceError(.conflict, field: "userId", messageKey: "conflict.not_pending")
    /// One e-mail again per person and minute at most: a double click or a script sends no stream of mail.
    static let resendFloor: TimeInterval = 60

    /// The sentences of its refusals (registered at start-up with the others).
    static func registerErrors() {
        ErrorCatalogue.register([
            "conflict.not_pending": (
                "Cette personne n'attend plus d'invitation à renvoyer.",
                "Diese Person wartet auf keine Einladung mehr, die erneut gesendet werden könnte.",
                "Questa persona non attende più un invito da inviare di nuovo.",
                "This person is no longer waiting for an invitation to send again."),
        ])
    }

    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(UsersPending.self) { ctx, b in
            let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
            return UsersPending.Reply(users: try rt.store.pendingMembers(employer: admin.employer.number).map { m, since in
                PendingUser(userId: m.user.accountId, displayName: m.user.name.displayName, email: m.user.email,
                            state: m.user.state, awaitingConsent: m.membership.pendingConsent != nil,
                            invitedAt: (m.membership.pendingConsent?.invitedAt ?? since).rfc3339)
            })
        }
        router.on(UsersResendInvitation.self) { ctx, b in try resend(rt, ctx, b) }
    }

    static func resend(_ rt: AdminRuntime, _ ctx: RequestContext,
                       _ b: UsersResendInvitation.Body) throws -> UsersResendInvitation.Reply {
        let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
        let employer = admin.employer
        guard let m = try rt.store.member(employer: employer.number, accountId: b.userId) else { throw AdminError.unknownUser }
        guard !m.membership.disabled, !m.membership.isDelegated else { throw notPending }
        let now = rt.clock.now()
        let template: String
        var params = ["firstName": m.user.name.first, "employerName": employer.name]
        var to = m.user.email, language = m.user.language
        if m.membership.pendingConsent != nil {
            // The consent e-mail goes to the account's owner, in their language, with their name.
            let account = try rt.callIdentity(AccountGet.self, AccountGet.Body(accountId: m.user.accountId), lang: ctx.lang).account
            template = TemplateName.membershipConsent
            params = ["firstName": account.firstName, "employerName": employer.name, "employerNumber": employer.number]
            to = account.email; language = account.language
        } else if m.user.state == "invited" {
            template = TemplateName.welcomeInvited
            params["lastName"] = m.user.name.last
        } else {
            throw notPending
        }
        try rt.store.db.write { conn in
            if let last = try conn.scalar("""
                SELECT max(at) FROM audit WHERE employer = ? AND target_id = ? AND action = 'user.invitation_resent'
                """, employer.number, m.user.accountId).double, now.timeIntervalSince1970 - last < resendFloor {
                throw ServiceError(.rateLimited, field: "userId", extras: [
                    "retryAfterS": .number((resendFloor - (now.timeIntervalSince1970 - last)).rounded(.up))])
            }
            try rt.store.appendAudit(conn, AuditRecord(
                employer: employer.number, actorId: admin.caller.accountId, actor: admin.caller.email,
                action: "user.invitation_resent", targetId: m.user.accountId, target: m.user.email, before: nil,
                after: .object(["template": .string(template)])), at: now)
            let id = Identifier.make("msg")
            try MessageOutbox.enqueue(conn, to: ServiceName.notifier, NotifierSend.self, NotifierSend.Body(
                idempotencyKey: id, channel: .email, to: to, language: language, template: template, params: params),
                id: id, now: now)
        }
        rt.relay?.wake()
        ctx.logger.info("user.invitation_resent", ["employer": .string(employer.number), "account": .string(m.user.accountId),
                                                   "template": .string(template)])
        return UsersResendInvitation.Reply(template: template)
    }
}

extension AdminStore {
    /// Members who have not finished (invited, pendingPhone, or awaiting consent),
    /// oldest first, with when they were added; deactivated ones and delegations left out.
    func pendingMembers(employer: String) throws -> [(MemberRecord, Date)] {
        try db.read { conn in
            try conn.query("""
                SELECT u.*, \(ConsentSchema.memberColumns), m.created_at AS member_since
                FROM memberships m JOIN users u ON u.account_id = m.account_id
                WHERE m.employer = ? AND m.disabled = 0 AND m.delegation_id IS NULL
                  AND (m.consent IS NOT NULL OR u.state IN ('invited', 'pendingPhone'))
                ORDER BY m.created_at, u.email
                """, employer).map { (MemberRecord(row: $0), $0.date("member_since") ?? Date(timeIntervalSince1970: 0)) }
        }
    }
}
