import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Wire

/// Keeps admin's memberships and identity's accounts in step when a change was
/// made on one side only: admin died between identity's `account.update` and its
/// own write, or lost the last-admin race after identity disabled the account.
struct AccountHealing: RuntimeBacked {
    let rt: AdminRuntime

    /// Identity disables an account only when its last active membership is being
    /// deactivated. If admin still has that membership active, admin's own write
    /// never happened: it follows now (audited as identity's), unless the membership
    /// is its employer's last active admin — then the account is given back instead,
    /// since an employer never loses its last administrator.
    func disabledByIdentity(_ conn: Connection, accountId: String) throws {
        let now = clock.now()
        let active = try activeMemberships(conn, accountId: accountId, now: now)
        guard active.count == 1, var m = active.first else { return }
        if m.admin, try store.otherActiveAdmins(conn, employer: m.employer, except: accountId) == 0 {
            try Self.enqueueEnable(conn, accountId: accountId, now: now, relay: relay)
            logger.warning(
                "account.healed",
                [
                    "account": .string(accountId), "employer": .string(m.employer),
                    "action": "enabled again: last admin",
                ])
            return
        }
        let before = m
        m.disabled = true
        try store.saveMembership(conn, m, now: now)
        let target = try store.user(conn, accountId: accountId)?.email ?? accountId
        try store.appendAudit(
            conn,
            AuditRecord(
                employer: m.employer, actorId: "identity", actor: "identity (account disabled there)",
                action: .userUpdate,
                targetId: accountId, target: target, before: .object(["membership": before.auditJSON]),
                after: .object(["membership": m.auditJSON, "accountDisabled": true])), at: now)
        logger.warning(
            "account.healed",
            [
                "account": .string(accountId), "employer": .string(m.employer),
                "action": "membership disabled as identity's account",
            ])
    }

    /// Admin's own `users.update` writes right after identity answers; an event
    /// younger than this may overtake that write, so it is refused (`unavailable`)
    /// and the relay brings it again a little later.
    static let settleSeconds: TimeInterval = 5

    func waitIfFresh(_ conn: Connection, _ body: AccountChanged.Body) throws {
        guard let at = body.changedAt.flatMap(Date.init(rfc3339:)), Date().timeIntervalSince(at) < Self.settleSeconds
        else { return }
        let active = try activeMemberships(conn, accountId: body.accountId, now: clock.now())
        guard !active.isEmpty else { return }
        throw ServiceError(.unavailable, detail: "account change too fresh to mend memberships; retried")
    }

    /// The memberships that grant something, as `otherActiveMemberships` counts them: an
    /// invitation awaiting its owner's consent and an ended delegation do not (mending
    /// either would answer the invitation, or reopen a delegation, for its owner).
    private func activeMemberships(_ conn: Connection, accountId: String, now: Date) throws -> [Membership] {
        try store.memberships(conn, accountId: accountId).filter {
            !$0.disabled && $0.pendingConsent == nil && !$0.hasEnded(at: now)
        }
    }

    /// The compensation after a lost last-admin race, through the outbox.
    static func enableAgain(_ store: AdminStore, clock: Clock, relay: OutboxRelay?, accountId: String) throws {
        try store.db.write { conn in try enqueueEnable(conn, accountId: accountId, now: clock.now(), relay: relay) }
    }

    private static func enqueueEnable(_ conn: Connection, accountId: String, now: Date, relay: OutboxRelay?) throws {
        try MessageOutbox.enqueue(
            conn, to: ServiceName.identity, AccountUpdate.self,
            AccountUpdate.Body(accountId: accountId, disabled: false), now: now, relay: relay)
    }
}
