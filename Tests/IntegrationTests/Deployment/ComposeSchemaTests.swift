import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// compose.yaml is valid against the Compose Specification's JSON Schema, checked
/// with Debian's python3-jsonschema. The schema is not in this repository: CI puts
/// it at ../shared/schemas/compose-spec.json beside the clone (or set
/// CONNECT_COMPOSE_SCHEMA); where it is absent the test is skipped, not failed.
final class ComposeSchemaTests: XCTestCase {
    /// Prints one line per schema error (path: message); exit 1 if any.
    static let validator = """
        import json, sys, yaml, jsonschema
        doc = yaml.safe_load(open(sys.argv[1]))
        schema = json.load(open(sys.argv[2]))
        cls = jsonschema.validators.validator_for(schema)
        errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(map(str, e.path)))
        for e in errors:
            print("/".join(map(str, e.path)) or "(top)", ":", e.message)
        sys.exit(1 if errors else 0)
        """

    private func schema() throws -> String {
        guard let path = DeploymentFiles.composeSchema else {
            throw XCTSkip(
                "Compose Specification schema not found at ../shared/schemas/compose-spec.json "
                    + "(beside the clone) nor at $CONNECT_COMPOSE_SCHEMA: compose.yaml not validated")
        }
        return path
    }

    /// Validation errors of a compose file, empty when valid.
    private func errors(_ file: String, schema: String) throws -> String {
        do {
            try DeploymentFiles.python(["-c", Self.validator, file, schema])
            return ""
        } catch let e as DeploymentFiles.PythonError {
            XCTAssertFalse(e.message.contains("Traceback"), "the validator itself failed: \(e.message)")
            return e.message
        }
    }

    func testComposeFileIsValidAgainstTheComposeSpecification() throws {
        let schema = try schema()
        XCTAssertEqual(try errors(DeploymentFiles.path("compose.yaml"), schema: schema), "")
    }

    /// The validation can fail: the same file with a misspelt service key is refused.
    func testTheValidatorRefusesAnInvalidComposeFile() throws {
        let schema = try schema()
        let dir = TempDirectory("cs")
        defer { dir.remove() }
        let text = try String(contentsOfFile: DeploymentFiles.path("compose.yaml"), encoding: .utf8)
        XCTAssertTrue(text.contains("\n  read_only: true\n"))
        let broken = text.replacingOccurrences(of: "\n  read_only: true\n", with: "\n  readonly: true\n")
        try broken.write(toFile: dir.file("compose.yaml"), atomically: true, encoding: .utf8)
        let found = try errors(dir.file("compose.yaml"), schema: schema)
        XCTAssertTrue(found.contains("readonly"), found)
    }
}
