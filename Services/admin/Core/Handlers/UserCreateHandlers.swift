import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Server
import Wire

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
struct UserCreateHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(UsersCreate.self) { [self] ctx, b in try create(ctx, b) }
        router.on(UsersConfirmPhone.self) { [self] ctx, b in try confirmPhone(ctx, b) }
    }

    func create(_ ctx: RequestContext, _ b: UsersCreate.Body) throws -> UsersCreate.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let employer = admin.employer
        guard let email = EmailAddress.normalize(b.email) else { throw AdminError.emailRequired }
        guard PersonName.valid(b.firstName) else { throw AdminError.badField("firstName") }
        guard PersonName.valid(b.lastName) else { throw AdminError.badField("lastName") }
        guard let themes = catalogue.normalize(b.themes ?? []) else { throw AdminError.unknownTheme }
        let phone = b.phone?.trimmed(.spaces).nilIfEmpty
        try stepUp.require(admin.caller, action: .createUser)
        let lost = try lostUser(email: email, employer: employer.number)
        // Identity judges the phone first, for a new and an existing account alike
        // (`invalid_phone` tells nothing about the e-mail).
        let created = try identity.call(
            AccountCreate.self,
            AccountCreate.Body(
                email: email, firstName: b.firstName, lastName: b.lastName, language: b.language,
                phone: phone, employerName: employer.name, employerNumber: employer.number), lang: ctx.lang)
        let now = clock.now()
        let placed = try place(created, b, phone: phone, employer: employer, now: now, lang: ctx.lang)
        let membership = Membership(
            employer: employer.number, accountId: placed.account.accountId,
            admin: b.admin ?? false, themes: themes, disabled: false,
            pendingConsent: placed.consent)
        try record(admin, placed, membership, replacing: lost, now: now)
        ctx.logger.info(
            "user.created",
            [
                "employer": .string(employer.number),
                "account": .string(placed.account.accountId),
                "state": .string(placed.state.rawValue),
                "awaitingConsent": .bool(placed.consent != nil),
            ])
        return UsersCreate.Reply(userId: placed.account.accountId, state: placed.state)
    }

    /// A known member is refused before identity does anything (no stray SMS or
    /// e-mail). A user whose account identity lost (a restore) is returned: they are
    /// invited anew, with a new account to which their memberships move.
    func lostUser(email: String, employer: String) throws -> UserRecord? {
        let found = try store.user(email: email)
        if let found, found.state == .missing { return found }
        if let found, try store.member(employer: employer, accountId: found.accountId) != nil {
            throw AdminError.alreadyMember
        }
        return nil
    }

    /// Where the new user stands: a new account (variant 1 gets its SMS code now),
    /// or someone's existing account, which waits for its owner's consent.
    struct Placement {
        var account: AccountInfo
        var state: AccountState
        var consent: PendingConsent?
    }

    func place(
        _ created: AccountCreate.Reply, _ b: UsersCreate.Body, phone: String?, employer: EmployerRecord,
        now: Date, lang: Language
    ) throws -> Placement {
        var account = created.account
        // The one exception to consent: the retry of a create whose local write
        // failed (identity's account then belongs to no employer, was never activated).
        let belongsNowhere = try !created.created && !store.hasMembership(accountId: account.accountId)
        let orphan = belongsNowhere && !account.disabled && account.state != .active
        if !created.created && !orphan {
            // Someone's account: nothing is sent to it but the consent e-mail, and the
            // reply is the one a new person would get.
            let state: AccountState = phone == nil ? .invited : .pendingPhone
            let consent = PendingConsent(
                name: PersonName(
                    first: b.firstName.trimmed(.spaces),
                    last: b.lastName.trimmed(.spaces)),
                language: b.language, state: state, invitedAt: now)
            return Placement(account: account, state: state, consent: consent)
        }
        if let phone {
            // Variant 1, or its retry after a refused phone.
            _ = try identity.call(
                AccountSmsSend.self,
                AccountSmsSend.Body(
                    accountId: account.accountId, phone: phone,
                    employerNumber: employer.number),
                lang: lang)
            account.state = .pendingPhone
        }
        return Placement(account: account, state: account.state, consent: nil)
    }

    /// One write: the copy, the membership (and a lost account's others moved to
    /// the new one), the audit entry, and the consent e-mail.
    func record(
        _ admin: EmployerAdmin, _ placed: Placement, _ membership: Membership, replacing lost: UserRecord?,
        now: Date
    ) throws {
        let employer = admin.employer
        let account = placed.account
        let user = UserRecord(account: account)
        let shown = placed.consent.map { user.invitedCopy($0) } ?? user
        try store.db.write { conn in
            guard try store.member(conn, employer: employer.number, accountId: account.accountId) == nil else {
                throw AdminError.alreadyMember
            }
            try store.saveUser(conn, user, now: now)
            if let lost, lost.accountId != account.accountId {
                try store.moveMemberships(conn, from: lost.accountId, to: account.accountId, except: employer.number)
            }
            try store.saveMembership(conn, membership, now: now)
            // The employer's audit trail holds what its admin did and saw, never the account's own facts.
            try store.appendAudit(
                conn,
                AuditRecord(
                    by: admin, action: .userCreate, targetId: account.accountId, target: account.email, before: nil,
                    after: .object([
                        "user": shown.auditJSON, "membership": membership.auditJSON,
                        "state": .string(placed.state.rawValue),
                    ])), at: now)
            if placed.consent != nil { try Self.askConsent(conn, account, employer, now: now, relay: relay) }
        }
    }

    /// The owner of an existing account is asked by e-mail (in their own language, with
    /// their own name: the message goes to them, not to the inviting admin).
    static func askConsent(
        _ conn: Connection, _ account: AccountInfo, _ employer: EmployerRecord, now: Date,
        relay: OutboxRelay?
    ) throws {
        try MessageOutbox.enqueue(
            conn, .aboutEmployer(TemplateName.membershipConsent, to: account, employer), now: now, relay: relay)
    }

    func confirmPhone(_ ctx: RequestContext, _ b: UsersConfirmPhone.Body) throws -> UsersConfirmPhone.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        guard let m = try store.member(employer: admin.employer.number, accountId: b.userId) else {
            throw AdminError.unknownUser
        }
        let code = b.smsCode.filter { !$0.isWhitespace }
        guard !code.isEmpty else { throw AdminError.badField("smsCode") }
        // No code went to anyone for an account awaiting consent: as if none were live.
        if m.membership.pendingConsent != nil { throw ServiceError(.invalidCode, field: "smsCode") }
        let account: AccountInfo
        do {
            account = try identity.call(
                AccountSmsConfirm.self,
                AccountSmsConfirm.Body(
                    accountId: m.user.accountId, smsCode: code, employerName: admin.employer.name), lang: ctx.lang
            ).account
        } catch let refused as ServiceError where refused.code == .invalidCode && m.user.state == .pendingPhone {
            // A retry after admin died between identity's confirmation and its own
            // write: the code is used up, but identity's account is already active.
            // Record that (and its audit entry) instead of leaving the two apart.
            let current = try identity.call(
                AccountGet.self, AccountGet.Body(accountId: m.user.accountId),
                lang: ctx.lang
            ).account
            guard current.state == .active, current.mfa != nil else { throw refused }
            account = current
        }
        let now = clock.now()
        let after = UserRecord(account: account)
        try store.db.write { conn in
            try store.saveUser(conn, after, now: now)
            try store.appendAudit(
                conn,
                AuditRecord(
                    by: admin, action: .userPhoneConfirmed, targetId: m.user.accountId, target: m.user.email,
                    before: .object(["state": .string(m.user.state.rawValue), "mfa": .string(m.user.mfa.rawValue)]),
                    after: .object(["state": .string(after.state.rawValue), "mfa": .string(after.mfa.rawValue)])),
                at: now)
        }
        return UsersConfirmPhone.Reply(state: account.state)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
