import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Server
import Wire

extension MessageKey {
    static let conflictNotPending = MessageKey("conflict.not_pending")
}

/// The portal's home `Tâches` for an employer's admin: the people it invited
/// who have not finished, and "send again". The welcome e-mail (variant 2) and
/// the consent e-mail (an existing account) carry no code, so admin queues them
/// itself in the same transaction as the audit entry; a variant-1 person's new
/// SMS code goes through `admin.users.update` with the phone, as on `Editer`.
struct PendingInvitationHandlers: AdminHandler {
    static let notPending = ServiceError(.conflict, field: "userId", messageKey: .conflictNotPending)
    /// One e-mail again per person and minute at most: a double click or a script sends no stream of mail.
    static let resendFloor: TimeInterval = 60

    /// The sentences of its refusals, for the catalogue `ServiceMain` builds.
    static let entries: [MessageKey: ErrorCatalogue.Entry] = [
        .conflictNotPending: (
            "Cette personne n'attend plus d'invitation à renvoyer.",
            "Diese Person wartet auf keine Einladung mehr, die erneut gesendet werden könnte.",
            "Questa persona non attende più un invito da inviare di nuovo.",
            "This person is no longer waiting for an invitation to send again."
        )
    ]

    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(UsersPending.self) { ctx, b in
            let admin = try authorization.employerAdmin(ctx, employer: b.employer)
            return UsersPending.Reply(
                users: try store.pendingMembers(employer: admin.employer.number).map { m, since in
                    PendingUser(
                        userId: m.user.accountId, displayName: m.user.name.displayName, email: m.user.email,
                        state: m.user.state, awaitingConsent: m.membership.pendingConsent != nil,
                        invitedAt: (m.membership.pendingConsent?.invitedAt ?? since).rfc3339)
                })
        }
        router.on(UsersResendInvitation.self) { ctx, b in try resend(ctx, b) }
    }

    /// What goes out again: the consent e-mail to the account's owner, or the welcome e-mail.
    private func message(_ m: MemberRecord, _ employer: EmployerRecord, lang: Language) throws -> NotifierSend.Body {
        if m.membership.pendingConsent != nil {
            // The consent e-mail goes to the account's owner, in their language, with their name.
            let account = try identity.call(AccountGet.self, AccountGet.Body(accountId: m.user.accountId), lang: lang)
                .account
            return .aboutEmployer(TemplateName.membershipConsent, to: account, employer)
        }
        guard m.user.state == .invited else { throw Self.notPending }
        return NotifierSend.Body(
            idempotencyKey: Identifier.make("msg"), channel: .email, to: m.user.email, language: m.user.language,
            template: TemplateName.welcomeInvited,
            params: [
                "firstName": m.user.name.first, "lastName": m.user.name.last,
                "employerName": employer.name,
            ])
    }

    func resend(_ ctx: RequestContext, _ b: UsersResendInvitation.Body) throws -> UsersResendInvitation.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let employer = admin.employer
        guard let m = try store.member(employer: employer.number, accountId: b.userId) else {
            throw AdminError.unknownUser
        }
        guard !m.membership.disabled, !m.membership.isDelegated else { throw Self.notPending }
        let now = clock.now()
        let send = try message(m, employer, lang: ctx.lang)
        try store.db.write { conn in
            if let last = try conn.scalar(
                """
                SELECT max(at) FROM audit WHERE employer = ? AND target_id = ? AND action = ?
                """, employer.number, m.user.accountId, AuditAction.userInvitationResent.rawValue
            ).double,
                now.timeIntervalSince1970 - last < Self.resendFloor
            {
                throw ServiceError(
                    .rateLimited, field: "userId",
                    extras: [
                        "retryAfterS": .number((Self.resendFloor - (now.timeIntervalSince1970 - last)).rounded(.up))
                    ])
            }
            try store.appendAudit(
                conn,
                AuditRecord(
                    by: admin, action: .userInvitationResent, targetId: m.user.accountId, target: m.user.email,
                    before: nil,
                    after: .object(["template": .string(send.template)])), at: now)
            try MessageOutbox.enqueue(conn, send, now: now, relay: relay)
        }
        ctx.logger.info(
            "user.invitation_resent",
            [
                "employer": .string(employer.number), "account": .string(m.user.accountId),
                "template": .string(send.template),
            ])
        return UsersResendInvitation.Reply(template: send.template)
    }
}

extension AdminStore {
    /// Members who have not finished (invited, pendingPhone, or awaiting consent),
    /// oldest first, with when they were added; deactivated ones and delegations left out.
    func pendingMembers(employer: String) throws -> [(MemberRecord, Date)] {
        try db.read { conn in
            try conn.query(
                """
                SELECT u.*, \(ConsentSchema.memberColumns), m.created_at AS member_since
                FROM memberships m JOIN users u ON u.account_id = m.account_id
                WHERE m.employer = ? AND m.disabled = 0 AND m.delegation_id IS NULL
                  AND (m.consent IS NOT NULL OR u.state IN ('invited', 'pendingPhone'))
                ORDER BY m.created_at, u.email
                """, employer
            ).map { (try MemberRecord(row: $0), try $0.date("member_since") ?? Date(timeIntervalSince1970: 0)) }
        }
    }
}
