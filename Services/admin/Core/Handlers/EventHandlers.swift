import Contracts
import FoundationEssentials
import Messaging
import Runtime
import Server
import Wire

/// Events from identity, delivered at least once through its outbox: each is
/// applied once, deduplicated by its envelope id in `Inbox` inside the same
/// transaction as its effect.
struct EventHandlers: AdminHandler {
    let rt: AdminRuntime

    var healing: AccountHealing { AccountHealing(rt: rt) }

    func register(on router: Router) {
        router.on(AccountRegistered.self) { [self] ctx, body in try registered(ctx, body) }
        router.on(AccountChanged.self) { [self] ctx, body in try changed(ctx, body) }
    }

    func changed(_ ctx: RequestContext, _ body: AccountChanged.Body) throws -> Empty {
        guard let id = ctx.requestId, !id.isEmpty else { throw AdminError.badField("id") }
        try store.db.write { conn in
            // A fresh disable may belong to admin's own update still in flight: asked again later.
            if body.disabled == true { try healing.waitIfFresh(conn, body) }
            guard try Inbox.firstDelivery(conn, messageId: id, type: AccountChanged.type, now: clock.now()) else {
                return
            }
            try store.updateUserFacts(
                conn, accountId: body.accountId, mfa: body.mfa, state: body.state,
                language: body.language, now: clock.now())
            // Names and e-mail changed in the person's own profile: the list's copy follows
            // (saved whole, so the display, sort and search columns follow too).
            if body.firstName != nil || body.lastName != nil || body.email != nil,
                var user = try store.user(conn, accountId: body.accountId)
            {
                user.name = PersonName(first: body.firstName ?? user.name.first, last: body.lastName ?? user.name.last)
                if let email = body.email { user.email = email }
                try store.saveUser(conn, user, now: clock.now())
            }
            if body.disabled == true { try healing.disabledByIdentity(conn, accountId: body.accountId) }
        }
        return Empty()
    }

    /// A registration finished: the account becomes the employer's connect
    /// administrator with every theme (an existing fiduciary's account gains the
    /// employer; an existing membership is raised to admin and re-enabled).
    func registered(_ ctx: RequestContext, _ b: AccountRegistered.Body) throws -> Empty {
        guard let id = ctx.requestId, !id.isEmpty else { throw AdminError.badField("id") }
        guard let number = EmployerNumber(b.employerNumber) else { throw AdminError.invalidEmployerNumber }
        let now = clock.now()
        let applied: Bool = try store.db.write { conn in
            guard try store.employer(conn, number.value) != nil else { throw AdminError.unknownEmployer }
            guard try Inbox.firstDelivery(conn, messageId: id, type: AccountRegistered.type, now: now) else {
                return false
            }
            let user = UserRecord(
                accountId: b.accountId, email: b.email,
                name: PersonName(first: b.firstName, last: b.lastName),
                language: b.language, mfa: b.mfa ?? .notEnrolled, state: .active)
            try store.saveUser(conn, user, now: now)
            let before = try store.member(conn, employer: number.value, accountId: b.accountId)?.membership
            let after = Membership(
                employer: number.value, accountId: b.accountId, admin: true,
                themes: catalogue.keys, disabled: false, reference: number.reference)
            try store.saveMembership(conn, after, now: now)
            try store.appendAudit(
                conn,
                AuditRecord(
                    employer: number.value, actorId: b.accountId, actor: b.email, action: .userRegistered,
                    targetId: b.accountId, target: b.email, before: before?.auditJSON,
                    after: .object(["user": user.auditJSON, "membership": after.auditJSON])), at: now)
            return true
        }
        ctx.logger.info(
            "account.registered",
            [
                "employer": .string(number.value), "account": .string(b.accountId),
                "applied": .bool(applied),
            ])
        return Empty()
    }
}
