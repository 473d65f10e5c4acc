import CSQLite
import FoundationEssentials

/// SQLite wants text and blobs it may keep after `bind` returns copied (TRANSIENT).
// Upper case on purpose: the C macro's name.
// swift-format-ignore: AlwaysUseLowerCamelCase
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement. Parameters are only ever bound, never spliced into SQL.
/// Finalized in `deinit`, so no code path leaks one.
public final class Statement {
    let handle: OpaquePointer
    let sql: String
    private unowned let connection: Connection

    init(connection: Connection, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection.handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw connection.error(rc, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ arguments: [SQLBindable]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw DatabaseError(
                resultCode: SQLITE_RANGE,
                message: "expected \(expected) arguments, got \(arguments.count)", sql: sql)
        }
        for (i, argument) in arguments.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch argument.sqlValue {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let v):
                // With its byte length: a NUL inside the text must not cut it short.
                let bytes = Array(v.utf8) + [0]
                rc = bytes.withUnsafeBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { c in
                        sqlite3_bind_text(handle, index, c.baseAddress, Int32(b.count - 1), SQLITE_TRANSIENT)
                    }
                }
            case .blob(let v):
                rc = v.withUnsafeBytes { raw in
                    sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), SQLITE_TRANSIENT)
                }
            }
            guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
        }
    }

    /// Steps through every row, calling `each` with it.
    func forEachRow(_ each: (Row) throws -> Void) throws {
        var names: [String: Int]?
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw connection.error(rc, sql: sql) }
            let count = Int(sqlite3_column_count(handle))
            if names == nil {
                var n: [String: Int] = [:]
                for i in 0..<count { n[String(cString: sqlite3_column_name(handle, Int32(i)))] = i }
                names = n
            }
            var values: [SQLValue] = []
            values.reserveCapacity(count)
            for i in 0..<Int32(count) { values.append(column(i)) }
            try each(Row(columns: names!, values: values))
        }
        sqlite3_reset(handle)
    }

    private func column(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            // By byte count, not up to the first NUL (text is stored whole, NULs included).
            guard let p = sqlite3_column_text(handle, i) else { return .text("") }
            let n = Int(sqlite3_column_bytes(handle, i))
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, i))
            guard n > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob([UInt8](UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}
