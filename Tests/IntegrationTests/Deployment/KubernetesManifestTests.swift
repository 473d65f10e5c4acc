import Contracts
import Foundation
import Runtime
import Wire
import XCTest

/// deploy/kubernetes/ parses, and runs the same containers as compose.yaml: same
/// names, commands, uids, environment and health checks; one writer per SQLite file.
final class KubernetesManifestTests: XCTestCase {
    var documents: [JSONValue] = []
    var compose: ComposeFile!

    override func setUpWithError() throws {
        let dir = DeploymentFiles.path("deploy/kubernetes")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(files.isEmpty)
        for f in files { documents += try DeploymentFiles.yamlDocuments("\(dir)/\(f)") }
        compose = try ComposeFile.load()
    }

    private func objects(_ kind: String) -> [JSONValue] { documents.filter { $0["kind"]?.stringValue == kind } }

    /// The trio's Deployment (the portal has its own, see PortalKubernetesTests).
    private var trio: JSONValue? { objects("Deployment").first { $0["metadata"]?["name"]?.stringValue == "connect" } }

    private func array(_ v: JSONValue?) -> [JSONValue] {
        if case .array(let a)? = v { return a }
        return []
    }

    func testEveryDocumentHasKindApiVersionAndName() {
        XCTAssertFalse(documents.isEmpty)
        for d in documents {
            XCTAssertNotNil(d["apiVersion"]?.stringValue, "\(d)")
            XCTAssertNotNil(d["kind"]?.stringValue, "\(d)")
            if d["kind"]?.stringValue != "Kustomization" {
                XCTAssertNotNil(d["metadata"]?["name"]?.stringValue, "\(d)")
            }
        }
    }

    func testOnePodRecreatedNeverTwoWritersOfTheSameSQLiteFile() throws {
        let d = try XCTUnwrap(trio, "a Deployment named connect")
        XCTAssertEqual(d["spec"]?["replicas"]?.intValue, 1)
        XCTAssertEqual(d["spec"]?["strategy"]?["type"]?.stringValue, "Recreate")
    }

    func testContainersMatchComposeServices() throws {
        let pod = try XCTUnwrap(trio?["spec"]?["template"]?["spec"])
        // The socat bridges to the portal's pods are checked in PortalKubernetesTests.
        let containers = array(pod["containers"]).filter { !($0["name"]?.stringValue ?? "").hasPrefix("bridge-") }
        XCTAssertEqual(Set(containers.compactMap { $0["name"]?.stringValue }), Set(ServiceName.all))
        let volumes = Dictionary(
            uniqueKeysWithValues: array(pod["volumes"]).compactMap { v in
                v["name"]?.stringValue.map { ($0, v) }
            })
        let claims = Set(objects("PersistentVolumeClaim").compactMap { $0["metadata"]?["name"]?.stringValue })
        var dataClaims: Set<String> = []
        var socketVolumes: Set<String> = []
        for c in containers {
            let name = try XCTUnwrap(c["name"]?.stringValue)
            let service = try XCTUnwrap(compose.service(name), "\(name) is not a compose service")
            var env: [String: String] = [:]
            for e in array(c["env"]) {
                if let k = e["name"]?.stringValue { env[k] = e["value"]?.stringValue }
            }
            XCTAssertEqual(env, service.environment, "\(name): env differs from compose.yaml")
            XCTAssertEqual(array(c["args"]).compactMap(\.stringValue), service.command, name)
            let security = c["securityContext"]
            XCTAssertEqual(security?["runAsUser"]?.intValue.map(UInt32.init), service.user?.uid, "\(name): runAsUser")
            let group = security?["runAsGroup"]?.intValue ?? pod["securityContext"]?["runAsGroup"]?.intValue
            XCTAssertEqual(group.map(UInt32.init), service.user?.gid, "\(name): runAsGroup")
            XCTAssertEqual(security?["readOnlyRootFilesystem"], .bool(true), name)
            XCTAssertEqual(security?["allowPrivilegeEscalation"], .bool(false), name)
            let probe = Array(service.healthcheck.dropFirst())
            for kind in ["livenessProbe", "readinessProbe"] {
                XCTAssertEqual(array(c[kind]?["exec"]?["command"]).compactMap(\.stringValue), probe, "\(name) \(kind)")
            }
            // Every mount: a declared volume; the sockets on one shared emptyDir; the data on its own claim.
            var mounts: [String: String] = [:]
            for m in array(c["volumeMounts"]) {
                guard let path = m["mountPath"]?.stringValue, let v = m["name"]?.stringValue else { continue }
                XCTAssertNotNil(volumes[v], "\(name): volume \(v) is not declared")
                mounts[path] = v
            }
            let sockets = try XCTUnwrap(mounts[env["CONNECT_RUN_DIR"] ?? ""], "\(name): no sockets mount")
            XCTAssertNotNil(volumes[sockets]?["emptyDir"], "\(name): the sockets are on an emptyDir")
            socketVolumes.insert(sockets)
            let data = try XCTUnwrap(mounts[env["CONNECT_DATA_DIR"] ?? ""], "\(name): no data mount")
            let claim = try XCTUnwrap(
                volumes[data]?["persistentVolumeClaim"]?["claimName"]?.stringValue,
                "\(name): the data is on a PersistentVolumeClaim")
            XCTAssertTrue(claims.contains(claim), "\(name): claim \(claim) is not declared")
            XCTAssertFalse(dataClaims.contains(claim), "\(name) shares the claim \(claim)")
            dataClaims.insert(claim)
            for (key, value) in env where value.hasPrefix("/run/secrets/") {
                let v = try XCTUnwrap(mounts[value], "\(name): \(key) \(value) is not mounted")
                XCTAssertNotNil(volumes[v]?["secret"], "\(name): \(value) comes from a Secret")
            }
            if let outbox = env["NOTIFIER_OUTBOX"], outbox.hasPrefix("file:") {
                XCTAssertNotNil(mounts[String(outbox.dropFirst(5))], "\(name): the outbox is a volume")
            }
            XCTAssertNotNil(mounts["/tmp"], "\(name): /tmp as in compose's tmpfs")
        }
        XCTAssertEqual(socketVolumes.count, 1, "one shared sockets volume")
    }

    /// Fund staff's ephemeral container (kubectl debug --custom): the staff uid of
    /// compose's connectctl service, on the pod's sockets volume.
    func testStaffDebugContainerRunsAsTheStaffUidOnTheSockets() throws {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: DeploymentFiles.path("deploy/kubernetes/staff-debug.json")))
        let spec = try JSONCoding.decoder.decode(JSONValue.self, from: data)
        let staff = try XCTUnwrap(compose.service("connectctl")?.user?.uid)
        XCTAssertEqual(spec["securityContext"]?["runAsUser"]?.intValue.map(UInt32.init), staff)
        XCTAssertEqual(ComposeFile.uids(compose.service("admin")?.environment["CONNECT_STAFF_UIDS"]), [staff])
        let pod = try XCTUnwrap(trio?["spec"]?["template"]?["spec"])
        let socketsVolume = array(pod["containers"]).first.flatMap { c in
            array(c["volumeMounts"]).first { $0["mountPath"]?.stringValue == "/run/connect" }?["name"]
        }
        let mount = array(spec["volumeMounts"]).first { $0["mountPath"]?.stringValue == "/run/connect" }
        XCTAssertNotNil(socketsVolume)
        XCTAssertEqual(mount?["name"], socketsVolume)
    }
}
