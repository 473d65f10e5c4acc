import Foundation
import Wire
import Contracts
import Server
import Messaging

/// Events from identity, delivered at least once through its outbox: each is
/// applied once, deduplicated by its envelope id in `Inbox` inside the same
/// transaction as its effect.
enum EventHandlers {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(AccountRegistered.self) { ctx, body in try registered(rt, ctx, body) }
        router.on(AccountChanged.self) { ctx, body in
            guard let id = ctx.requestId, !id.isEmpty else { throw AdminError.badField("id") }
            try rt.store.db.write { conn in
                // A fresh disable may belong to admin's own update still in flight: asked again later.
                if body.disabled == true { try AccountHealing.waitIfFresh(rt, conn, body) }
                guard try Inbox.firstDelivery(conn, messageId: id, type: AccountChanged.type, now: rt.clock.now()) else { return }
                try rt.store.updateUserFacts(conn, accountId: body.accountId, mfa: body.mfa, state: body.state,
                                             language: body.language, now: rt.clock.now())
                // Names and e-mail changed in the person's own profile: the list's copy follows
                // (saved whole, so the display, sort and search columns follow too).
                if body.firstName != nil || body.lastName != nil || body.email != nil,
                   var user = try rt.store.user(conn, accountId: body.accountId) {
                    user.name = PersonName(first: body.firstName ?? user.name.first, last: body.lastName ?? user.name.last)
                    if let email = body.email { user.email = email }
                    try rt.store.saveUser(conn, user, now: rt.clock.now())
                }
                if body.disabled == true { try AccountHealing.disabledByIdentity(rt, conn, accountId: body.accountId) }
            }
            rt.relay?.wake()
            return Empty()
        }
    }

    /// A registration finished: the account becomes the employer's connect
    /// administrator with every theme (an existing fiduciary's account gains the
    /// employer; an existing membership is raised to admin and re-enabled).
    static func registered(_ rt: AdminRuntime, _ ctx: RequestContext, _ b: AccountRegistered.Body) throws -> Empty {
        guard let id = ctx.requestId, !id.isEmpty else { throw AdminError.badField("id") }
        guard let number = EmployerNumber(b.employerNumber) else { throw AdminError.invalidEmployerNumber }
        let now = rt.clock.now()
        let applied: Bool = try rt.store.db.write { conn in
            guard try rt.store.employer(conn, number.value) != nil else { throw AdminError.unknownEmployer }
            guard try Inbox.firstDelivery(conn, messageId: id, type: AccountRegistered.type, now: now) else { return false }
            let user = UserRecord(accountId: b.accountId, email: b.email,
                                  name: PersonName(first: b.firstName, last: b.lastName),
                                  language: b.language, mfa: b.mfa ?? "", state: "active")
            try rt.store.saveUser(conn, user, now: now)
            let before = try rt.store.member(conn, employer: number.value, accountId: b.accountId)?.membership
            let after = Membership(employer: number.value, accountId: b.accountId, admin: true,
                                   themes: rt.catalogue.keys, disabled: false, reference: number.reference)
            try rt.store.saveMembership(conn, after, now: now)
            try rt.store.appendAudit(conn, AuditRecord(
                employer: number.value, actorId: b.accountId, actor: b.email, action: "user.registered",
                targetId: b.accountId, target: b.email, before: before?.auditJSON,
                after: .object(["user": user.auditJSON, "membership": after.auditJSON])), at: now)
            return true
        }
        ctx.logger.info("account.registered", ["employer": .string(number.value), "account": .string(b.accountId),
                                               "applied": .bool(applied)])
        return Empty()
    }
}
