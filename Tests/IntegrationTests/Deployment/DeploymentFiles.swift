import Contracts
import Foundation
import Runtime
import Wire
import XCTest

/// The deployment files at the top of the repository (compose.yaml,
/// deploy/kubernetes/), read with Debian's python3-yaml: the test suite has no
/// YAML parser of its own and must not grow one.
enum DeploymentFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The Compose Specification schema: `CONNECT_COMPOSE_SCHEMA`, else
    /// `../shared/schemas/compose-spec.json` beside the clone (where CI puts it).
    static var composeSchema: String? {
        var candidates: [String] = []
        if let p = ProcessInfo.processInfo.environment["CONNECT_COMPOSE_SCHEMA"], !p.isEmpty { candidates.append(p) }
        candidates.append(
            root.deletingLastPathComponent().appendingPathComponent("shared/schemas/compose-spec.json").path)
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Every YAML document of a file, as JSON values.
    static func yamlDocuments(_ file: String) throws -> [JSONValue] {
        let script = "import yaml,json,sys; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))"
        let out = try python(["-c", script, file])
        guard case .array(let docs) = try JSONCoding.decoder.decode(JSONValue.self, from: Data(out.utf8)) else {
            throw PythonError(message: "\(file): not a list of YAML documents")
        }
        return docs.filter { $0 != .null }
    }

    static func yaml(_ file: String) throws -> JSONValue {
        let script = "import yaml,json,sys; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"
        return try JSONCoding.decoder.decode(JSONValue.self, from: Data(try python(["-c", script, file]).utf8))
    }

    struct PythonError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Runs Debian's python3 (python3-yaml, python3-jsonschema: `make test-deps`); returns stdout,
    /// throws with stderr on a non-zero exit.
    @discardableResult
    static func python(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting: a large document would otherwise fill the pipe and block.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            var text = String(decoding: errors, as: UTF8.self)
            if text.contains("ModuleNotFoundError") {
                text += "\n(install python3-yaml and python3-jsonschema: make test-deps)"
            }
            throw PythonError(message: text + String(decoding: data, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// One service of compose.yaml, as the tests need it.
struct ComposeService {
    let name: String
    let raw: JSONValue

    var environment: [String: String] {
        switch raw["environment"] {
        case .object(let o)?:
            return o.mapValues { value in
                switch value {
                case .string(let s): return s
                case .number: return value.intValue.map(String.init) ?? "\(value)"
                case .bool(let b): return b ? "true" : "false"
                default: return ""
                }
            }
        case .array(let a)?:
            var env: [String: String] = [:]
            for item in a.compactMap(\.stringValue) {
                let parts = item.split(separator: "=", maxSplits: 1)
                env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            return env
        default:
            return [:]
        }
    }

    /// `target → volume name` of every named volume mount (short syntax `name:/path[:ro]`).
    var volumeMounts: [String: String] {
        var out: [String: String] = [:]
        if case .array(let items)? = raw["volumes"] {
            for item in items {
                if let s = item.stringValue {
                    let parts = s.split(separator: ":").map(String.init)
                    if parts.count >= 2 { out[parts[1]] = parts[0] }
                } else if let target = item["target"]?.stringValue, let source = item["source"]?.stringValue {
                    out[target] = source
                }
            }
        }
        return out
    }

    var tmpfs: [String] {
        if let s = raw["tmpfs"]?.stringValue { return [s] }
        if case .array(let a)? = raw["tmpfs"] { return a.compactMap(\.stringValue) }
        return []
    }

    var secrets: [String] {
        guard case .array(let a)? = raw["secrets"] else { return [] }
        return a.compactMap { $0.stringValue ?? $0["source"]?.stringValue }
    }

    var command: [String] {
        if case .array(let a)? = raw["command"] { return a.compactMap(\.stringValue) }
        return raw["command"]?.stringValue.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    var healthcheck: [String] {
        if case .array(let a)? = raw["healthcheck"]?["test"] { return a.compactMap(\.stringValue) }
        return []
    }

    /// `user: "uid:gid"` → (uid, gid).
    var user: (uid: UInt32, gid: UInt32?)? {
        guard let s = raw["user"]?.stringValue else { return nil }
        let parts = s.split(separator: ":")
        guard let uid = UInt32(parts[0]) else { return nil }
        return (uid, parts.count > 1 ? UInt32(parts[1]) : nil)
    }
}

struct ComposeFile {
    let raw: JSONValue

    static func load() throws -> ComposeFile {
        ComposeFile(raw: try DeploymentFiles.yaml(DeploymentFiles.path("compose.yaml")))
    }

    func service(_ name: String) -> ComposeService? {
        raw["services"]?[name].map { ComposeService(name: name, raw: $0) }
    }

    var serviceNames: [String] {
        if case .object(let o)? = raw["services"] { return o.keys.sorted() }
        return []
    }

    /// Parses a comma-separated uid list as the services do.
    static func uids(_ list: String?) -> Set<UInt32> {
        Set((list ?? "").split(separator: ",").compactMap { UInt32($0.trimmingCharacters(in: .whitespaces)) })
    }
}
