import CSQLite
import Foundation

/// A read-only look into a service's SQLite file (the checks must not change what
/// they check): `SQLITE_OPEN_READONLY`, text results.
final class ReadOnlySQLite {
    private var handle: OpaquePointer?

    init(_ path: String) throws {
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "open failed"
            sqlite3_close(handle)
            throw FlowFailure("cannot open \(path) read-only: \(message)")
        }
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close(handle) }

    /// Every row of `sql`, each column as text (nil for NULL).
    func rows(_ sql: String) throws -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw FlowFailure("\(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        defer { sqlite3_finalize(statement) }
        var out: [[String?]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw FlowFailure("\(sql): \(String(cString: sqlite3_errmsg(handle)))") }
            let n = sqlite3_column_count(statement)
            out.append((0..<n).map { i in sqlite3_column_text(statement, i).map { String(cString: $0) } })
        }
        return out
    }

    func int(_ sql: String) throws -> Int { Int(try rows(sql).first?.first.flatMap { $0 } ?? "0") ?? 0 }

    func strings(_ sql: String) throws -> [String] { try rows(sql).compactMap { $0.first.flatMap { $0 } } }

    /// Runs a body on a fresh read-only connection to `path`.
    static func with<T>(_ path: String, _ body: (ReadOnlySQLite) throws -> T) throws -> T {
        try body(try ReadOnlySQLite(path))
    }
}
