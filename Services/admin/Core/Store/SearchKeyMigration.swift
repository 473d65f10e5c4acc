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
        for row in try conn.query("SELECT number, name FROM employers") {
            _ = try conn.execute(
                "UPDATE employers SET search = ? WHERE number = ?",
                try SearchFolding.key("\(row.string("number")) \(row.string("name"))"), row.string("number"))
        }
    }
}
