import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// compose.yaml, checked without a container engine: its wiring rules, and the
/// three real executables started with exactly the environment it gives each
/// service (container paths mapped under a temp directory, see ComposeRig).
final class ComposeWiringTests: XCTestCase {
    var compose: ComposeFile!
    var dir: TempDirectory!
    var rig: ComposeRig!

    override func setUpWithError() throws {
        compose = try ComposeFile.load()
        dir = TempDirectory("cw")
        rig = ComposeRig(compose: compose, dir: dir)
    }

    override func tearDown() {
        rig?.stopAll()
        dir?.remove()
    }

    private func services() throws -> [ComposeService] {
        try ServiceName.all.map { name in
            try XCTUnwrap(compose.service(name), "compose.yaml has no service \(name)")
        }
    }

    func testEachServiceIsItsOwnNonRootUidOnAReadOnlyRootWithItsOwnDataVolume() throws {
        let all = try services()
        var uids: Set<UInt32> = []
        var groups: Set<UInt32?> = []
        var dataVolumes: [String: String] = [:]
        for s in all {
            XCTAssertEqual(s.command.first, s.name, "\(s.name): the command chooses the service")
            let user = try XCTUnwrap(s.user, "\(s.name): user: uid:gid")
            XCTAssertNotEqual(user.uid, 0, "\(s.name) runs as root")
            uids.insert(user.uid)
            groups.insert(user.gid)
            XCTAssertEqual(s.raw["read_only"], .bool(true), "\(s.name): read_only")
            XCTAssertEqual(s.raw["restart"]?.stringValue, "unless-stopped", s.name)
            XCTAssertNotNil(s.raw["stop_grace_period"], s.name)
            XCTAssertEqual(s.healthcheck, ["CMD", "/opt/connect/connectctl", "health", "--service", s.name])
            let env = s.environment
            let data = try XCTUnwrap(env["CONNECT_DATA_DIR"], s.name)
            let volume = try XCTUnwrap(s.volumeMounts[data], "\(s.name): CONNECT_DATA_DIR \(data) is not a volume")
            XCTAssertNil(
                dataVolumes[volume], "\(s.name) shares its data volume \(volume) with \(dataVolumes[volume] ?? "")")
            dataVolumes[volume] = s.name
        }
        XCTAssertEqual(uids.count, 3, "one uid per service")
        XCTAssertEqual(groups.count, 1, "one shared group, for the socket volume")
        XCTAssertNotNil(groups.first ?? nil, "the shared group is given")
        let declared = compose.raw["volumes"]
        for s in all { for v in s.volumeMounts.values { XCTAssertNotNil(declared?[v], "volume \(v) is not declared") } }
    }

    func testSocketsVolumeAndUidListsMatchTheUsers() throws {
        let all = try services()
        let staff = try XCTUnwrap(compose.service("connectctl")?.user?.uid, "the staff tool service connectctl")
        let socketVolumes = Set(all.compactMap { s in s.environment["CONNECT_RUN_DIR"].flatMap { s.volumeMounts[$0] } })
        XCTAssertEqual(socketVolumes.count, 1, "one shared volume holds CONNECT_RUN_DIR for all three")
        XCTAssertEqual(
            compose.service("connectctl")?.volumeMounts[
                compose.service("connectctl")?.environment["CONNECT_RUN_DIR"] ?? ""],
            socketVolumes.first, "connectctl reaches the same sockets")
        for s in all {
            let env = s.environment
            XCTAssertEqual(env["CONNECT_RUN_DIR"], "/run/connect", s.name)
            XCTAssertEqual(env["CONNECT_DATA_DIR"], "/var/lib/connect", s.name)
            // Each service's own uid setting names exactly that service's user (issue 18, item 10).
            XCTAssertNil(env["CONNECT_SERVICE_UIDS"], "\(s.name): the shared list lets any service send anything")
            for peer in ServicePeer.allCases {
                let user = try XCTUnwrap(compose.service(peer.rawValue)?.user?.uid)
                XCTAssertEqual(ComposeFile.uids(env[peer.uidVariable]), [user], "\(s.name): \(peer.uidVariable)")
            }
            XCTAssertEqual(ComposeFile.uids(env["CONNECT_STAFF_UIDS"]), [staff], "\(s.name): CONNECT_STAFF_UIDS")
            for (key, value) in env where value.hasPrefix("/run/secrets/") {
                let secret = String(value.dropFirst("/run/secrets/".count))
                XCTAssertTrue(s.secrets.contains(secret), "\(s.name): \(key) reads secret \(secret) it is not given")
            }
        }
        let notifier = try XCTUnwrap(compose.service("notifier")).environment
        XCTAssertEqual(notifier["NOTIFIER_OUTBOX"], "file:/var/lib/connect/outbox")
        XCTAssertNotNil(notifier["NOTIFIER_HTTP_TOKEN_FILE"])
        XCTAssertEqual(compose.service("identity")?.environment["IDENTITY_KEY_FILE"], "/run/secrets/identity_key")
    }

