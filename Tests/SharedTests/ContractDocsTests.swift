import Contracts
import Foundation
import XCTest

/// The published contract (docs/contract.md, docs/contract/*.json) is generated
/// from the code; this test fails when they drift. `make contract` rewrites them.
final class ContractDocsTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var update: Bool { ProcessInfo.processInfo.environment["CONNECT_UPDATE_CONTRACT"] == "1" }

    func testSchemaReaderSeesFieldsTypesAndOptionality() {
        let s = SchemaReader.schema(of: UsersSearch.Body.self)
        guard case .object(let props) = s else { return XCTFail("object expected") }
        XCTAssertEqual(props.map(\.name), ["employer", "text", "includeDisabled", "sort", "offset", "limit"])
        XCTAssertEqual(props.first?.required, true)
        XCTAssertEqual(props.first { $0.name == "limit" }?.node, .integer)
        XCTAssertEqual(props.first { $0.name == "limit" }?.required, false)
        let send = SchemaReader.schema(of: NotifierSend.Body.self)
        guard case .object(let sp) = send else { return XCTFail("object expected") }
        XCTAssertEqual(sp.first { $0.name == "channel" }?.node, .enumeration(["email", "sms", "letter"]))
        XCTAssertEqual(sp.first { $0.name == "params" }?.node, .dictionary(.string))
        let reply = SchemaReader.schema(of: UsersSearch.Reply.self)
        guard case .object(let rp) = reply,
            case .array(.object(let row))? = rp.first(where: { $0.name == "users" })?.node
        else {
            return XCTFail("users: [object] expected: \(reply)")
        }
        XCTAssertTrue(row.contains { $0.name == "displayName" && $0.required })
    }

    func testEveryMessageTypeIsUniqueAndNamespaced() {
        var seen = Set<String>()
        for (service, messages) in ContractCatalogue.byService {
            for m in messages where m.type != Health.type {
                XCTAssertTrue(m.type.hasPrefix(service + "."), "\(m.type) is not in \(service)'s namespace")
                XCTAssertTrue(seen.insert(m.type).inserted, "\(m.type) twice")
            }
        }
    }

    func testPublishedContractMatchesTheCode() throws {
        let docs = root.appendingPathComponent("docs")
        let markdown = ContractDocument.markdown()
        let files = try ContractDocument.schemaFiles()
        let dir = docs.appendingPathComponent("contract")
        if update {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for old in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
                try FileManager.default.removeItem(at: dir.appendingPathComponent(old))
            }
            try markdown.write(to: docs.appendingPathComponent("contract.md"), atomically: true, encoding: .utf8)
            for (name, text) in files {
                try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        let hint = " — run `make contract` and commit docs/contract*"
        XCTAssertEqual(
            try? String(contentsOf: docs.appendingPathComponent("contract.md"), encoding: .utf8), markdown,
            "docs/contract.md is stale" + hint)
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
        XCTAssertEqual(present, Set(files.keys), "docs/contract/ has other files than the contract" + hint)
        for (name, text) in files {
            XCTAssertEqual(
                try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8), text,
                "docs/contract/\(name) is stale" + hint)
        }
    }
}
