import Foundation

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

/// One result row, read by column name.
public struct Row: Sendable {
    let columns: [String: Int]
    let values: [SQLValue]

    public subscript(_ name: String) -> SQLValue {
        guard let i = columns[name] else { return .null }
        return values[i]
    }
    public subscript(_ index: Int) -> SQLValue { values[index] }

    public func string(_ name: String) -> String { self[name].string ?? "" }
    public func int(_ name: String) -> Int { self[name].int ?? 0 }
    public func int64(_ name: String) -> Int64 { self[name].int64 ?? 0 }
    public func double(_ name: String) -> Double { self[name].double ?? 0 }
    public func bool(_ name: String) -> Bool { self[name].bool ?? false }
    public func date(_ name: String) -> Date? { self[name].date }
    public func optionalString(_ name: String) -> String? { self[name].isNull ? nil : self[name].string }
    public func bytes(_ name: String) -> [UInt8] { self[name].bytes ?? [] }
}
