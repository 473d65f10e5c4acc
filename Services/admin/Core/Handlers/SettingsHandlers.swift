import Foundation
import Shared

/// "Paramètres connect": what an employer's connect administrator sets for the
/// employer itself — its contact language for the fund's letters and e-mails.
/// A change is audited (`employer.settings`, before and after) in its transaction.
enum SettingsHandlers {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(SettingsGet.self) { ctx, b in
            let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
            return SettingsGet.Reply(settings: settings(admin.employer))
        }
        router.on(SettingsUpdate.self) { ctx, b in
            let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
            let number = admin.employer.number
            let now = rt.clock.now()
            let updated: EmployerRecord = try rt.store.db.write { conn in
                guard var e = try rt.store.employer(conn, number) else { throw AdminError.notAdmin }
                guard e.language != b.language else { return e }
                let before = e.language
                e.language = b.language
                try rt.store.setEmployerLanguage(conn, number, b.language)
                try rt.store.appendAudit(conn, AuditRecord(
                    employer: number, actorId: admin.caller.accountId, actor: admin.caller.email,
                    action: "employer.settings", targetId: number, target: "\(number) \(e.name)",
                    before: .object(["language": .string(before.rawValue)]),
                    after: .object(["language": .string(b.language.rawValue)])), at: now)
                return e
            }
            ctx.logger.info("employer.settings_changed", ["employer": .string(number)])
            return SettingsUpdate.Reply(settings: settings(updated))
        }
    }

    static func settings(_ e: EmployerRecord) -> EmployerSettings {
        EmployerSettings(number: e.number, name: e.name, street: e.street, postcode: e.postcode, city: e.city,
                         language: e.language)
    }
}

extension AdminStore {
    public func setEmployerLanguage(_ conn: Connection, _ number: String, _ language: Language) throws {
        try conn.execute("UPDATE employers SET language = ? WHERE number = ?", language.rawValue, number)
    }
}
