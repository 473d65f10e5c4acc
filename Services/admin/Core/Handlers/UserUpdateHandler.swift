import Contracts
import FoundationEssentials
import Glibc
import Messaging
import Runtime
import Server
import Wire

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
struct UserUpdateHandler: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(UsersUpdate.self) { [self] ctx, b in try update(ctx, b) }
    }

    /// What one read of admin's database tells about the person being edited.
    struct Facts {
        var member: MemberRecord
        /// The employer's other active admins (the last-admin rule).
        var otherAdmins: Int
        /// The person's other active memberships, delegations included: the account's fate.
        var otherMemberships: Int
        /// Other employers the person belongs to: account-wide details are theirs alone.
        var otherOwners: Int
    }

    func update(_ ctx: RequestContext, _ b: UsersUpdate.Body) throws -> UsersUpdate.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let facts = try read(employer: admin.employer.number, accountId: b.userId)
        let before = facts.member.membership
        let after = try proposed(b, before)
        let newPhone = b.phone?.trimmed(.spaces).nilIfEmpty
        try requireStepUpIfSensitive(admin.caller, before: before, after: after, changesPhone: newPhone != nil)
        if let pending = before.pendingConsent {
            return try updateAwaitingConsent(ctx, admin, facts.member, after: after, pending, b)
        }
        guard LastAdminRule.allows(before: before, after: after, otherActiveAdmins: facts.otherAdmins) else {
            throw ServiceError(.lastAdmin)
        }
        let change = Self.accountChange(
            b, user: facts.member.user, before: before, after: after,
            onlyMembership: facts.otherMemberships == 0, employerName: admin.employer.name)
        // Shared only with employers the person belongs to (a delegation to them, or an
        // invitation they have not accepted, takes nothing from their own employer's admins).
        if facts.otherOwners > 0, let field = change.accountWideField ?? (newPhone != nil ? "phone" : nil) {
            throw AdminError.sharedAccount(field)
        }
        let answer = try askIdentity(change, newPhone: newPhone, lang: ctx.lang)
        // Names and language changed only if identity took them: its answer is the new copy.
        let newUser = answer.account.map(UserRecord.init(account:)) ?? facts.member.user
        try record(admin, facts.member, after: after, newUser: newUser, change: change, codeSentTo: answer.codeSentTo)
        ctx.logger.info(
            "user.updated", ["employer": .string(admin.employer.number), "account": .string(before.accountId)])
        let fresh =
            try answer.account
            ?? identity.call(
                AccountGet.self, AccountGet.Body(accountId: before.accountId),
                lang: ctx.lang
            ).account
        return UsersUpdate.Reply(
            user: presenter.detail(
                MemberRecord(user: newUser, membership: after), account: fresh,
                lang: ctx.lang),
            next: answer.codeSentTo == nil ? nil : .confirmPhone)
    }

    /// The person and every count the rules need, in one read.
    func read(employer: String, accountId: String) throws -> Facts {
        try store.db.read { conn in
            guard let member = try store.member(conn, employer: employer, accountId: accountId) else {
                throw AdminError.unknownUser
            }
            let now = clock.now()
            return Facts(
                member: member,
                otherAdmins: try store.otherActiveAdmins(conn, employer: employer, except: accountId),
                otherMemberships: try store.otherActiveMemberships(
                    conn, accountId: accountId, except: employer,
                    now: now),
                otherOwners: try store.otherActiveMemberships(
                    conn, accountId: accountId, except: employer,
                    now: now, delegations: false))
        }
    }

    /// Identity is asked first, synchronously: a new phone gets its code (the
    /// enrolled phone stays in force until `confirmPhone`; identity then tells the
    /// old number and the e-mail), and the account-wide change is applied.
    func askIdentity(
        _ change: AccountUpdate.Body, newPhone: String?,
        lang: Language
    ) throws -> (codeSentTo: String?, account: AccountInfo?) {
        let codeSentTo = try newPhone.map { phone in
            try identity.call(
                AccountSmsSend.self, AccountSmsSend.Body(accountId: change.accountId, phone: phone),
                lang: lang
            ).maskedPhone
        }
        guard change.changesAccount else { return (codeSentTo, nil) }
        return (codeSentTo, try identity.call(AccountUpdate.self, change, lang: lang).account)
    }

    /// The one write: the copy, the membership and the audit entry. The last-admin
    /// rule is checked again under the write lock (two admins removing each other
    /// at once); losing that race after identity disabled the account gives the
    /// account back, durably (through the outbox, retried until identity has it).
    func record(
        _ admin: EmployerAdmin, _ current: MemberRecord, after: Membership, newUser: UserRecord,
        change: AccountUpdate.Body, codeSentTo: String?
    ) throws {
        let before = current.membership
        let number = admin.employer.number
        let now = clock.now()
        do {
            try store.db.write { conn in
                let othersNow = try store.otherActiveAdmins(conn, employer: number, except: before.accountId)
                guard LastAdminRule.allows(before: before, after: after, otherActiveAdmins: othersNow) else {
                    throw ServiceError(.lastAdmin)
                }
                try store.saveUser(conn, newUser, now: now)
                if after != before { try store.saveMembership(conn, after, now: now) }
                let beforeFacts: [String: JSONValue] = ["user": current.user.auditJSON, "membership": before.auditJSON]
                let afterFacts = Self.auditFacts(newUser, after, change: change, codeSentTo: codeSentTo)
                if beforeFacts != afterFacts {
                    try store.appendAudit(
                        conn,
                        AuditRecord(
                            by: admin, action: .userUpdate, targetId: before.accountId, target: current.user.email,
                            before: .object(beforeFacts), after: .object(afterFacts)), at: now)
                }
            }
        } catch let e as ServiceError where e.code == .lastAdmin && change.disabled == true {
            try AccountHealing.enableAgain(store, clock: clock, relay: relay, accountId: before.accountId)
            throw e
        }
    }

    /// What the audit entry shows after the change, identity's side included as far
    /// as admin knows it (phones only masked).
    static func auditFacts(
        _ user: UserRecord, _ membership: Membership, change: AccountUpdate.Body,
        codeSentTo: String?
    ) -> [String: JSONValue] {
        var facts: [String: JSONValue] = ["user": user.auditJSON, "membership": membership.auditJSON]
        if let codeSentTo { facts["phoneCodeSentTo"] = .string(codeSentTo) }
        if change.clearLockout == true { facts["lockout"] = "cleared" }
        if let t = change.lockedUntil { facts["lockout"] = .string(t) }
        if let d = change.disabled { facts["accountDisabled"] = .bool(d) }
        return facts
    }

    /// The membership as the body asks it to be (names and the lockout date checked too).
    func proposed(_ b: UsersUpdate.Body, _ before: Membership) throws -> Membership {
        if let f = b.firstName, !PersonName.valid(f) { throw AdminError.badField("firstName") }
        if let l = b.lastName, !PersonName.valid(l) { throw AdminError.badField("lastName") }
        if let t = b.lockedUntil, Date(rfc3339: t) == nil { throw AdminError.badField("lockedUntil") }
        var after = before
        if let a = b.admin { after.admin = a }
        if let t = b.themes {
            guard let themes = catalogue.normalize(t) else { throw AdminError.unknownTheme }
            after.themes = themes
        }
        if let d = b.disabled { after.disabled = d }
        // A delegate never holds the connect-administrator right of the delegating employer.
        if after.admin && before.isDelegated { throw MandantErrors.delegateNoAdmin }
        return after
    }

    /// Granting the admin right, giving it back with a re-enable, and changing a
    /// phone need a recent password proof.
    func requireStepUpIfSensitive(
        _ caller: Caller, before: Membership, after: Membership,
        changesPhone: Bool
    ) throws {
        let grantsAdmin = after.admin && !before.admin
        let reenablesAdmin = before.disabled && !after.disabled && after.admin
        guard grantsAdmin || reenablesAdmin || changesPhone else { return }
        try stepUp.require(caller, action: grantsAdmin ? .grantAdmin : reenablesAdmin ? .reenableAdmin : .changePhone)
    }

    /// What identity is asked to change (never the phone: that goes through its code).
    /// Only the person's last active membership decides the account's fate.
    static func accountChange(
        _ b: UsersUpdate.Body, user: UserRecord, before: Membership, after: Membership,
        onlyMembership: Bool, employerName: String
    ) -> AccountUpdate.Body {
        var change = AccountUpdate.Body(accountId: before.accountId)
        if let f = b.firstName?.trimmed(.spaces), f != user.name.first { change.firstName = f }
        if let l = b.lastName?.trimmed(.spaces), l != user.name.last { change.lastName = l }
        if let lang = b.language, lang != user.language { change.language = lang }
        if b.clearLockout { change.clearLockout = true } else if let t = b.lockedUntil { change.lockedUntil = t }
        if onlyMembership && !before.disabled && after.disabled {
            change.disabled = true
            change.employerName = employerName
        }
        if onlyMembership && before.disabled && !after.disabled { change.disabled = false }
        return change
    }

    /// A membership awaiting the owner's consent: only this employer's facts and
    /// its own copy of the names change. Identity is never asked, so a phone or a
    /// lockout touches nobody's account (the reply is the one a new person's would be).
    func updateAwaitingConsent(
        _ ctx: RequestContext, _ admin: EmployerAdmin, _ current: MemberRecord,
        after: Membership, _ pending: PendingConsent,
        _ b: UsersUpdate.Body
    ) throws -> UsersUpdate.Reply {
        var after = after
        var copy = pending
        copy.name = PersonName(first: b.firstName ?? pending.name.first, last: b.lastName ?? pending.name.last)
        if let lang = b.language { copy.language = lang }
        after.pendingConsent = copy
        let shown = current.user.invitedCopy(copy)
        let now = clock.now()
        if after != current.membership {
            try store.db.write { conn in
                try store.saveMembership(conn, after, now: now)
                try store.appendAudit(
                    conn,
                    AuditRecord(
                        by: admin, action: .userUpdate, targetId: after.accountId, target: shown.email,
                        before: .object(["user": current.user.auditJSON, "membership": current.membership.auditJSON]),
                        after: .object(["user": shown.auditJSON, "membership": after.auditJSON])), at: now)
            }
        }
        let phone = b.phone?.trimmed(.spaces).nilIfEmpty
        return UsersUpdate.Reply(
            user: presenter.detail(
                MemberRecord(user: shown, membership: after), account: nil,
                lang: ctx.lang), next: phone == nil ? nil : .confirmPhone)
    }
}

extension AccountUpdate.Body {
    /// Whether identity has anything to apply (the phone goes through its code instead).
    var changesAccount: Bool {
        firstName != nil || lastName != nil || language != nil || clearLockout != nil || lockedUntil != nil
            || disabled != nil
    }

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