    func testEveryPathTheServicesUseIsWritableOrASecret() throws {
        for s in try services() { _ = rig.environment(of: s) }
        XCTAssertEqual(rig.problems, [])
        // The check itself: a path outside every volume is reported.
        let s = try XCTUnwrap(compose.service("notifier"))
        XCTAssertNil(rig.hostPath("/srv/outbox", of: s))
        XCTAssertNotNil(rig.hostPath("/var/lib/connect/outbox/letter", of: s))
    }

    /// The three binaries with compose's environment find each other through the
    /// shared socket directory; a letter invitation crosses admin → identity →
    /// notifier and lands as a PDF in the outbox volume.
    func testTheThreeServicesFindEachOtherAndALetterCrossesAllThree() throws {
        try rig.prepare()
        XCTAssertEqual(rig.problems, [])
        // compose's order: depends_on (notifier, then identity, then admin).
        for name in ["notifier", "identity", "admin"] { try rig.start(name) }
        for name in ServiceName.all {
            XCTAssertEqual(try rig.runHealthcheck(name), 0, "\(name)'s health check")
        }
        let runDir = try XCTUnwrap(rig.environment(of: try XCTUnwrap(compose.service("admin")))["CONNECT_RUN_DIR"])
        // Each hop must exist: an empty body is refused as bad_request by a service that has the type.
        let hops = [
            ("admin", EmployerCreate.type), ("identity", InvitationIssue.type), ("notifier", NotifierSend.type),
        ]
        let missing = try hops.filter { service, type in
            let reply = try ServiceClient(socketPath: "\(runDir)/\(service).sock").send(
                type: type, body: [String: String]())
            return reply.error?.code == "unknown_type"
        }.map { "\($0.0) (\($0.1))" }
        if !missing.isEmpty {
            throw XCTSkip(
                "not merged yet: \(missing.joined(separator: ", ")) answer unknown_type; "
                    + "health of the three checked, the crossing letter skipped")
        }
        let admin = ServiceClient(socketPath: "\(runDir)/admin.sock", timeout: 20)
        let created = try admin.send(
            type: EmployerCreate.type,
            body: EmployerCreate.Body(
                number: "1283.220", name: "Câblage SA", street: "Rue d'Exemple 1", postcode: "3000", city: "Bern",
                language: .fr))
        XCTAssertTrue(created.ok, "employer.create: \(String(describing: created.error))")
        let invited = try admin.send(
            type: EmployerInvite.type,
            body: EmployerInvite.Body(number: "1283.220", delivery: .letter))
        XCTAssertTrue(invited.ok, "employer.invite: \(String(describing: invited.error))\n\(logs())")

        let notifierEnv = rig.environment(of: try XCTUnwrap(compose.service("notifier")))
        let outbox = String(
            try XCTUnwrap(notifierEnv["NOTIFIER_LETTER_OUTBOX"] ?? notifierEnv["NOTIFIER_OUTBOX"])
                .dropFirst("file:".count))
        let letter = try XCTUnwrap(
            waitForFile(in: "\(outbox)/letter", suffix: ".pdf", timeout: 30),
            "no letter in the outbox volume\n\(logs())")
        let pdf = try Data(contentsOf: URL(fileURLWithPath: letter))
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        if let text = pdfText(letter) {
            // The employer comes from admin, the code from identity, the PDF from the notifier:
            // the code printed in the letter opens a registration for that employer at identity.
            XCTAssertTrue(text.contains("Câblage SA"), text)
            let range = text.range(of: #"[A-Z0-9*]{4} [A-Z0-9*]{4} [A-Z0-9*]{4}"#, options: .regularExpression)
            let code = try XCTUnwrap(range.map { String(text[$0]) }, "no access code in the letter:\n\(text)")
            let identity = ServiceClient(socketPath: "\(runDir)/identity.sock", timeout: 20)
            let started = try identity.call(RegistrationStart.self, RegistrationStart.Body(accessCode: code))
            XCTAssertEqual(started.employer.number, "1283.220")
        }
    }

    /// Compose's health check command (connectctl health --service X) asks the service
    /// itself: 0 while it answers, 1 once it is stopped, whatever the others do.
    func testHealthChecksAskEachServiceItselfAndReportAStoppedOne() throws {
        try rig.prepare()
        for name in ["notifier", "identity", "admin"] { try rig.start(name) }
        XCTAssertEqual(try rig.runHealthcheck("identity"), 0)
        rig.processes["identity"]?.stop()
        XCTAssertEqual(try rig.runHealthcheck("identity"), 1, "a stopped identity is unhealthy")
        XCTAssertEqual(try rig.runHealthcheck("notifier"), 0, "notifier's check does not depend on identity")
        XCTAssertEqual(try rig.runHealthcheck("admin"), 0, "admin's check does not depend on identity")
    }

    private func waitForFile(in directory: String, suffix: String, timeout: TimeInterval) -> String? {
        var found: String?
        Poll.until(timeout: timeout, every: 0.1) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            found = names.first(where: { $0.hasSuffix(suffix) }).map { "\(directory)/\($0)" }
            return found != nil
        }
        return found
    }

    /// The letter's text through poppler's pdftotext (a test dependency), nil if absent.
    private func pdfText(_ path: String) -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        p.arguments = ["-layout", path, "-"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    private func logs() -> String {
        rig.processes.values.map { $0.log().split(separator: "\n").suffix(15).joined(separator: "\n") }
            .joined(separator: "\n")
    }
}
