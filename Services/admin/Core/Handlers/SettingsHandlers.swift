import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Server
import Wire

/// "Paramètres connect": what an employer's connect administrator sets for the
/// employer itself — its contact language for the fund's letters and e-mails.
/// A change is audited (`employer.settings`, before and after) in its transaction.
struct SettingsHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(SettingsGet.self) { ctx, b in
            let admin = try authorization.employerAdmin(ctx, employer: b.employer)
            return SettingsGet.Reply(settings: admin.employer)
        }
        router.on(SettingsUpdate.self) { ctx, b in try update(ctx, b) }
    }

    func update(_ ctx: RequestContext, _ b: SettingsUpdate.Body) throws -> SettingsUpdate.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let number = admin.employer.number
        let now = clock.now()
        let updated: EmployerRecord = try store.db.write { conn in
            guard var e = try store.employer(conn, number) else { throw AdminError.notAdmin }
            guard e.language != b.language else { return e }
            let before = e.language
            e.language = b.language
            try store.setEmployerLanguage(conn, number, b.language)
            try store.appendAudit(
                conn,
                AuditRecord(
                    by: admin, action: .employerSettings, targetId: number, target: "\(number) \(e.name)",
                    before: .object(["language": .string(before.rawValue)]),
                    after: .object(["language": .string(b.language.rawValue)])), at: now)
            return e
        }
        ctx.logger.info("employer.settings_changed", ["employer": .string(number)])
        return SettingsUpdate.Reply(settings: updated)
    }
}

extension AdminStore {
    public func setEmployerLanguage(_ conn: Connection, _ number: String, _ language: Language) throws {
        try conn.execute("UPDATE employers SET language = ? WHERE number = ?", language.rawValue, number)
    }
}
