import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The portal keeps no state of its own: two real portal processes sharing one cookie
/// key behind one public address (as behind nginx's round robin) serve one person in
/// turn. A login started on one is finished on the other (the sealed flow state
/// cookie), the session then works on both, a form from one is accepted by the other
/// (the anti-forgery token), and a logout on one ends it on both.
final class PortalReplicaTests: XCTestCase {
    static let curl = "/usr/bin/curl"
    static let publicURL = "http://127.0.0.1:8080"

    func testASessionAndTheFlowStateSurviveASwitchOfPortalProcess() throws {
        guard PortalProcess.isBuilt else { throw XCTSkip("the portal is not built") }
        guard FileManager.default.isExecutableFile(atPath: Self.curl) else {
            throw XCTSkip("curl is not installed (make test-deps)")
        }
        let trio = Trio(prefix: "pr")
        defer { trio.remove() }
        try trio.start()
        let outbox = FileOutboxReader(trio.outbox)
        let flows = Flows(trio, outbox: outbox)
        let email = "anna@replica.ch"
        let phone = "+41795550011"
        let password = "Zwei-Prozesse-2026"
        _ = try flows.employerWithAdmin(
            number: "1283.230", name: "Replica SA", email: email, phone: phone, password: password)

        let environment = ["PORTAL_COOKIE_KEY_FILE": trio.dir.file("data/portal-cookie.key")]
        let a = try PortalProcess(
            runDir: trio.dir.file("run"), logPath: trio.dir.file("data/portal-a.log"),
            publicURL: Self.publicURL, environment: environment)
        defer { a.stop() }
        let b = try PortalProcess(
            runDir: trio.dir.file("run"), logPath: trio.dir.file("data/portal-b.log"),
            publicURL: Self.publicURL, environment: environment)
        defer { b.stop() }
        let web = TwoPortals([a.listen, b.listen], origin: Self.publicURL, dir: trio.dir.file("curl"))

        // The password on A; the SMS code on B, which opens the challenge A sealed in the state cookie.
        _ = try web.get("/", on: 0)
        let seen = outbox.files("sms", to: phone)
        XCTAssertTrue(
            try web.post("/login", ["email": email, "password": password], on: 0).contains("smsCode"), web.page)
        let code = try outbox.waitForCode("sms", to: phone, excluding: seen)
        let home = try web.post("/login/sms", ["smsCode": code], on: 1)
        XCTAssertNotNil(web.cookies["__Host-connect-session"], "signed in by B")
        XCTAssertTrue(home.contains("1283.230"), "B shows home after A took the password:\n\(home)")

        // Every next request on the other process: still signed in.
        for i in 0..<6 {
            let list = try web.get("/users", on: i % 2)
            XCTAssertTrue(
                list.contains("id=\"users\""), "request \(i) on portal \(i % 2 == 0 ? "A" : "B") signed out:\n\(list)")
        }
        // A form rendered by A, sent to B: the token is the session's under the shared key.
        _ = try web.get("/users", on: 0)
        let german = try web.post("/language", ["lang": "de", "back": "/users"], on: 1)
        XCTAssertTrue(german.contains("<html lang=\"de\""), "B took A's form:\n\(german.prefix(400))")
        XCTAssertTrue(try web.get("/users", on: 0).contains("<html lang=\"de\""), "and A sees the language B stored")

        // Both served: each process logged the requests it answered (the path, never the query).
        let logA = a.log().replacingOccurrences(of: "\\/", with: "/")
        let logB = b.log().replacingOccurrences(of: "\\/", with: "/")
        XCTAssertTrue(logA.contains("\"path\":\"/login\""), logA)
        XCTAssertTrue(logB.contains("\"path\":\"/login/sms\""), logB)

        // Logout on B ends the session for A too (identity's session, not a process's).
        _ = try web.post("/logout", [:], on: 1)
        let session = try XCTUnwrap(web.lastSession)
        web.cookies["__Host-connect-session"] = session
        XCTAssertEqual(try web.status("/users", on: 0), 303, "the ended session is refused by A")
        XCTAssertTrue(a.isRunning && b.isRunning)
    }
}

/// A browser without script over real HTTP (curl), talking to whichever portal it is
/// told: its own cookie jar, the page's token, 303s followed on the same process.
final class TwoPortals {
    let listens: [String]
    let origin: String
    let dir: String
    var cookies: [String: String] = [:]
    var page = ""
    /// The last session cookie seen, kept when the portal clears it (to replay it).
    var lastSession: String?

    init(_ listens: [String], origin: String, dir: String) {
        self.listens = listens
        self.origin = origin
        self.dir = dir
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    var token: String {
        guard let r = page.range(of: "name=\"csrf\" value=\"") else { return "" }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    func get(_ path: String, on portal: Int) throws -> String {
        var (status, location) = try send("GET", path, body: nil, on: portal)
        for _ in 0..<5 where status == 303 {
            (status, location) = try send("GET", location ?? "/", body: nil, on: portal)
        }
        return page
    }

    func post(_ path: String, _ fields: [String: String], on portal: Int) throws -> String {
        var pairs = fields.map { "\(PageBrowser.encode($0.key))=\(PageBrowser.encode($0.value))" }
        pairs.append("csrf=\(PageBrowser.encode(token))")
        let (status, location) = try send("POST", path, body: pairs.joined(separator: "&"), on: portal)
        if status == 303 { return try get(location ?? "/", on: portal) }
        return page
    }

    func status(_ path: String, on portal: Int) throws -> Int { try send("GET", path, body: nil, on: portal).status }

    private func send(_ method: String, _ path: String, body: String?, on portal: Int) throws -> (
        status: Int, location: String?
    ) {
        let headers = dir + "/headers"
        let out = dir + "/body"
        var args = [
            "-s", "--max-time", "20", "-o", out, "-D", headers, "-w", "%{http_code}", "-H", "Accept-Language: fr-CH",
        ]
        if !cookies.isEmpty {
            args += ["-H", "Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        }
        if let body {
            args += [
                "-X", method, "-H", "Origin: \(origin)", "-H", "Content-Type: application/x-www-form-urlencoded",
                "--data-binary", body,
            ]
        }
        let (rc, output) = try ProgramRun.run(PortalReplicaTests.curl, args + ["http://\(listens[portal])\(path)"])
        guard rc == 0, let status = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ServiceError(.unavailable, detail: "curl \(method) \(path) on portal \(portal): \(rc) \(output)")
        }
        var location: String?
        for line in ((try? String(contentsOfFile: headers, encoding: .utf8)) ?? "").split(separator: "\r\n") {
            let lower = line.lowercased()
            if lower.hasPrefix("location:") { location = line.dropFirst(9).trimmingCharacters(in: .whitespaces) }
            guard lower.hasPrefix("set-cookie:") else { continue }
            let value = line.dropFirst(11).trimmingCharacters(in: .whitespaces)
            let first = value.split(separator: ";")[0]
            guard let eq = first.firstIndex(of: "=") else { continue }
            let name = String(first[..<eq])
            let v = String(first[first.index(after: eq)...])
            if name == "__Host-connect-session", let old = cookies[name] { lastSession = old }
            if value.contains("Max-Age=0") || v.isEmpty { cookies[name] = nil } else { cookies[name] = v }
        }
        let data = (try? Data(contentsOf: URL(fileURLWithPath: out))) ?? Data()
        page = String(decoding: data, as: UTF8.self)
        return (status, location)
    }
}
