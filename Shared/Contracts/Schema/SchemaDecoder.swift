import Wire

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Derives a type's schema by decoding it with a Decoder that answers every
/// request with a placeholder and records what was asked: which keys, of which
/// types, required (`decode`) or optional (`decodeIfPresent`). Works for the
/// synthesized and hand-written Decodable bodies of the contract.
public enum SchemaReader {
    public static func schema<T: Decodable>(of type: T.Type) -> SchemaNode {
        let (node, _) = read(T.self)
        return node
    }

    static func read<T: Decodable>(_ type: T.Type) -> (SchemaNode, T?) {
        if let e = T.self as? any SchemaEnumeration.Type {
            return (.enumeration(e.schemaValues), e.schemaExample as? T)
        }
        if let e = T.self as? any SchemaPlainString.Type {
            return (.string, e.schemaExample as? T)
        }
        switch T.self {
        case is String.Type: return (.string, "" as? T)
        case is Bool.Type: return (.boolean, false as? T)
        case is Int.Type: return (.integer, 0 as? T)
        case is Int64.Type: return (.integer, Int64(0) as? T)
        case is Double.Type: return (.number, 0.0 as? T)
        case is JSONValue.Type: return (.any, JSONValue.null as? T)
        case is [String: String].Type: return (.dictionary(.string), [String: String]() as? T)
        case is [String: JSONValue].Type: return (.dictionary(.any), [String: JSONValue]() as? T)
        default: break
        }
        let recorder = Recorder()
        let value = try? T(from: SchemaDecoderImpl(recorder: recorder))
        return (recorder.node, value)
    }

    final class Recorder {
        var properties: [SchemaNode.Property] = []
        var element: SchemaNode?
        var single: SchemaNode?
        var node: SchemaNode {
            if let element { return .array(element) }
            if let single { return single }
            return .object(properties)
        }
        func add(_ name: String, _ node: SchemaNode, required: Bool) {
            if let i = properties.firstIndex(where: { $0.name == name }) {
                properties[i].required = properties[i].required || required
            } else {
                properties.append(.init(name: name, node: node, required: required))
            }
        }
    }

    struct Placeholder: Error {}

    struct SchemaDecoderImpl: Decoder {
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(recorder: recorder))
        }
        func unkeyedContainer() throws -> UnkeyedDecodingContainer { Unkeyed(recorder: recorder) }
        func singleValueContainer() throws -> SingleValueDecodingContainer { Single(recorder: recorder) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let (node, value) = SchemaReader.read(T.self)
            recorder.add(key.stringValue, node, required: true)
            guard let value else { throw Placeholder() }
            return value
        }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            let (node, _) = SchemaReader.read(T.self)
            recorder.add(key.stringValue, node, required: false)
            return nil
        }
        // The protocol's default overloads for primitives would call `decode` (and so
        // record them as required): answer them here.
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { optional(type, key) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { optional(type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { optional(type, key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { optional(type, key) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { optional(type, key) }
        private func optional<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
            recorder.add(key.stringValue, SchemaReader.read(T.self).0, required: false)
            return nil
        }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            throw Placeholder()
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { throw Placeholder() }
        func superDecoder() throws -> Decoder { SchemaDecoderImpl(recorder: recorder) }
        func superDecoder(forKey key: Key) throws -> Decoder { SchemaDecoderImpl(recorder: recorder) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        var count: Int? { 1 }
        var isAtEnd: Bool { recorder.element != nil }
        var currentIndex = 0
        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (node, value) = SchemaReader.read(T.self)
            recorder.element = node
            currentIndex += 1
            guard let value else { throw Placeholder() }
            return value
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            throw Placeholder()
        }
        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { throw Placeholder() }
        mutating func superDecoder() throws -> Decoder { throw Placeholder() }
    }

    struct Single: SingleValueDecodingContainer {
        let recorder: Recorder
        var codingPath: [CodingKey] = []
        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (node, value) = SchemaReader.read(T.self)
            recorder.single = node
            guard let value else { throw Placeholder() }
            return value
        }
    }
}
