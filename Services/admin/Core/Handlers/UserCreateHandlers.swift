import Foundation
import Wire
import Contracts
import Runtime
import SQLite
import Server
import Messaging

/// New users (seed steps 5–15): variant 1 with the person's phone at hand
/// (identity sends the SMS code, the admin types it in with `confirmPhone`),
/// variant 2 without (identity sends the welcome e-mail). An e-mail that already
/// has an account gets a membership that waits for the owner's consent
/// (`ConsentHandlers`): answered like a new person's, showing only what the admin
/// typed, and the account itself is left as it is (its phone, its state, enabled or not).
///
/// Order: identity first, synchronously, then one local transaction. If identity
/// refuses, nothing is written here. If the local write fails after identity
/// answered, identity holds an account with no membership anywhere: it grants
/// nothing, and the admin's retry finds it (`created: false`) and attaches it.
enum UserCreateHandlers {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(UsersCreate.self) { ctx, b in try create(rt, ctx, b) }
        router.on(UsersConfirmPhone.self) { ctx, b in try confirmPhone(rt, ctx, b) }
    }

    static func create(_ rt: AdminRuntime, _ ctx: RequestContext, _ b: UsersCreate.Body) throws -> UsersCreate.Reply {
        let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
        let employer = admin.employer
        guard let email = EmailAddress.normalize(b.email) else { throw AdminError.emailRequired }
        guard PersonName.valid(b.firstName) else { throw AdminError.badField("firstName") }
        guard PersonName.valid(b.lastName) else { throw AdminError.badField("lastName") }
        guard let themes = rt.catalogue.normalize(b.themes ?? []) else { throw AdminError.unknownTheme }
        let phone = b.phone?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        try rt.requireStepUp(admin.caller, action: "user.create")
        // Refuse a known member before identity does anything (no stray SMS or e-mail).
        let found = try rt.store.user(email: email)
        // A user whose account identity lost (a restore) is invited anew: a new account,
        // to which their memberships move.
        let lost = found.flatMap { $0.state == AccountReconciler.missingState ? $0 : nil }
        let known = lost == nil ? found : nil
        if let known, try rt.store.member(employer: employer.number, accountId: known.accountId) != nil {
            throw AdminError.alreadyMember
        }
        // Identity judges the phone first, for a new and an existing account alike
        // (`invalid_phone` tells nothing about the e-mail).
        let created = try rt.callIdentity(AccountCreate.self, AccountCreate.Body(
            email: email, firstName: b.firstName, lastName: b.lastName, language: b.language,
            phone: phone, employerName: employer.name, employerNumber: employer.number), lang: ctx.lang)
        var account = created.account
        // The one exception to consent: the retry of a create whose local write
        // failed (identity's account then belongs to no employer, was never activated).
        let belongsNowhere = try !created.created && !rt.store.hasMembership(accountId: account.accountId)
        let orphan = belongsNowhere && !account.disabled && account.state != "active"
        let now = rt.clock.now()
        var state = account.state
        var consent: PendingConsent?
        if !created.created && !orphan {
            // Someone's account: nothing is sent to it but the consent e-mail, and the
            // reply is the one a new person would get.
            state = phone == nil ? "invited" : "pendingPhone"
            consent = PendingConsent(name: PersonName(first: b.firstName.trimmingCharacters(in: .whitespaces),
                                                      last: b.lastName.trimmingCharacters(in: .whitespaces)),
                                     language: b.language, state: state, invitedAt: now)
        } else if let phone {
            // Variant 1, or its retry after a refused phone.
            _ = try rt.callIdentity(AccountSmsSend.self, AccountSmsSend.Body(accountId: account.accountId, phone: phone,
                                                                          employerNumber: employer.number),
                                    lang: ctx.lang)
            state = "pendingPhone"
            account.state = state
        }
        let membership = Membership(employer: employer.number, accountId: account.accountId,
                                    admin: b.admin ?? false, themes: themes, disabled: false, pendingConsent: consent)
        let user = UserRecord(account: account)
        let shown = consent.map { user.invitedCopy($0) } ?? user
        try rt.store.db.write { conn in
            guard try rt.store.member(conn, employer: employer.number, accountId: account.accountId) == nil else {
                throw AdminError.alreadyMember
            }
            try rt.store.saveUser(conn, user, now: now)
            if let lost, lost.accountId != account.accountId {
                try rt.store.moveMemberships(conn, from: lost.accountId, to: account.accountId, except: employer.number)
            }
            try rt.store.saveMembership(conn, membership, now: now)
            // The employer's audit trail holds what its admin did and saw, never the account's own facts.
            try rt.store.appendAudit(conn, AuditRecord(
                employer: employer.number, actorId: admin.caller.accountId, actor: admin.caller.email,
                action: "user.create", targetId: account.accountId, target: account.email, before: nil,
                after: .object(["user": shown.auditJSON, "membership": membership.auditJSON,
                                "state": .string(state)])), at: now)
            if consent != nil { try askConsent(conn, account, employer, now: now) }
        }
        if consent != nil { rt.relay?.wake() }
        ctx.logger.info("user.created", ["employer": .string(employer.number), "account": .string(account.accountId),
                                         "state": .string(state), "awaitingConsent": .bool(consent != nil)])
        return UsersCreate.Reply(userId: account.accountId, state: state)
    }

    /// The owner of an existing account is asked by e-mail (in their own language, with
    /// their own name: the message goes to them, not to the inviting admin).
    static func askConsent(_ conn: Connection, _ account: AccountInfo, _ employer: EmployerRecord, now: Date) throws {
        let id = Identifier.make("msg")
        try MessageOutbox.enqueue(conn, to: ServiceName.notifier, NotifierSend.self, NotifierSend.Body(
            idempotencyKey: id, channel: .email, to: account.email, language: account.language,
            template: TemplateName.membershipConsent,
            params: ["firstName": account.firstName, "employerName": employer.name, "employerNumber": employer.number]),
            id: id, now: now)
    }

    static func confirmPhone(_ rt: AdminRuntime, _ ctx: RequestContext,
                             _ b: UsersConfirmPhone.Body) throws -> UsersConfirmPhone.Reply {
        let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
        guard let m = try rt.store.member(employer: admin.employer.number, accountId: b.userId) else {
            throw AdminError.unknownUser
        }
        let code = b.smsCode.filter { !$0.isWhitespace }
        guard !code.isEmpty else { throw AdminError.badField("smsCode") }
        // No code went to anyone for an account awaiting consent: as if none were live.
        if m.membership.pendingConsent != nil { throw ServiceError(.invalidCode, field: "smsCode") }
        let account: AccountInfo
        do {
            account = try rt.callIdentity(AccountSmsConfirm.self, AccountSmsConfirm.Body(
                accountId: m.user.accountId, smsCode: code, employerName: admin.employer.name), lang: ctx.lang).account
        } catch let refused as ServiceError where refused.code == .invalidCode && m.user.state == "pendingPhone" {
            // A retry after admin died between identity's confirmation and its own
            // write: the code is used up, but identity's account is already active.
            // Record that (and its audit entry) instead of leaving the two apart.
            let current = try rt.callIdentity(AccountGet.self, AccountGet.Body(accountId: m.user.accountId),
                                              lang: ctx.lang).account
            guard current.state == "active", current.mfa != nil else { throw refused }
            account = current
        }
        let now = rt.clock.now()
        let after = UserRecord(account: account)
        try rt.store.db.write { conn in
            try rt.store.saveUser(conn, after, now: now)
            try rt.store.appendAudit(conn, AuditRecord(
                employer: admin.employer.number, actorId: admin.caller.accountId, actor: admin.caller.email,
                action: "user.phone_confirmed", targetId: m.user.accountId, target: m.user.email,
                before: .object(["state": .string(m.user.state), "mfa": .string(m.user.mfa)]),
                after: .object(["state": .string(after.state), "mfa": .string(after.mfa)])), at: now)
        }
        return UsersConfirmPhone.Reply(state: account.state)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
