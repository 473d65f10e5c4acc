import Foundation
import Shared

/// `admin.audit.export`: the trail exactly as `admin.audit.search` filters it,
/// every entry (no paging), as PDF or XLSX.
enum AuditHandlers {
    /// A trail far longer than any screen: the export stops there (newest first).
    static let exportLimit = 20_000

    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(AuditExport.self) { ctx, b in
            let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
            guard let format = UserListExport.Format(rawValue: b.format) else { throw AdminError.badField("format") }
            let r = try rt.store.audit(employer: admin.employer.number, person: b.person, action: b.action,
                                       limit: exportLimit)
            let started = monotonicSeconds()
            let file = try AuditTrailExport(employer: admin.employer, entries: r.entries, lang: ctx.lang,
                                            date: rt.clock.now(), person: b.person, action: b.action).render(format)
            ctx.logger.info("audit.exported", ["employer": .string(admin.employer.number), "format": .string(format.rawValue),
                                               "rows": .number(Double(r.entries.count)), "bytes": .number(Double(file.content.count)),
                                               "renderMs": .number(((monotonicSeconds() - started) * 1000).rounded())])
            return AuditExport.Reply(filename: file.filename, mediaType: file.mediaType,
                                     contentBase64: file.content.base64EncodedString())
        }
    }
}
