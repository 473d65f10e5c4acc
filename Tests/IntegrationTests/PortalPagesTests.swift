import Contracts
import Foundation
import PortalCore
import Runtime
import TestSupport
import Wire
import XCTest

/// The portal's pages against the three real services (the app in process, as
/// libmicrohttpd would call it): the guide's registration, login, home, user list,
/// variant 2, an export and the logout, through forms alone — cookies, tokens
/// and 303s as a browser without script would send them.
final class PortalPagesTests: XCTestCase {
    var trio: Trio!
    var outbox: FileOutboxReader!
    var flows: Flows!

    override func setUpWithError() throws {
        (trio, outbox, flows) = try Flows.onStartedTrio(prefix: "pp")
    }

    override func tearDown() { trio?.remove() }

    func testTheGuidesStoryThroughThePages() throws {
        let b = PageBrowser(portalOn: trio)
        try flows.createEmployer("1283.220", name: "Modèle SA")
        let access = try flows.invite("1283.220", email: "gilbert@modelesa.ch")

        // Steps 1–4 and the SMS dialog.
        XCTAssertTrue(b.get("/register", [("code", access)]).contains("value=\"\(access)\""))
        XCTAssertTrue(b.post("/register", ["accessCode": access]).contains("Identifier le compte utilisateur"))
        let mails = outbox.files("email", to: "gilbert@modelesa.ch")
        XCTAssertTrue(
            b.post("/register/email", ["email": "gilbert@modelesa.ch"]).contains(
                "Un code d&#39;activation a été envoyé"))
        let activation = try outbox.waitForCode("email", to: "gilbert@modelesa.ch", excluding: mails)
        XCTAssertTrue(b.post("/register/verify", ["activationCode": "WRONG"]).contains("id=\"activationCode-error\""))
        XCTAssertTrue(b.post("/register/verify", ["activationCode": activation]).contains("Ouverture de compte"))
        let mismatch = b.post(
            "/register/account",
            [
                "firstName": "Gilbert", "lastName": "Modele", "language": "fr",
                "password": "Velo-Rouge-2026", "password2": "other", "terms": "1",
            ])
        XCTAssertTrue(mismatch.contains("id=\"password2-error\""))
        XCTAssertTrue(
            b.post(
                "/register/account",
                [
                    "firstName": "Gilbert", "lastName": "Modele", "language": "fr",
                    "password": "Velo-Rouge-2026", "password2": "Velo-Rouge-2026",
                    "terms": "1",
                ]
            ).contains("Créer un code SMS"))
        var sms = outbox.files("sms", to: "+41791112233")
        XCTAssertTrue(
            b.post("/register/sms", ["phone": "+41(79) 111 22 33", "action": "send"]).contains("Renvoyer le code SMS"))
        var code = try outbox.waitForCode("sms", to: "+41791112233", excluding: sms)
        XCTAssertTrue(
            b.post("/register/sms", ["phone": "", "smsCode": code, "action": "confirm"]).contains(
                "Enregistrement terminé"))

        // Login: password, SMS code, home with the employer's address.
        let anonymousToken = b.token
        sms = outbox.files("sms", to: "+41791112233")
        XCTAssertTrue(
            b.post("/login", ["email": "gilbert@modelesa.ch", "password": "Velo-Rouge-2026"]).contains("smsCode"))
        code = try outbox.waitForCode("sms", to: "+41791112233", excluding: sms)
        var home = b.post("/login/sms", ["smsCode": code])
        let session = try XCTUnwrap(b.cookies[Cookies.session])
        // The registration reaches admin as an event: right after it, home may not know the employer yet.
        try flows.waitUntilAdmin(session: session, employer: "1283.220")
        if !home.contains("1283.220") { home = b.get("/") }
        XCTAssertTrue(home.contains("1283.220") && home.contains("Rue du Test 1, 1000 Lausanne"), home)
        XCTAssertTrue(home.contains("Gestion des utilisateurs") && home.contains("Tâches"))
        XCTAssertEqual(
            b.rawPost("/logout", ["csrf": anonymousToken]).status, 403, "the token from before the login is stale")

        // The user list, variant 2, an export of the list as filtered.
        XCTAssertTrue(b.get("/users").contains("Modele, Gilbert"))
        XCTAssertTrue(b.post("/users/new", ["email": "claudine@modelesa.ch"]).contains("Compte d&#39;utilisateur"))
        let saved = b.post(
            "/users/new/account",
            [
                "firstName": "Claudine", "lastName": "<img src=x onerror=alert(1)>",
                "language": "de", "action": "save",
            ])
        XCTAssertTrue(saved.contains("il reçoit un e-mail de bienvenue"), saved)
        let listResponse = b.response("/users", [("text", "claudine")])
        let list = b.page
        XCTAssertEqual(listResponse.status, 200, String(decoding: listResponse.body, as: UTF8.self))
        XCTAssertTrue(list.contains("&lt;img src=x onerror=alert(1)&gt;, Claudine"), list)
        XCTAssertFalse(list.contains("<img src=x"))
        let export = b.response("/users/export.xlsx", [("all", "1")])
        XCTAssertEqual(
            export.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        XCTAssertTrue(export.header("Content-Disposition")?.hasPrefix("attachment; filename=\"") == true)
        XCTAssertEqual(Array(export.body.prefix(2)), [0x50, 0x4B], "a ZIP (XLSX) body")

        // Logout ends identity's session: the old token opens nothing any more.
        XCTAssertTrue(b.post("/logout", [:]).contains("Vous êtes déconnecté"))
        XCTAssertNil(b.cookies[Cookies.session])
        XCTAssertThrowsError(try flows.admin.call(AdminMe.self, Empty(), session: session))
    }

    func makeBrowser() -> PageBrowser { PageBrowser(portalOn: trio) }

    /// Employer A's admin adds the e-mail of an administrator of employer B; she
    /// sees the invitation among her tasks at home, accepts it, and acts for both.
    func testConsentToAnotherEmployerFromHome() throws {
        _ = try flows.employerWithAdmin(
            number: "2000.100", name: "Fidu SA", email: "fiona@fidu.ch",
            phone: "+41792223344", password: "Velo-Bleu-2026")
        _ = try flows.employerWithAdmin(
            number: "1283.220", name: "Modèle SA", email: "gilbert@modelesa.ch",
            phone: "+41791112233", password: "Velo-Rouge-2026")
        let a = makeBrowser()
        let gilbertsHome = try a.logIn(
            email: "gilbert@modelesa.ch", password: "Velo-Rouge-2026", phone: "+41791112233", codesFrom: outbox)
        XCTAssertTrue(gilbertsHome.contains("1283.220"), gilbertsHome)
        XCTAssertTrue(a.post("/users/new", ["email": "fiona@fidu.ch"]).contains("Compte d&#39;utilisateur"))
        let saved = a.post(
            "/users/new/account", ["firstName": "Fiona", "lastName": "Fidu", "language": "fr", "action": "save"])
        XCTAssertTrue(saved.contains("il reçoit un e-mail de bienvenue"), saved)

        let f = makeBrowser()
        let home = try f.logIn(
            email: "fiona@fidu.ch", password: "Velo-Bleu-2026", phone: "+41792223344", codesFrom: outbox)
        XCTAssertTrue(home.contains("2000.100"), home)
        XCTAssertTrue(home.contains("Modèle SA (1283.220) vous invite"), home)
        XCTAssertTrue(home.contains(">Accepter</button>") && home.contains(">Refuser</button>"), home)
        XCTAssertTrue(home.contains("Droits proposés : aucun"), "variant 2 offered no theme: \(home)")
        let session = try XCTUnwrap(f.cookies[Cookies.session])
        XCTAssertEqual(
            try flows.admin.call(AdminMe.self, Empty(), session: session).mandants.count, 1, "waiting grants nothing")
        XCTAssertEqual(
            f.rawPost("/invitations", ["employer": "1283.220", "answer": "accept"]).status, 403, "no token, no answer")
        XCTAssertTrue(
            f.get("/mandants").contains("Modèle SA (1283.220) vous invite"), "also where several mandants are chosen")

        let after = f.post("/invitations", ["employer": "1283.220", "answer": "accept"])
        XCTAssertTrue(after.contains("Invitation acceptée"), after)
        XCTAssertFalse(after.contains("vous invite"), after)
        let mandants = f.get("/mandants")
        XCTAssertTrue(
            mandants.contains("1283.220") && mandants.contains("2000.100") && !mandants.contains("vous invite"),
            mandants)
        XCTAssertEqual(
            Set(try flows.admin.call(AdminMe.self, Empty(), session: session).mandants.map(\.number)),
            ["1283.220", "2000.100"])
        XCTAssertTrue(
            f.post("/invitations", ["employer": "1283.220", "answer": "decline"]).contains("plus en attente"),
            "an answered invitation is gone")
    }

    /// `Editer` with a new phone: the SMS step comes in place; a wrong code is refused
    /// beside the field; the code the new phone received puts it in force.
    func testPhoneChangeOnEditNeedsTheNewPhonesCode() throws {
        let (_, session) = try flows.employerWithAdmin(
            number: "1283.220", name: "Modèle SA", email: "gilbert@modelesa.ch",
            phone: "+41791112233", password: "Velo-Rouge-2026")
        let userId = try flows.createUser(
            session: session, employer: "1283.220", email: "claudine@modelesa.ch",
            firstName: "Claudine", lastName: "Muster", phone: "+41793334455")
        let b = makeBrowser()
        _ = try b.logIn(
            email: "gilbert@modelesa.ch", password: "Velo-Rouge-2026", phone: "+41791112233", codesFrom: outbox)
        XCTAssertTrue(b.get("/users/edit", [("id", userId)]).contains("Numéro de téléphone"))
        let seen = outbox.files("sms", to: "+41795556677")
        let step = b.post(
            "/users/edit",
            [
                "id": userId, "firstName": "Claudine", "lastName": "Muster", "language": "de",
                "themes": "salaries", "phone": "+41 79 555 66 77",
            ])
        XCTAssertTrue(
            step.contains("<label for=\"smsCode\" class=\"req\">Code SMS</label>") && step.contains(">OK</button>"),
            step)
        XCTAssertTrue(step.contains("+41 79 *** ** 55"), "the old phone is in force until the code: \(step)")
        let code = try outbox.waitForCode("sms", to: "+41795556677", excluding: seen)

        let wrong = b.post(
            "/users/edit/phone",
            [
                "phone": "+41 79 555 66 77", "smsCode": code == "000000" ? "111111" : "000000",
                "action": "confirm",
            ])
        XCTAssertTrue(wrong.contains("id=\"smsCode-error\""), wrong)
        XCTAssertTrue(b.get("/users/detail", [("id", userId)]).contains("+41 79 *** ** 55"))

        _ = b.get("/users/edit/phone", [("id", userId)])
        let detail = b.post("/users/edit/phone", ["phone": "+41 79 555 66 77", "smsCode": code, "action": "confirm"])
        XCTAssertTrue(detail.contains("Le nouveau numéro de téléphone est confirmé"), detail)
        XCTAssertTrue(detail.contains("+41 79 *** ** 77"), detail)
    }
}

/// A browser without script over the app: a cookie jar, the page's token, 303s followed.
final class PageBrowser {
    let app: PortalApp
    var cookies: [String: String] = [:]
    var page = ""

