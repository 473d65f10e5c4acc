import Contracts
import Foundation
import Runtime
import Wire
import XCTest

/// deploy/kubernetes/portal.yaml: the portal as a Deployment of several replicas
/// (one cookie key from a Secret), the same container as compose's `portal`, and
/// socket bridges that line up end to end: portal pod's Unix socket → socat →
/// Service connect-services → the connect pod's socat → the service's socket.
final class PortalKubernetesTests: XCTestCase {
    var documents: [JSONValue] = []
    var compose: ComposeFile!

    override func setUpWithError() throws {
        let dir = DeploymentFiles.path("deploy/kubernetes")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        for f in files { documents += try DeploymentFiles.yamlDocuments("\(dir)/\(f)") }
        compose = try ComposeFile.load()
    }

    private func object(_ kind: String, _ name: String) throws -> JSONValue {
        try XCTUnwrap(
            documents.first { $0["kind"]?.stringValue == kind && $0["metadata"]?["name"]?.stringValue == name },
            "no \(kind) \(name)")
    }

    private func array(_ v: JSONValue?) -> [JSONValue] {
        if case .array(let a)? = v { return a }
        return []
    }

    private func env(_ container: JSONValue) -> [String: String] {
        var out: [String: String] = [:]
        for e in array(container["env"]) { if let k = e["name"]?.stringValue { out[k] = e["value"]?.stringValue } }
        return out
    }

    private var portalPod: JSONValue? { try? object("Deployment", "connect-portal")["spec"]?["template"]?["spec"] }

    func testSeveralReplicasRolledOneAtATimeWithOneSharedKey() throws {
        let d = try object("Deployment", "connect-portal")
        XCTAssertGreaterThanOrEqual(d["spec"]?["replicas"]?.intValue ?? 0, 2)
        XCTAssertEqual(d["spec"]?["strategy"]?["type"]?.stringValue, "RollingUpdate")
        XCTAssertEqual(d["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"]?.intValue, 0)
        let pod = try XCTUnwrap(portalPod)
        let portal = try XCTUnwrap(array(pod["containers"]).first { $0["name"]?.stringValue == "portal" })
        let key = try XCTUnwrap(env(portal)["PORTAL_COOKIE_KEY_FILE"])
        let mount = try XCTUnwrap(
            array(portal["volumeMounts"]).first { $0["mountPath"]?.stringValue == key },
            "the cookie key is mounted")
        let volume = try XCTUnwrap(array(pod["volumes"]).first { $0["name"] == mount["name"] })
        let secretName = try XCTUnwrap(volume["secret"]?["secretName"]?.stringValue, "the key comes from a Secret")
        let examples = try DeploymentFiles.yamlDocuments(DeploymentFiles.path("deploy/kubernetes/secrets.example.yaml"))
        XCTAssertTrue(
            examples.contains { $0["metadata"]?["name"]?.stringValue == secretName },
            "secrets.example.yaml shows \(secretName)")
        XCTAssertNotNil(try? object("PodDisruptionBudget", "connect-portal"))
        let kustomization = try DeploymentFiles.yaml(DeploymentFiles.path("deploy/kubernetes/kustomization.yaml"))
        XCTAssertTrue(kustomization["resources"]?.arrayStrings.contains("portal.yaml") ?? false)
    }

    func testThePortalContainerIsComposesPortal() throws {
        let pod = try XCTUnwrap(portalPod)
        let portal = try XCTUnwrap(array(pod["containers"]).first { $0["name"]?.stringValue == "portal" })
        let service = try XCTUnwrap(compose.service("portal"))
        XCTAssertEqual(portal["args"]?.arrayStrings, service.command)
        // Where it listens and whom it believes differ (TCP behind the ingress); the rest is the same.
        var k8s = env(portal)
        var composed = service.environment
        for key in ["PORTAL_LISTEN", "PORTAL_TRUSTED_PROXIES"] {
            XCTAssertNotNil(k8s.removeValue(forKey: key), key)
            composed.removeValue(forKey: key)
        }
        XCTAssertEqual(k8s, composed)
        let security = portal["securityContext"]
        XCTAssertEqual(security?["runAsUser"]?.intValue.map(UInt32.init), service.user?.uid)
        XCTAssertEqual(security?["runAsGroup"]?.intValue.map(UInt32.init), service.user?.gid)
        XCTAssertEqual(security?["readOnlyRootFilesystem"], .bool(true))
        XCTAssertEqual(security?["allowPrivilegeEscalation"], .bool(false))
        let port = try XCTUnwrap(env(portal)["PORTAL_LISTEN"]?.split(separator: ":").last.flatMap { Int($0) })
        for probe in ["startupProbe", "readinessProbe", "livenessProbe"] {
            XCTAssertEqual(portal[probe]?["httpGet"]?["path"]?.stringValue, "/healthz", probe)
            XCTAssertEqual(portal[probe]?["httpGet"]?["port"]?.intValue, port, probe)
        }
        XCTAssertTrue(array(portal["volumeMounts"]).contains { $0["mountPath"]?.stringValue == "/tmp" })
        let svc = try object("Service", "connect-portal")
        XCTAssertEqual(
            svc["spec"]?["selector"], try object("Deployment", "connect-portal")["spec"]?["selector"]?["matchLabels"])
        let ingress = try object("Ingress", "connect-portal")
        XCTAssertFalse(array(ingress["spec"]?["tls"]).isEmpty, "TLS ends at the ingress")
        let host = try XCTUnwrap(array(ingress["spec"]?["tls"]).first?["hosts"]?.arrayStrings.first)
        XCTAssertEqual(env(portal)["CONNECT_PORTAL_URL"], "https://\(host)")
    }

