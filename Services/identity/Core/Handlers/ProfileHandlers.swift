import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// The seed's "Profil d'utilisateur": a signed-in person sees and changes their
/// own names, language and password. Phone and e-mail changes, which need a code
/// from the new number or address, are in `ProfileContactHandlers`.
struct ProfileHandlers: Sendable {
    let store: IdentityStore
    let clock: Clock
    let passwords: PasswordHasher
    let input: IdentityInput
    let signedIn: SignedIn
    let notices: Notices
    let profiles: OwnProfiles
    let logger: Logger

    func register(on router: Router) {
        router.on(ProfileGet.self) { [self] ctx, _ in try profileGet(ctx) }
        router.on(ProfileUpdate.self) { [self] ctx, body in try profileUpdate(ctx, body) }
        router.on(ProfileChangePassword.self) { [self] ctx, body in try profileChangePassword(ctx, body) }
    }

    func profileGet(_ ctx: RequestContext) throws -> ProfileGet.Reply {
        let now = clock.now()
        let (_, account) = try signedIn.session(ctx, now: now)
        return .init(profile: try store.db.read { try profiles.profile($0, account.id, now: now) })
    }

    func profileUpdate(_ ctx: RequestContext, _ body: ProfileUpdate.Body) throws -> ProfileUpdate.Reply {
        let first = try body.firstName.map { try input.name($0, field: "firstName") }
        let last = try body.lastName.map { try input.name($0, field: "lastName") }
        let now = clock.now()
        let (_, account) = try signedIn.session(ctx, now: now)
        let (profile, changed): (OwnProfile, Bool) = try store.db.write { conn in
            guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
            var event = AccountChanged.Body(accountId: a.id)
            if let first, first != a.firstName {
                a.firstName = first
                event.firstName = first
            }
            if let last, last != a.lastName {
                a.lastName = last
                event.lastName = last
            }
            if let language = body.language, language != a.language {
                a.language = language
                event.language = language
            }
            let changed = event != AccountChanged.Body(accountId: a.id)
            if changed {
                try store.save(conn, account: a, now: now)
                // Admin's lists show names and language: tell it, durably.
                try notices.announce(conn, AccountChanged.self, event)
            }
            return (try profiles.profile(conn, a.id, now: now), changed)
        }
        if changed {
            logger.info("profile.updated", ["accountId": .string(account.id)])
        }
        return .init(profile: profile)
    }

    func profileChangePassword(
        _ ctx: RequestContext,
        _ body: ProfileChangePassword.Body
    ) throws -> ProfileChangePassword.Reply {
        let now = clock.now()
        let (session, account) = try signedIn.session(ctx, now: now)
        try signedIn.provePassword(
            account, body.currentPassword, now: now, reason: "change_password", field: "currentPassword")
        try input.checkPassword(body.newPassword, email: account.email, field: "newPassword")
        let hash = try passwords.hash(body.newPassword)
        let ended: Int = try store.db.write { conn in
            guard var a = try store.account(conn, id: account.id) else { throw ServiceError(.unauthenticated) }
            a.passwordHash = hash
            try store.save(conn, account: a, now: now)
            // Reset codes and open logins proved the old password: they end.
            try store.endProofs(conn, accountId: a.id, now: now)
            // Whoever else holds a session of this account is out; this one stays
            // and counts as freshly proved.
            let ended = try store.endOtherSessions(conn, accountId: a.id, keep: session.id, now: now)
            try store.markReauthenticated(conn, sessionId: session.id, at: now)
            try notices.notify(
                conn, channel: .email, to: a.email, language: a.language,
                template: TemplateName.passwordChanged, params: ["firstName": a.firstName])
            return ended
        }
        logger.info(
            "profile.password_changed",
            [
                "accountId": .string(account.id),
                "sessionsEnded": .number(Double(ended)),
            ])
        return .init(endedSessions: ended)
    }
}

/// The person's own view of their account, as the profile messages answer it.
struct OwnProfiles: Sendable {
    let store: IdentityStore
    /// Wrong tries after which an e-mail change's code is dead (and no longer shown pending).
    let codeMaxAttempts: Int

    func profile(_ conn: Connection, _ accountId: String, now: Date) throws -> OwnProfile {
        guard let a = try store.account(conn, id: accountId) else { throw ServiceError(.unauthenticated) }
        let pendingPhone = try store.smsCode(conn, purpose: .profilePhone, subject: a.id)
            .flatMap { $0.expiresAt > now ? PhoneNumber(e164: $0.phone).masked : nil }
        let pendingEmail = try store.emailChange(conn, accountId: a.id)
            .flatMap { $0.expiresAt > now && $0.attempts < codeMaxAttempts ? $0.newEmail : nil }
        return OwnProfile(
            accountId: a.id, email: a.email, firstName: a.firstName, lastName: a.lastName,
            language: a.language, maskedPhone: a.phone.map { PhoneNumber(e164: $0).masked },
            mfa: a.phone == nil ? nil : .sms, lastLoginAt: a.lastLoginAt?.rfc3339,
            previousLoginAt: try store.previousLogin(conn, accountId: a.id)?.rfc3339,
            pendingPhone: pendingPhone, pendingEmail: pendingEmail)
    }
}
