import Wire

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Renders the published contract from `ContractCatalogue`: `docs/contract.md`
/// and one JSON Schema file per message (`docs/contract/<type>.json`, with the
/// body and the reply).
public enum ContractDocument {
    static func access(_ a: Access) -> String {
        switch a {
        case .anyone: return "any peer"
        case .staff: return "fund staff (CONNECT_STAFF_UIDS)"
        case .service: return "services (CONNECT_SERVICE_UIDS)"
        case .peers(let peers):
            return peers.sorted().map { "\($0.rawValue) (\($0.uidVariable))" }.joined(separator: ", ")
        }
    }

    static func schema<M: Message>(_ m: M.Type, service: String) -> JSONValue {
        .object([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string("https://connect.example/contract/\(M.type).json"),
            "title": .string(M.type),
            "description": .string("Answered by \(service); may be sent by \(access(M.access))."),
            "x-service": .string(service),
            "x-access": .string(access(M.access)),
            "properties": .object([
                "body": SchemaReader.schema(of: M.Body.self).jsonSchema(),
                "reply": SchemaReader.schema(of: M.Reply.self).jsonSchema(),
            ]),
        ])
    }

    /// File name → pretty JSON text, for every message (health once).
    public static func schemaFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for (service, messages) in ContractCatalogue.byService {
            for m in messages {
                func add<M: Message>(_ t: M.Type) throws {
                    let s = M.type == Health.type ? "every service" : service
                    files["\(M.type).json"] =
                        String(decoding: try encoder.encode(schema(t, service: s)), as: UTF8.self) + "\n"
                }
                try add(m)
            }
        }
        return files
    }

    public static func markdown() -> String {
        var out = """
            # connect — message contract

            Generated from `Shared/Contracts/` (`ContractDocument`); `ContractDocsTests` fails when this file or
            `docs/contract/*.json` drift from the code. Regenerate with `make contract`. The wire (framing,
            envelope, errors) is described in `docs/architecture.md` and `../shared/design/protocol.md`.
            `?` marks an optional field. Each message has a JSON Schema with its body and reply in
            `docs/contract/<type>.json`.

            """
        for (service, messages) in ContractCatalogue.byService {
            out += "\n## \(service)\n\n| type | who may send it | body | reply |\n|---|---|---|---|\n"
            for m in messages {
                func row<M: Message>(_ t: M.Type) -> String {
                    "| `\(M.type)` | \(access(M.access)) | `\(SchemaReader.schema(of: M.Body.self).summary)` | `\(SchemaReader.schema(of: M.Reply.self).summary)` |\n"
                }
                out += row(m)
            }
        }
        out += "\n## Error codes\n\n" + ErrorCode.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ") + "\n"
        return out
    }
}