    /// Each socket the portal opens (CONNECT_RUN_DIR/<service>.sock) is served in its pod by a
    /// sidecar that forwards to a port of connect-services, whose target is a bridge container
    /// of the connect pod connecting to that same service's socket; the NetworkPolicy lets
    /// portal pods (and only them) in on exactly those ports.
    func testEverySocketBridgeLinesUpEndToEnd() throws {
        let pod = try XCTUnwrap(portalPod)
        let trioPod = try XCTUnwrap(try object("Deployment", "connect")["spec"]?["template"]?["spec"])
        let services = try object("Service", "connect-services")
        let policy = try object("NetworkPolicy", "connect-services")
        let runDir = try XCTUnwrap(env(try XCTUnwrap(array(pod["containers"]).first))["CONNECT_RUN_DIR"])
        let sidecars = array(pod["initContainers"]).filter { $0["restartPolicy"]?.stringValue == "Always" }
        XCTAssertEqual(Set(sidecars.compactMap { $0["name"]?.stringValue }), ["bridge-identity", "bridge-admin"])
        let allowed = Set(
            array(policy["spec"]?["ingress"]).flatMap { array($0["ports"]) }.compactMap { $0["port"]?.intValue })
        let from = array(policy["spec"]?["ingress"]).flatMap { array($0["from"]) }
        XCTAssertEqual(
            from.compactMap { $0["podSelector"]?["matchLabels"] },
            [try object("Deployment", "connect-portal")["spec"]?["selector"]?["matchLabels"]].compactMap { $0 })
        XCTAssertEqual(policy["spec"]?["podSelector"]?["matchLabels"], services["spec"]?["selector"])
        for sidecar in sidecars {
            let name = try XCTUnwrap(sidecar["name"]?.stringValue)
            let service = String(name.dropFirst("bridge-".count))
            let argv = sidecar["command"]?.arrayStrings ?? []
            XCTAssertEqual(argv.first, "socat", name)
            XCTAssertTrue(argv.contains { $0.hasPrefix("UNIX-LISTEN:\(runDir)/\(service).sock,") }, "\(name): \(argv)")
            let target = try XCTUnwrap(argv.first { $0.hasPrefix("TCP:connect-services:") }, "\(name): \(argv)")
            let port = try XCTUnwrap(Int(target.split(separator: ":").last ?? ""))
            let servicePort = try XCTUnwrap(
                array(services["spec"]?["ports"]).first { $0["port"]?.intValue == port },
                "connect-services has no port \(port)")
            XCTAssertTrue(allowed.contains(port), "the NetworkPolicy lets \(port) in")
            let targetName = try XCTUnwrap(servicePort["targetPort"]?.stringValue)
            let bridge = try XCTUnwrap(
                array(trioPod["containers"]).first { c in
                    array(c["ports"]).contains { $0["name"]?.stringValue == targetName }
                }, "no container of the connect pod serves \(targetName)")
            let containerPort = array(bridge["ports"]).first { $0["name"]?.stringValue == targetName }?[
                "containerPort"]?.intValue
            let bridgeArgv = bridge["command"]?.arrayStrings ?? []
            XCTAssertTrue(bridgeArgv.contains { $0.hasPrefix("TCP-LISTEN:\(containerPort ?? -1),") }, "\(bridgeArgv)")
            XCTAssertTrue(bridgeArgv.contains("UNIX-CONNECT:/run/connect/\(service).sock"), "\(bridgeArgv)")
            // Both ends run as the portal's uid: the services see the peer compose shows them.
            let uid = compose.service("portal")?.user?.uid
            XCTAssertEqual(sidecar["securityContext"]?["runAsUser"]?.intValue.map(UInt32.init), uid)
            XCTAssertEqual(bridge["securityContext"]?["runAsUser"]?.intValue.map(UInt32.init), uid)
            XCTAssertEqual(bridge["securityContext"]?["readOnlyRootFilesystem"], .bool(true))
        }
    }
}
