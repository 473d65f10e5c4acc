import Wire

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The shape of a Codable type, as JSON Schema needs it.
public indirect enum SchemaNode: Sendable, Equatable {
    case string
    case integer
    case number
    case boolean
    case any
    case enumeration([String])
    case array(SchemaNode)
    case dictionary(SchemaNode)
    case object([Property])

    public struct Property: Sendable, Equatable {
        public var name: String
        public var node: SchemaNode
        public var required: Bool
    }

    /// The JSON Schema (draft 2020-12) object for this node.
    public func jsonSchema() -> JSONValue {
        switch self {
        case .string: return .object(["type": "string"])
        case .integer: return .object(["type": "integer"])
        case .number: return .object(["type": "number"])
        case .boolean: return .object(["type": "boolean"])
        case .any: return .object([:])
        case .enumeration(let values): return .object(["type": "string", "enum": .array(values.map { .string($0) })])
        case .array(let item): return .object(["type": "array", "items": item.jsonSchema()])
        case .dictionary(let value): return .object(["type": "object", "additionalProperties": value.jsonSchema()])
        case .object(let props):
            var properties: [String: JSONValue] = [:]
            for p in props { properties[p.name] = p.node.jsonSchema() }
            let required = props.filter(\.required).map { JSONValue.string($0.name) }
            var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
            if !required.isEmpty { o["required"] = .array(required) }
            return .object(o)
        }
    }

    /// A short human form for the docs table: `{accessCode}` style, `?` for optional.
    public var summary: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "bool"
        case .any: return "any"
        case .enumeration(let v): return v.joined(separator: "\\|")
        case .array(let i): return "[\(i.summary)]"
        case .dictionary(let v): return "{string: \(v.summary)}"
        case .object(let props):
            if props.isEmpty { return "{}" }
            return "{" + props.map { $0.name + ($0.required ? "" : "?") }.joined(separator: ", ") + "}"
        }
    }
}

/// String enums list their values in the schema.
public protocol SchemaEnumeration {
    static var schemaValues: [String] { get }
    static var schemaExample: Self { get }
}

extension SchemaEnumeration where Self: CaseIterable & RawRepresentable, RawValue == String {
    public static var schemaValues: [String] { allCases.map(\.rawValue) }
    public static var schemaExample: Self { allCases.first! }
}

/// Typed values the contract documents as plain strings: their sets were never
/// part of the published schemas, which stay as they are (`Vocabulary.swift`).
public protocol SchemaPlainString {
    static var schemaExample: Self { get }
}

extension SchemaPlainString where Self: CaseIterable {
    public static var schemaExample: Self { allCases.first! }
}

extension Language: SchemaEnumeration {}
extension Channel: SchemaEnumeration {}
extension MessageStatus: SchemaEnumeration {}
