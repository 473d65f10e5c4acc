import CSQLite

/// A failed SQLite call: the result code, SQLite's message and the SQL text, but
/// never the bound values (they may be hashes of secrets, e-mails, phones).
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let resultCode: Int32
    public let message: String
    public let sql: String?

    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// The primary code (extended codes carry more in the upper bits).
    public var primaryCode: Int32 { resultCode & 0xFF }
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    public var description: String {
        var s = "SQLite error \(resultCode): \(message)"
        if let sql { s += " — SQL: \(sql)" }
        return s
    }
}
