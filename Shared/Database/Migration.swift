/// One schema step, registered by a number that never changes once shipped.
/// Applied at start, each in its own transaction, recorded in `schema_migrations`.
public struct Migration: Sendable {
    public let id: Int
    public let name: String
    public let apply: @Sendable (Connection) throws -> Void

    public init(_ id: Int, _ name: String, apply: @escaping @Sendable (Connection) throws -> Void) {
        self.id = id
        self.name = name
        self.apply = apply
    }

    /// A migration that is plain SQL.
    public init(_ id: Int, _ name: String, sql: String) {
        self.init(id, name) { try $0.executeScript(sql) }
    }
}

extension Connection {
    /// Applies the migrations not yet recorded; refuses a database written by a
    /// newer program (a downgrade) rather than guess at its schema.
    func migrate(_ migrations: [Migration]) throws -> [Int] {
        try executeScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)
            """)
        let ids = migrations.map(\.id)
        precondition(Set(ids).count == ids.count, "duplicate migration id")
        let applied = try Set(query("SELECT id FROM schema_migrations").map { try $0.int("id") })
        if let newest = applied.max(), let known = ids.max(), newest > known {
            throw DatabaseError(
                resultCode: 1,
                message:
                    "the database has migration \(newest) but this program knows up to \(known): it was written by a newer version; restore a backup or run the newer version"
            )
        }
        var done: [Int] = []
        for m in migrations.sorted(by: { $0.id < $1.id }) where !applied.contains(m.id) {
            try executeScript("BEGIN IMMEDIATE")
            do {
                try m.apply(self)
                try execute(
                    "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, strftime('%s','now'))",
                    m.id, m.name)
                try executeScript("COMMIT")
            } catch {
                try? executeScript("ROLLBACK")
                throw error
            }
            done.append(m.id)
        }
        return done
    }
}
