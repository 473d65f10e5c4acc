import Foundation
import Contracts
import Runtime
import Server

/// `admin.users.export`: the list exactly as `admin.users.search` shows it with
/// the same filter and sort, every row (no paging), as PDF or XLSX.
enum ExportHandler {
    static func register(_ router: Router, _ rt: AdminRuntime) {
        router.on(UsersExport.self) { ctx, b in
            let admin = try rt.authorization.employerAdmin(ctx, employer: b.employer)
            guard let format = UserListExport.Format(rawValue: b.format) else { throw AdminError.badField("format") }
            var q = try UserListQuery.parse(employer: admin.employer.number, text: b.text,
                                            includeDisabled: b.includeDisabled, sort: b.sort,
                                            offset: nil, limit: nil, paged: false)
            q.now = rt.clock.now()
            let rows = try rt.store.users(q).rows.map { rt.row($0, lang: ctx.lang) }
            let export = UserListExport(employer: admin.employer, rows: rows, lang: ctx.lang, date: rt.clock.now(),
                                        text: b.text)
            let started = monotonicSeconds()
            let file = try export.render(format)
            ctx.logger.info("users.exported", ["employer": .string(admin.employer.number), "format": .string(format.rawValue),
                                               "rows": .number(Double(rows.count)), "bytes": .number(Double(file.content.count)),
                                               "renderMs": .number(((monotonicSeconds() - started) * 1000).rounded())])
            return UsersExport.Reply(filename: file.filename, mediaType: file.mediaType,
                                     contentBase64: file.content.base64EncodedString())
        }
    }
}
