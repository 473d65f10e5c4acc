import Foundation
import Shared
import TestSupport

/// `admin.users.export` of an employer with 5,000 users, PDF and XLSX: the time of
/// the whole request (query, document, base64, socket) and the document's size.
enum ExportBench {
    static func run(_ report: inout Report, cluster: Cluster, quick: Bool) throws {
        let users = 5_000
        _ = try SearchBench.seed(cluster, employers: 1, users: users, big: users)
        let identity = SearchBench.fakeIdentity(cluster)
        defer { identity.stop() }
        let admin = try cluster.start("admin")
        let c = admin.client(timeout: 120)
        let runs = quick ? 2 : 5
        var rows: [[String]] = []
        for format in ["pdf", "xlsx"] {
            _ = try export(c, format) // warm-up
            var s = Samples()
            var size = 0
            for _ in 0..<runs {
                let t0 = monotonicSeconds()
                size = try export(c, format)
                s.add(monotonicSeconds() - t0)
            }
            rows.append([format.uppercased(), "\(users)", millis(s.p50), millis(s.values.max() ?? .nan),
                         String(format: "%.0f KiB", Double(size) / 1024)])
        }
        report.section("exports of 5,000 users",
                       "`admin.users.export` of an employer with \(users) users (incl. deactivated), median and slowest of \(runs) runs; session check included (identity stand-in).",
                       ["format", "users", "median", "slowest", "document size"], rows)
    }

    static func export(_ c: ServiceClient, _ format: String) throws -> Int {
        let r = try c.call(UsersExport.self, .init(employer: "1000.000", format: format, includeDisabled: true),
                           session: "bench-session")
        return (Data(base64Encoded: r.contentBase64)?.count) ?? 0
    }
}