    init(_ app: PortalApp) { self.app = app }

    /// Over the app in process on `trio`'s sockets, behind http://127.0.0.1:8080, logging errors only.
    convenience init(
        portalOn trio: Trio, key: CookieKey = CookieKey.random(), settings: PortalApp.Settings = .init(),
        limiter: RateLimiter = RateLimiter()
    ) {
        self.init(
            PortalApp(
                trio: TrioClients(runDir: trio.dir.file("run")), key: key,
                policy: WebPolicy(publicURL: "http://127.0.0.1:8080"), settings: settings, limiter: limiter,
                logger: Logger(service: "portal", minimum: .error)))
    }

    /// The login through the pages: the password, then the SMS code from `outbox`; returns home.
    func logIn(
        email: String, password: String, phone: String, codesFrom outbox: FileOutboxReader,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        _ = get("/")
        let seen = outbox.files("sms", to: phone)
        XCTAssertTrue(
            post("/login", ["email": email, "password": password]).contains("smsCode"), page, file: file, line: line)
        let code = try outbox.waitForCode("sms", to: phone, excluding: seen)
        return post("/login/sms", ["smsCode": code])
    }

    var token: String {
        guard let r = page.range(of: "name=\"csrf\" value=\"") else { return "" }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    func get(_ path: String, _ query: [(String, String)] = []) -> String {
        _ = response(path, query)
        return page
    }

    func post(_ path: String, _ fields: [String: String]) -> String {
        var pairs = fields.map { ($0.key, $0.value) }
        pairs.append(("csrf", token))
        _ = rawPost(path, Dictionary(uniqueKeysWithValues: pairs))
        return page
    }

    func rawPost(_ path: String, _ fields: [String: String]) -> HTTPResponse {
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return send(
            HTTPRequest(
                method: "POST", path: path,
                headers: headers([
                    "content-type": "application/x-www-form-urlencoded",
                    "origin": "http://127.0.0.1:8080",
                ]),
                body: Array(body.utf8)))
    }

    func response(_ path: String, _ query: [(String, String)] = []) -> HTTPResponse {
        send(HTTPRequest(method: "GET", path: path, query: query, headers: headers([:])))
    }

    private func headers(_ extra: [String: String]) -> [String: String] {
        var h = extra
        h["accept-language"] = "fr-CH"
        if !cookies.isEmpty { h["cookie"] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return h
    }

    private func send(_ request: HTTPRequest) -> HTTPResponse {
        var r = app.handle(request)
        for _ in 0..<5 {
            for (name, value) in r.headers where name == "Set-Cookie" {
                let first = value.split(separator: ";")[0]
                let eq = first.firstIndex(of: "=")!
                let k = String(first[..<eq])
                let v = String(first[first.index(after: eq)...])
                if value.contains("Max-Age=0") { cookies[k] = nil } else { cookies[k] = v }
            }
            guard r.status == 303, let location = r.header("Location") else { break }
            let parts = location.split(separator: "?", maxSplits: 1)
            let query =
                parts.count > 1
                ? parts[1].split(separator: "&").map { p -> (String, String) in
                    let kv = p.split(separator: "=", maxSplits: 1)
                    return (String(kv[0]), kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? "") : "")
                } : []
            r = app.handle(HTTPRequest(method: "GET", path: String(parts[0]), query: query, headers: headers([:])))
        }
        if r.header("Content-Type")?.hasPrefix("text/html") == true { page = String(decoding: r.body, as: UTF8.self) }
        return r
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: "\u{0}"..."\u{7F}"))
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
