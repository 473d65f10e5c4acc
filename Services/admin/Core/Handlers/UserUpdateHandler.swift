import Foundation
import Wire
import Contracts
import Server

/// `admin.users.update` (seed steps 16–20): names, language, phone, the admin
/// right, the themes, "Désactivé", and "Bloqué jusqu'au".
///
/// Deactivation is per employer. When the person has no other active
/// membership, identity disables the account (ending every session and sending
/// the notice); a fiduciary still active elsewhere keeps the account and their
/// sessions (every request checks the membership, so this employer is refused
/// at once), and gets no account-wide notice.
///
/// Names, language, phone and lockout are the account's, not this employer's:
/// for someone with an active membership at another employer they are refused
/// (`forbidden`), or one employer's admin could take over another's users.
///
/// Identity is called first and synchronously; admin writes only after it
/// agreed, so a refusal (invalid_phone, …) leaves nothing half-done here.
enum UserUpdateHandler {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(UsersUpdate.self) { ctx, b in try update(rt, ctx, b) }
    }

    static func update(_ rt: AdminRuntime, _ ctx: RequestContext, _ b: UsersUpdate.Body) throws -> UsersUpdate.Reply {
        let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
        let number = admin.employer.number
        guard let current = try rt.store.member(employer: number, accountId: b.userId) else {
            throw AdminError.unknownUser
        }
        let before = current.membership
        let after = try proposed(rt, b, before)
        let newPhone = b.phone?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        try requireStepUpIfSensitive(rt, admin.caller, before: before, after: after, changesPhone: newPhone != nil)
        if let pending = before.pendingConsent {
            return try updateAwaitingConsent(rt, ctx, admin, current, after: after, pending, b)
        }

        let (others, otherMemberships, otherOwners) = try rt.store.db.read { conn in
            (try rt.store.otherActiveAdmins(conn, employer: number, except: before.accountId),
             try rt.store.otherActiveMemberships(conn, accountId: before.accountId, except: number, now: rt.clock.now()),
             try rt.store.otherActiveMemberships(conn, accountId: before.accountId, except: number, now: rt.clock.now(),
                                                  delegations: false))
        }
        guard LastAdminRule.allows(before: before, after: after, otherActiveAdmins: others) else {
            throw ServiceError(.lastAdmin)
        }

        let user = current.user
        let change = accountChange(b, user: user, before: before, after: after, onlyMembership: otherMemberships == 0,
                                   employerName: admin.employer.name)
        // Shared only with employers the person belongs to (a delegation to them, or an
        // invitation they have not accepted, takes nothing from their own employer's admins).
        if otherOwners > 0, let field = change.accountWideField ?? (newPhone != nil ? "phone" : nil) {
            throw AdminError.sharedAccount(field)
        }
        // A new phone must be proved: its code goes to it, the enrolled phone stays in
        // force until `confirmPhone` (identity then tells the old number and the e-mail).
        let codeSentTo = try newPhone.map { phone in
            try rt.callIdentity(AccountSmsSend.self, AccountSmsSend.Body(accountId: before.accountId, phone: phone),
                                lang: ctx.lang).maskedPhone
        }

        var account: AccountInfo?
        if change.firstName != nil || change.lastName != nil || change.language != nil
            || change.clearLockout != nil || change.lockedUntil != nil || change.disabled != nil {
            account = try rt.callIdentity(AccountUpdate.self, change, lang: ctx.lang).account
        }

        let now = rt.clock.now()
        // Names and language changed only if identity took them: its answer is the new copy.
        let newUser = account.map(UserRecord.init(account:)) ?? user
        do {
            try rt.store.db.write { conn in
                // Checked again under the write lock: two admins removing each other at once.
                let othersNow = try rt.store.otherActiveAdmins(conn, employer: number, except: before.accountId)
                guard LastAdminRule.allows(before: before, after: after, otherActiveAdmins: othersNow) else {
                    throw ServiceError(.lastAdmin)
                }
                try rt.store.saveUser(conn, newUser, now: now)
                if after != before { try rt.store.saveMembership(conn, after, now: now) }
                let beforeFacts: [String: JSONValue] = ["user": user.auditJSON, "membership": before.auditJSON]
                var afterFacts: [String: JSONValue] = ["user": newUser.auditJSON, "membership": after.auditJSON]
                // Identity's side of the change, as far as admin knows it (phones only masked).
                if let codeSentTo { afterFacts["phoneCodeSentTo"] = .string(codeSentTo) }
                if change.clearLockout == true { afterFacts["lockout"] = "cleared" }
                if let t = change.lockedUntil { afterFacts["lockout"] = .string(t) }
                if let d = change.disabled { afterFacts["accountDisabled"] = .bool(d) }
                if beforeFacts != afterFacts {
                    try rt.store.appendAudit(conn, AuditRecord(
                        employer: number, actorId: admin.caller.accountId, actor: admin.caller.email,
                        action: "user.update", targetId: before.accountId, target: user.email,
                        before: .object(beforeFacts), after: .object(afterFacts)), at: now)
                }
            }
        } catch let e as ServiceError where e.code == .lastAdmin && change.disabled == true {
            // Lost the race above after identity disabled the account: give it back,
            // durably (through the outbox, retried until identity has it).
            try AccountHealing.enableAgain(rt, accountId: before.accountId)
            throw e
        }
        ctx.logger.info("user.updated", ["employer": .string(number), "account": .string(before.accountId)])
        let fresh = try account ?? rt.callIdentity(AccountGet.self, AccountGet.Body(accountId: before.accountId),
                                                   lang: ctx.lang).account
        let member = MemberRecord(user: newUser, membership: after)
        return UsersUpdate.Reply(user: rt.detail(member, account: fresh, lang: ctx.lang),
                                 next: codeSentTo == nil ? nil : .confirmPhone)
    }

    /// The membership as the body asks it to be (names and the lockout date checked too).
    static func proposed(_ rt: AdminRuntime, _ b: UsersUpdate.Body, _ before: Membership) throws -> Membership {
        if let f = b.firstName, !PersonName.valid(f) { throw AdminError.badField("firstName") }
        if let l = b.lastName, !PersonName.valid(l) { throw AdminError.badField("lastName") }
        if let t = b.lockedUntil, Date(rfc3339: t) == nil { throw AdminError.badField("lockedUntil") }
        var after = before
        if let a = b.admin { after.admin = a }
        if let t = b.themes {
            guard let themes = rt.catalogue.normalize(t) else { throw AdminError.unknownTheme }
            after.themes = themes
        }
        if let d = b.disabled { after.disabled = d }
        // A delegate never holds the connect-administrator right of the delegating employer.
        if after.admin && before.isDelegated { throw MandantErrors.delegateNoAdmin }
        return after
    }

    /// Granting the admin right, giving it back with a re-enable, and changing a
    /// phone need a recent password proof.
    static func requireStepUpIfSensitive(_ rt: AdminRuntime, _ caller: Caller, before: Membership, after: Membership,
                                         changesPhone: Bool) throws {
        let grantsAdmin = after.admin && !before.admin
        let reenablesAdmin = before.disabled && !after.disabled && after.admin
        guard grantsAdmin || reenablesAdmin || changesPhone else { return }
        try rt.requireStepUp(caller, action: grantsAdmin ? "user.grant_admin"
                             : reenablesAdmin ? "user.reenable_admin" : "user.phone")
    }

    /// What identity is asked to change (never the phone: that goes through its code).
    /// Only the person's last active membership decides the account's fate.
    static func accountChange(_ b: UsersUpdate.Body, user: UserRecord, before: Membership, after: Membership,
                              onlyMembership: Bool, employerName: String) -> AccountUpdate.Body {
        var change = AccountUpdate.Body(accountId: before.accountId)
        if let f = b.firstName?.trimmingCharacters(in: .whitespaces), f != user.name.first { change.firstName = f }
        if let l = b.lastName?.trimmingCharacters(in: .whitespaces), l != user.name.last { change.lastName = l }
        if let lang = b.language, lang != user.language { change.language = lang }
        if b.clearLockout { change.clearLockout = true } else if let t = b.lockedUntil { change.lockedUntil = t }
        if onlyMembership && !before.disabled && after.disabled { change.disabled = true; change.employerName = employerName }
        if onlyMembership && before.disabled && !after.disabled { change.disabled = false }
        return change
    }

    /// A membership awaiting the owner's consent: only this employer's facts and
    /// its own copy of the names change. Identity is never asked, so a phone or a
    /// lockout touches nobody's account (the reply is the one a new person's would be).
    static func updateAwaitingConsent(_ rt: AdminRuntime, _ ctx: RequestContext, _ admin: EmployerAdmin,
                                      _ current: MemberRecord, after: Membership, _ pending: PendingConsent,
                                      _ b: UsersUpdate.Body) throws -> UsersUpdate.Reply {
        var after = after
        var copy = pending
        copy.name = PersonName(first: b.firstName ?? pending.name.first, last: b.lastName ?? pending.name.last)
        if let lang = b.language { copy.language = lang }
        after.pendingConsent = copy
        let shown = current.user.invitedCopy(copy)
        let now = rt.clock.now()
        if after != current.membership {
            try rt.store.db.write { conn in
                try rt.store.saveMembership(conn, after, now: now)
                try rt.store.appendAudit(conn, AuditRecord(
                    employer: admin.employer.number, actorId: admin.caller.accountId, actor: admin.caller.email,
                    action: "user.update", targetId: after.accountId, target: shown.email,
                    before: .object(["user": current.user.auditJSON, "membership": current.membership.auditJSON]),
                    after: .object(["user": shown.auditJSON, "membership": after.auditJSON])), at: now)
            }
        }
        let phone = b.phone?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        return UsersUpdate.Reply(user: rt.detail(MemberRecord(user: shown, membership: after), account: nil,
                                                 lang: ctx.lang), next: phone == nil ? nil : .confirmPhone)
    }
}

extension AccountUpdate.Body {
    /// The first change that touches the whole account (what the person sees at
    /// every employer), if any; `disabled` is decided by the memberships instead.
    var accountWideField: String? {
        if firstName != nil { return "firstName" }
        if lastName != nil { return "lastName" }
        if language != nil { return "language" }
        if phone != nil { return "phone" }
        if clearLockout != nil || lockedUntil != nil { return "lockedUntil" }
        return nil
    }
}
