import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// Admin's side of accounts (service-to-service only): create (variant 1 with a
/// phone, variant 2 without), the variant-1 SMS confirmation, update, get, and
/// ending sessions.
struct AccountHandlers: Sendable {
    let store: IdentityStore
    let sessions: Sessions
    let smsCodes: SmsCodes
    let notices: Notices
    let input: IdentityInput
    let clock: Clock
    let logger: Logger

    func register(on router: Router) {
        router.on(AccountCreate.self) { [self] _, body in try accountCreate(body) }
        router.on(AccountSmsSend.self) { [self] _, body in try accountSmsSend(body) }
        router.on(AccountSmsConfirm.self) { [self] _, body in try accountSmsConfirm(body) }
        router.on(AccountUpdate.self) { [self] _, body in try accountUpdate(body) }
        router.on(AccountGet.self) { [self] _, body in try accountGet(body) }
        router.on(AccountSessionsEnd.self) { [self] _, body in try accountSessionsEnd(body) }
        router.on(AccountsList.self) { [self] _, body in try accountsList(body) }
    }

    func accountCreate(_ body: AccountCreate.Body) throws -> AccountCreate.Reply {
        let email = try input.email(body.email)
        let first = try input.name(body.firstName, field: "firstName")
        let last = try input.name(body.lastName, field: "lastName")
        let phone = try body.phone.map { try input.phone($0) }
        let now = clock.now()
        let reply: AccountCreate.Reply = try store.db.write { conn in
            if let existing = try store.account(conn, email: email) {
                return .init(account: existing.info(now: now), created: false)
            }
            let account = AccountRecord(
                id: Identifier.make("acc"), email: email, firstName: first, lastName: last,
                language: body.language, passwordHash: nil, phone: nil,
                pendingPhone: phone?.e164, state: phone == nil ? .invited : .pendingPhone,
                createdAt: now)
            try store.insert(conn, account: account)
            if let employer = body.employerNumber {
                try store.setAccountEmployer(conn, accountId: account.id, employerNumber: employer)
            }
            if phone == nil {
                try notices.notify(
                    conn, channel: .email, to: email, language: body.language,
                    template: TemplateName.welcomeInvited,
                    params: ["firstName": first, "lastName": last, "employerName": body.employerName ?? ""])
            }
            return .init(account: account.info(now: now), created: true)
        }
        if reply.created {
            logger.info(
                "account.created",
                [
                    "accountId": .string(reply.account.accountId),
                    "state": .string(reply.account.state.rawValue),
                ])
        }
        return reply
    }

    func accountSmsSend(_ body: AccountSmsSend.Body) throws -> AccountSmsSend.Reply {
        let phone = try input.phone(body.phone)
        let now = clock.now()
        try store.db.write { conn in
            var account = try existingAccount(conn, body.accountId)
            guard !account.disabled else { throw ServiceError(.accountDisabled) }
            if let employer = body.employerNumber {
                try store.setAccountEmployer(conn, accountId: account.id, employerNumber: employer)
            }
            let scope = SmsSendScope(
                accountId: account.id,
                employerNumber: try body.employerNumber ?? store.accountEmployer(conn, accountId: account.id))
            if let limited = try smsCodes.send(
                conn, purpose: .account, subject: account.id, phone: phone,
                language: account.language, template: TemplateName.smsEnrolment, now: now,
                scope: scope)
            {
                throw limited
            }
            if account.state == .pendingPhone {
                account.pendingPhone = phone.e164
                try store.save(conn, account: account, now: now)
            }
        }
        return .init(maskedPhone: phone.masked)
    }

    func accountSmsConfirm(_ body: AccountSmsConfirm.Body) throws -> AccountSmsConfirm.Reply {
        let now = clock.now()
        let result: Result<AccountInfo, ServiceError> = try store.db.write { conn in
            var account = try existingAccount(conn, body.accountId)
            guard !account.disabled else { throw ServiceError(.accountDisabled) }
            let sms: SmsCodeRecord
            switch try smsCodes.judge(conn, purpose: .account, subject: account.id, typed: body.smsCode, now: now) {
            case .failure(let e): return .failure(e)
            case .success(let s): sms = s
            }
            let wasPending = account.state != .active
            let old = account.phone
            account.phone = sms.phone
            account.pendingPhone = nil
            account.state = .active
            try store.save(conn, account: account, now: now)
            if wasPending {
                try notices.notify(
                    conn, channel: .email, to: account.email, language: account.language,
                    template: TemplateName.welcomeActive,
                    params: [
                        "firstName": account.firstName, "lastName": account.lastName,
                        "employerName": body.employerName ?? "",
                    ])
            }
            if let old, old != sms.phone {
                // The admin moved the second factor: the old number and the e-mail are told.
                let masked = ["maskedPhone": PhoneNumber(e164: sms.phone).masked]
                try notices.notify(
                    conn, channel: .sms, to: old, language: account.language,
                    template: TemplateName.phoneChanged, params: masked)
                try notices.notify(
                    conn, channel: .email, to: account.email, language: account.language,
                    template: TemplateName.phoneChanged, params: masked)
            }
            return .success(account.info(now: now))
        }
        let info = try result.get()
        logger.info("account.phone_confirmed", ["accountId": .string(info.accountId)])
        return .init(account: info)
    }

