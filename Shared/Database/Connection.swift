import CSQLite
import FoundationEssentials

/// The open SQLite connection, handed to closures run on the database's queue.
/// Never stored outside those closures: the queue is what makes it safe.
public final class Connection {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// What `afterCommit` registered during the open transaction.
    private var commitActions: [@Sendable () -> Void] = []

    init(path: String) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(resultCode: rc, message: "\(message) (\(path))")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    func close() {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32, sql: String?) -> DatabaseError {
        DatabaseError(
            resultCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    private func statement(_ sql: String) throws -> Statement {
        if let s = cache[sql] { return s }
        let s = try Statement(connection: self, sql: sql)
        if cache.count > 200 { cache.removeAll() }
        cache[sql] = s
        return s
    }

    /// Runs SQL with no parameters and no result (DDL, pragmas, several statements).
    public func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw DatabaseError(resultCode: rc, message: text, sql: sql)
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ arguments: SQLBindable...) throws -> Int {
        try execute(sql, arguments: arguments)
    }

    @discardableResult
    public func execute(_ sql: String, arguments: [SQLBindable]) throws -> Int {
        let s = try statement(sql)
        try s.bind(arguments)
        try s.forEachRow { _ in }
        return Int(sqlite3_changes(handle))
    }

    public func query(_ sql: String, _ arguments: SQLBindable...) throws -> [Row] {
        try query(sql, arguments: arguments)
    }

    public func query(_ sql: String, arguments: [SQLBindable]) throws -> [Row] {
        let s = try statement(sql)
        try s.bind(arguments)
        var rows: [Row] = []
        try s.forEachRow { rows.append($0) }
        return rows
    }

    public func queryOne(_ sql: String, _ arguments: SQLBindable...) throws -> Row? {
        try query(sql, arguments: arguments).first
    }

    /// The first column of the first row (e.g. `SELECT count(*) …`).
    public func scalar(_ sql: String, _ arguments: SQLBindable...) throws -> SQLValue {
        try query(sql, arguments: arguments).first?[0] ?? .null
    }

    /// Runs `action` once the open transaction has committed, and never if it rolls
    /// back (GRDB's `afterNextTransaction(onCommit:)`): for effects outside the file,
    /// such as waking whoever delivers what the transaction wrote. Outside a
    /// transaction the statements before have already committed: it runs now.
    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        if sqlite3_get_autocommit(handle) != 0 {
            action()
        } else {
            commitActions.append(action)
        }
    }

    /// The actions of the transaction that just ended, emptied: the caller runs
    /// them when it committed, and drops them when it rolled back.
    func takeCommitActions() -> [@Sendable () -> Void] {
        defer { commitActions.removeAll() }
        return commitActions
    }
}
