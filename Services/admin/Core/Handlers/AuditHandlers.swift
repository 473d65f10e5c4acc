import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// `admin.audit.export`: the trail exactly as `admin.audit.search` filters it,
/// every entry (no paging), as PDF or XLSX.
struct AuditHandlers: AdminHandler {
    /// A trail far longer than any screen: the export stops there (newest first).
    static let exportLimit = 20_000

    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(AuditExport.self) { ctx, b in try export(ctx, b) }
    }

    func export(_ ctx: RequestContext, _ b: AuditExport.Body) throws -> AuditExport.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let r = try store.audit(
            employer: admin.employer.number, person: b.person, action: b.action,
            limit: Self.exportLimit)
        let started = monotonicSeconds()
        let file = try AuditTrailExport(
            employer: admin.employer, entries: r.entries, lang: ctx.lang,
            date: clock.now(), person: b.person, action: b.action
        ).render(b.format)
        ctx.logger.info(
            "audit.exported",
            [
                "employer": .string(admin.employer.number), "format": .string(b.format.rawValue),
                "rows": .number(Double(r.entries.count)),
                "bytes": .number(Double(file.content.count)),
                "renderMs": .number(((monotonicSeconds() - started) * 1000).rounded()),
            ])
        return AuditExport.Reply(
            filename: file.filename, mediaType: file.mediaType,
            contentBase64: file.content.base64EncodedString())
    }
}