    func accountUpdate(_ body: AccountUpdate.Body) throws -> AccountUpdate.Reply {
        let first = try body.firstName.map { try input.name($0, field: "firstName") }
        let last = try body.lastName.map { try input.name($0, field: "lastName") }
        let phone = try body.phone.map { try input.phone($0) }
        let lockedUntil = try body.lockedUntil.map { raw -> Date in
            guard let d = Date(rfc3339: raw) else { throw ServiceError.badRequest("lockedUntil") }
            return d
        }
        let now = clock.now()
        let (info, ended): (AccountInfo, Int?) = try store.db.write { conn in
            var a = try existingAccount(conn, body.accountId)
            let old = a
            if let first { a.firstName = first }
            if let last { a.lastName = last }
            if let language = body.language { a.language = language }
            if let phone {
                a.phone = phone.e164
                a.pendingPhone = nil
                if a.state == .pendingPhone { a.state = .active }
            }
            if body.clearLockout == true { a.lockout = LockoutPolicy.State() }
            if let lockedUntil { a.lockout.lockedUntil = lockedUntil }
            let ended = try applyDisabled(conn, &a, body, now: now)
            try store.save(conn, account: a, now: now)
            // Announced whoever asked, in the same transaction: admin's copy follows
            // even if the caller dies before writing its own.
            var event = Self.changes(from: old, to: a)
            if event != AccountChanged.Body(accountId: a.id) {
                event.changedAt = Date().rfc3339 // real time, as the outbox's
                try notices.announce(conn, AccountChanged.self, event)
            }
            return (a.info(now: now), ended)
        }
        if let ended {
            logger.info(
                "account.disabled", ["accountId": .string(info.accountId), "sessionsEnded": .number(Double(ended))])
        }
        logger.info("account.updated", ["accountId": .string(info.accountId)])
        return .init(account: info)
    }

    /// `disabled` as asked. Disabling ends the account's sessions and tells its
    /// owner; returns how many sessions ended then, nil when it was not disabled now.
    private func applyDisabled(
        _ conn: Connection, _ a: inout AccountRecord, _ body: AccountUpdate.Body, now: Date
    ) throws -> Int? {
        guard let disabled = body.disabled, disabled != a.disabled else { return nil }
        a.disabled = disabled
        guard disabled else { return nil }
        let ended = try sessions.endAll(conn, accountId: a.id, now: now)
        try notices.notify(
            conn, channel: .email, to: a.email, language: a.language,
            template: TemplateName.accountDeactivated,
            params: ["firstName": a.firstName, "employerName": body.employerName ?? ""])
        return ended
    }

    func accountGet(_ body: AccountGet.Body) throws -> AccountGet.Reply {
        let now = clock.now()
        return .init(account: try store.db.read { try existingAccount($0, body.accountId) }.info(now: now))
    }

    func accountSessionsEnd(_ body: AccountSessionsEnd.Body) throws -> AccountSessionsEnd.Reply {
        let now = clock.now()
        let ended = try store.db.write { conn in
            _ = try existingAccount(conn, body.accountId)
            return try sessions.endAll(conn, accountId: body.accountId, now: now)
        }
        logger.info("account.sessions_ended", ["accountId": .string(body.accountId), "ended": .number(Double(ended))])
        return .init(ended: ended)
    }

    private func existingAccount(_ conn: Connection, _ id: String) throws -> AccountRecord {
        guard let a = try store.account(conn, id: id) else { throw ServiceError(.notFound, field: "accountId") }
        return a
    }

    /// What admin lists that changed between two versions of an account.
    static func changes(from old: AccountRecord, to new: AccountRecord) -> AccountChanged.Body {
        var e = AccountChanged.Body(accountId: new.id)
        if new.firstName != old.firstName { e.firstName = new.firstName }
        if new.lastName != old.lastName { e.lastName = new.lastName }
        if new.language != old.language { e.language = new.language }
        if new.state != old.state { e.state = new.state }
        if new.phone != nil && new.phone != old.phone { e.mfa = .sms }
        if new.disabled != old.disabled { e.disabled = new.disabled }
        return e
    }

    /// A page of account ids in id order, for admin's reconciliation after a restore.
    func accountsList(_ body: AccountsList.Body) throws -> AccountsList.Reply {
        let limit = body.limit ?? 1000
        guard (1...5000).contains(limit) else { throw ServiceError.badRequest("limit") }
        let ids = try store.db.read { conn in
            try conn.query("SELECT id FROM accounts WHERE id > ? ORDER BY id LIMIT ?", body.after ?? "", limit)
                .map { try $0.string("id") }
        }
        return .init(accountIds: ids, next: ids.count == limit ? ids.last : nil)
    }
}
