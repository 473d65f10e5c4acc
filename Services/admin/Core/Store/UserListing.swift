import FoundationEssentials
import SQLite

/// The user list of one employer: the search the admin sees and the export's rows.
/// Served by the memberships primary key (employer, account_id) → users by
/// primary key, and the folded `search`/`sort_name` columns: an employer of 500
/// users is filtered and sorted in under a millisecond.
extension AdminStore {
    public func users(_ q: UserListQuery) throws -> (total: Int, rows: [MemberRecord]) {
        var filter = "m.employer = ?"
        var arguments: [SQLBindable] = [q.employer]
        if !q.includeDisabled {
            // A delegation past its end date lists like a deactivated user.
            filter += " AND m.disabled = 0 AND (m.ends_at IS NULL OR m.ends_at > ?)"
            arguments.append(q.now ?? Date())
        }
        for w in q.words {
            filter += " AND instr(coalesce(m.invited_search, u.search), ?) > 0"
            arguments.append(w)
        }
        let order: String
        switch q.sort {
        case .displayName: order = "coalesce(m.invited_sort, u.sort_name), u.email, u.account_id"
        case .displayNameDescending:
            order = "coalesce(m.invited_sort, u.sort_name) DESC, u.email DESC, u.account_id DESC"
        case .email: order = "u.email, u.account_id"
        case .emailDescending: order = "u.email DESC, u.account_id DESC"
        }
        let from = "FROM memberships m JOIN users u ON u.account_id = m.account_id WHERE \(filter)"
        return try db.read { conn in
            let select = """
                SELECT u.*, \(ConsentSchema.memberColumns) \(from) ORDER BY \(order)
                """
            guard let limit = q.limit else {
                let rows = try conn.query(select, arguments: arguments).map(MemberRecord.init(row:))
                return (rows.count, rows)
            }
            let rows = try conn.query(select + " LIMIT ? OFFSET ?", arguments: arguments + [limit, q.offset])
                .map(MemberRecord.init(row:))
            // A page that is not full holds every row from the offset on: no count needed
            // (most text searches). Otherwise count; without words the memberships' key
            // alone answers it.
            if rows.count < limit, !rows.isEmpty || q.offset == 0 { return (q.offset + rows.count, rows) }
            let count =
                q.words.isEmpty
                ? "SELECT count(*) FROM memberships m WHERE \(filter)" : "SELECT count(*) \(from)"
            let total = try conn.query(count, arguments: arguments).first?[0].int ?? 0
            return (total, rows)
        }
    }
}
