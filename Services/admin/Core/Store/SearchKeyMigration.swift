import SQLite

/// Stored search keys written before the fold learnt to ignore punctuation inside
/// words (issue 17): every user's and employer's key folded again, so "damato"
/// finds a d'Amato created earlier too. Inside the migration's transaction.
enum SearchKeyMigration {
    static let migration = Migration(3, "search_keys_ignore_inner_punctuation") { conn in
        for row in try conn.query("SELECT account_id, first_name, last_name, email FROM users") {
            let name = try PersonName(first: row.string("first_name"), last: row.string("last_name"))
            _ = try conn.execute(
                "UPDATE users SET search = ? WHERE account_id = ?",
                try name.searchText(email: row.string("email")), row.string("account_id"))
        }
        try refoldEmployers(conn)
    }

    /// The fold moved from Foundation's NSString to the standard library's tables:
    /// every stored search and sort key folded again with the current fold.
    static let refolded = Migration(21, "search_keys_refolded") { conn in
        for row in try conn.query("SELECT account_id, first_name, last_name, email FROM users") {
            let name = try PersonName(first: row.string("first_name"), last: row.string("last_name"))
            _ = try conn.execute(
                "UPDATE users SET search = ?, sort_name = ? WHERE account_id = ?",
                try name.searchText(email: row.string("email")), name.sortKey, row.string("account_id"))
        }
        try refoldEmployers(conn)
        let invited = try conn.query(
            """
            SELECT m.employer, m.account_id, m.invited_first, m.invited_last, u.email FROM memberships m
            JOIN users u ON u.account_id = m.account_id WHERE m.invited_first IS NOT NULL
            """)
        for row in invited {
            let name = try PersonName(first: row.string("invited_first"), last: row.string("invited_last"))
            _ = try conn.execute(
                "UPDATE memberships SET invited_search = ?, invited_sort = ? WHERE employer = ? AND account_id = ?",
                try name.searchText(email: row.string("email")), name.sortKey, row.string("employer"),
                row.string("account_id"))
        }
    }

    /// Every employer's search key folded again (number and name, as `insertEmployer` writes it).
    private static func refoldEmployers(_ conn: Connection) throws {
        for row in try conn.query("SELECT number, name FROM employers") {
            _ = try conn.execute(
                "UPDATE employers SET search = ? WHERE number = ?",
                try SearchFolding.employerKey(number: row.string("number"), name: row.string("name")),
                row.string("number"))
        }
    }
}
