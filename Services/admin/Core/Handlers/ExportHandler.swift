import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// `admin.users.export`: the list exactly as `admin.users.search` shows it with
/// the same filter and sort, every row (no paging), as PDF or XLSX.
struct ExportHandler: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(UsersExport.self) { [self] ctx, b in try export(ctx, b) }
    }

    func export(_ ctx: RequestContext, _ b: UsersExport.Body) throws -> UsersExport.Reply {
        let admin = try authorization.employerAdmin(ctx, employer: b.employer)
        let rows = try userList(admin, text: b.text, includeDisabled: b.includeDisabled, sort: b.sort, paged: false)
            .rows.map { presenter.row($0, lang: ctx.lang) }
        let export = UserListExport(
            employer: admin.employer, rows: rows, lang: ctx.lang, date: clock.now(),
            text: b.text)
        let started = monotonicSeconds()
        let file = try export.render(b.format)
        ctx.logger.info(
            "users.exported",
            [
                "employer": .string(admin.employer.number), "format": .string(b.format.rawValue),
                "rows": .number(Double(rows.count)), "bytes": .number(Double(file.content.count)),
                "renderMs": .number(((monotonicSeconds() - started) * 1000).rounded()),
            ])
        return UsersExport.Reply(
            filename: file.filename, mediaType: file.mediaType,
            contentBase64: file.content.base64EncodedString())
    }
}
