import FoundationEssentials
import Glibc

/// A value bound to or read from a statement. Times are stored as REAL seconds
/// since 1970 (sortable, exact enough), booleans as 0/1.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var string: String? {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        default: return nil
        }
    }
    public var int64: Int64? {
        switch self {
        case .integer(let i): return i
        case .real(let d): return Int64(exactly: d.rounded(.towardZero))
        default: return nil
        }
    }
    public var int: Int? { int64.map { Int($0) } }
    public var double: Double? {
        switch self {
        case .real(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
    public var bool: Bool? { int64.map { $0 != 0 } }
    public var date: Date? { double.map { Date(timeIntervalSince1970: $0) } }
    public var bytes: [UInt8]? {
        switch self {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return nil
        }
    }
    public var data: Data? { bytes.map { Data($0) } }
    public var isNull: Bool { self == .null }
}

/// Anything that can be bound as a statement parameter.
public protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Date: SQLBindable { public var sqlValue: SQLValue { .real(timeIntervalSince1970) } }
extension Data: SQLBindable { public var sqlValue: SQLValue { .blob([UInt8](self)) } }
extension Array: SQLBindable where Element == UInt8 { public var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One result row, read by column name. A column the query did not select, a
/// NULL or a value of the wrong kind where one is required, or text that names no
/// case of the enum asked for, throws `RowError`: a slip in the SQL or a damaged
/// row is never read as "" or 0.
public struct Row: Sendable {
    let columns: [String: Int]
    let values: [SQLValue]

    /// The column's value, NULL included.
    public subscript(_ name: String) -> SQLValue {
        get throws {
            guard let i = columns[name] else { throw RowError.missingColumn(name) }
            return values[i]
        }
    }
    public subscript(_ index: Int) -> SQLValue { values[index] }

    public func string(_ name: String) throws -> String { try required(name, \.string) }
    public func int(_ name: String) throws -> Int { try required(name, \.int) }
    public func int64(_ name: String) throws -> Int64 { try required(name, \.int64) }
    public func double(_ name: String) throws -> Double { try required(name, \.double) }
    public func bool(_ name: String) throws -> Bool { try required(name, \.bool) }
    public func bytes(_ name: String) throws -> [UInt8] { try required(name, \.bytes) }
    /// NULL reads as nil.
    public func date(_ name: String) throws -> Date? { try optional(name, \.date) }
    /// NULL reads as nil.
    public func optionalString(_ name: String) throws -> String? { try optional(name, \.string) }

    /// The enum case the column's text names.
    public func decode<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws -> T
    where T.RawValue == String {
        let raw = try string(name)
        guard let value = T(rawValue: raw) else { throw RowError.unknownValue(column: name, type: "\(T.self)") }
        return value
    }

    /// The enum case the column's text names; NULL reads as nil.
    public func optionalDecode<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws -> T?
    where T.RawValue == String {
        try self[name].isNull ? nil : decode(name, as: type)
    }

    private func required<T>(_ name: String, _ read: (SQLValue) -> T?) throws -> T {
        let value = try self[name]
        guard let typed = read(value) else {
            throw value.isNull ? RowError.null(name) : RowError.wrongKind(column: name, type: "\(T.self)")
        }
        return typed
    }

    private func optional<T>(_ name: String, _ read: (SQLValue) -> T?) throws -> T? {
        let value = try self[name]
        if value.isNull { return nil }
        guard let typed = read(value) else { throw RowError.wrongKind(column: name, type: "\(T.self)") }
        return typed
    }
}

/// A row that does not hold what the code reads from it. Names the column, never
/// the value (it may be a hash, an e-mail, a phone number).
public enum RowError: Error, CustomStringConvertible, Sendable, Equatable {
    case missingColumn(String)
    case null(String)
    case wrongKind(column: String, type: String)
    case unknownValue(column: String, type: String)

    public var description: String {
        switch self {
        case .missingColumn(let c): return "row has no column \(c)"
        case .null(let c): return "column \(c) is NULL"
        case .wrongKind(let c, let t): return "column \(c) does not hold a \(t)"
        case .unknownValue(let c, let t): return "column \(c) names no \(t)"
        }
    }
}
