import Client
import Contracts
import Foundation
import PortalCore
import Runtime
import TestSupport
import Wire
import XCTest

/// `Profil d'utilisateur`, `Gestion des mandants` and `Paramètres connect` through
/// the pages against the three real services (forms, tokens and 303s as a
/// browser without script sends them), with every code read from the outbox.
final class ProfileMandantPagesTests: XCTestCase {
    var trio: Trio!
    var outbox: FileOutboxReader!
    var flows: Flows!
    let key = CookieKey.random()

    override func setUpWithError() throws {
        (trio, outbox, flows) = try Flows.onStartedTrio(prefix: "pm")
    }

    override func tearDown() { trio?.remove() }

    /// A portal process; two made with the same key are two replicas behind a balancer.
    func makeBrowser(key: CookieKey? = nil) -> PageBrowser {
        // One client plays every form here; RulesTests test the per-address limit.
        PageBrowser(portalOn: trio, key: key ?? self.key, limiter: RateLimiter(burst: 1000, perMinute: 1000))
    }

    func testProfileChangesLanguagePasswordPhoneAndEmailThenLogsOutEverywhere() throws {
        _ = try flows.employerWithAdmin(
            number: "1283.220", name: "Modèle SA", email: "gilbert@modelesa.ch",
            phone: "+41791112233", password: "Velo-Rouge-2026")
        let b = makeBrowser()
        let other = makeBrowser()
        _ = try b.logIn(
            email: "gilbert@modelesa.ch", password: "Velo-Rouge-2026", phone: "+41791112233", codesFrom: outbox)
        _ = try other.logIn(
            email: "gilbert@modelesa.ch", password: "Velo-Rouge-2026", phone: "+41791112233", codesFrom: outbox)
        let otherSession = try XCTUnwrap(other.cookies[Cookies.session])

        var page = b.get("/profile")
        XCTAssertTrue(page.contains("<h1>Profil d&#39;utilisateur</h1>") && page.contains("gilbert@modelesa.ch"), page)
        XCTAssertTrue(
            page.contains("+41 79 *** ** 33") && page.contains("<label for=\"firstName\" class=\"req\">Prénom</label>"),
            page)
        XCTAssertFalse(page.contains("pas encore disponible"))
        // Names and language: the page answers in German at once, and identity keeps it.
        page = b.post("/profile", ["firstName": "Gilbert", "lastName": "Modele", "language": "de"])
        XCTAssertTrue(page.contains("<html lang=\"de\">") && page.contains("Ihr Profil wurde gespeichert"), page)
        XCTAssertTrue(
            b.post("/profile", ["firstName": "", "lastName": "Modele", "language": "fr"]).contains(
                "id=\"firstName-error\""))
        page = b.post("/profile", ["firstName": "Gilbert", "lastName": "Modèle", "language": "fr"])
        XCTAssertTrue(page.contains("<html lang=\"fr\">") && page.contains("Votre profil a été mémorisé"), page)

        // Password: refusals beside their field; the change ends the other session.
        func changePassword(from current: String, to new: String, repeated: String) -> String {
            b.post("/profile/password", ["currentPassword": current, "newPassword": new, "newPassword2": repeated])
        }
        XCTAssertTrue(
            changePassword(from: "Velo-Rouge-2026", to: "Tour-Eiffel-3000", repeated: "other")
                .contains("id=\"newPassword2-error\""))
        XCTAssertTrue(
            changePassword(from: "wrong-one-1", to: "Tour-Eiffel-3000", repeated: "Tour-Eiffel-3000")
                .contains("id=\"currentPassword-error\""), b.page)
        XCTAssertTrue(
            changePassword(from: "Velo-Rouge-2026", to: "short", repeated: "short")
                .contains("id=\"newPassword-error\""), b.page)
        page = changePassword(from: "Velo-Rouge-2026", to: "Tour-Eiffel-3000", repeated: "Tour-Eiffel-3000")
        XCTAssertTrue(page.contains("Le mot de passe a été changé"), page)
        XCTAssertThrowsError(
            try flows.admin.call(AdminMe.self, Empty(), session: otherSession), "the other session ended")
        XCTAssertTrue(other.get("/profile").contains("action=\"/login\""), "the other browser is back at the login")

        // Phone: the new number gets the code; the old one is in force until it is typed.
        XCTAssertTrue(
            b.post("/profile/phone", ["phone": "079 555 66 77", "password": "Velo-Rouge-2026"]).contains(
                "id=\"password-error\""))
        let seen = outbox.files("sms", to: "+41795556677")
        page = b.post("/profile/phone", ["phone": "079 555 66 77", "password": "Tour-Eiffel-3000"])
        XCTAssertTrue(
            page.contains("<label for=\"smsCode\" class=\"req\">Code SMS</label>") && page.contains("+41 79 *** ** 77"),
            page)
        XCTAssertTrue(page.contains(">Renvoyer le code SMS</button>"), page)
        let code = try outbox.waitForCode("sms", to: "+41795556677", excluding: seen)
        XCTAssertTrue(
            b.post("/profile/phone/confirm", ["smsCode": code == "000000" ? "111111" : "000000"]).contains(
                "id=\"smsCode-error\""))
        XCTAssertTrue(b.get("/profile").contains("+41 79 *** ** 33"), "still the old number")
        page = b.post("/profile/phone/confirm", ["smsCode": code])
        XCTAssertTrue(
            page.contains("Le nouveau numéro de téléphone est confirmé") && page.contains("+41 79 *** ** 77"), page)

        // E-mail: a code to the new address; the old one stays the login until it is typed.
        let mails = outbox.files("email", to: "gilbert@modele.ch")
        page = b.post("/profile/email", ["email": "gilbert@modele.ch", "password": "Tour-Eiffel-3000"])
        XCTAssertTrue(page.contains("<label for=\"activationCode\" class=\"req\">Code d&#39;activation</label>"), page)
        let activation = try outbox.waitForCode("email", to: "gilbert@modele.ch", excluding: mails)
        XCTAssertTrue(
            b.post("/profile/email/confirm", ["activationCode": "AAAA BBBB CCCC"]).contains(
                "id=\"activationCode-error\""))
        page = b.post("/profile/email/confirm", ["activationCode": activation])
        XCTAssertTrue(
            page.contains("La nouvelle adresse e-mail est confirmée") && page.contains("gilbert@modele.ch"), page)

        // Log out everywhere: a session on another device ends too.
        let third = makeBrowser()
        let thirdHome = try third.logIn(
            email: "gilbert@modele.ch", password: "Tour-Eiffel-3000", phone: "+41795556677", codesFrom: outbox)
        XCTAssertTrue(thirdHome.contains("1283.220"), thirdHome)
        let thirdSession = try XCTUnwrap(third.cookies[Cookies.session])
        XCTAssertEqual(b.rawPost("/profile/logout-all", [:]).status, 403, "no token, nothing ends")
        page = b.post("/profile/logout-all", [:])
        XCTAssertTrue(page.contains("Toutes vos sessions ont pris fin") && page.contains("action=\"/login\""), page)
        XCTAssertNil(b.cookies[Cookies.session])
        XCTAssertThrowsError(try flows.admin.call(AdminMe.self, Empty(), session: thirdSession))
        XCTAssertTrue(third.get("/users").contains("action=\"/login\""))
    }

    func testMandantsAreSearchedNamedAndSwitchedAndTheSwitchHoldsOnAnotherProcess() throws {
        _ = try flows.fiduciary()
        let b = makeBrowser()
        _ = try b.logIn(email: "fiona@fidu.ch", password: "Velo-Bleu-2026", phone: "+41792223344", codesFrom: outbox)
        var page = b.get("/mandants")
        XCTAssertTrue(
            page.contains("<table id=\"mandants\">") && page.contains("1283.220") && page.contains("2000.100"), page)
        XCTAssertTrue(page.contains("Bern") && page.contains("Lausanne"), "the town column: \(page)")
        // The header's switch lists both.
        XCTAssertTrue(page.contains("<select id=\"mandant-switch\" name=\"mandant\">"), page)
        // Search by town, by number, by name.
        page = b.get("/mandants", [("text", "bern")])
        XCTAssertTrue(page.contains("<td>2000.100</td>") && !page.contains("<td>1283.220</td>"), page)
        XCTAssertTrue(b.get("/mandants", [("text", "1283")]).contains("<td>1283.220</td>"))
        page = b.get("/mandants", [("text", "modele")])
        XCTAssertTrue(page.contains("<td>1283.220</td>") && !page.contains("<td>2000.100</td>"), page)
        XCTAssertTrue(b.get("/mandants", [("text", "zurich")]).contains("Aucune entrée n&#39;a été trouvée"))

        // Alias and default.
        XCTAssertTrue(
            b.get("/mandants/edit", [("employer", "1283.220")]).contains("<label for=\"alias\">Alias</label>"))
        page = b.post("/mandants/edit", ["employer": "1283.220", "alias": "Modèle (Lausanne)", "isDefault": "1"])
        XCTAssertTrue(page.contains("Le mandant a été mémorisé") && page.contains("<td>Modèle (Lausanne)</td>"), page)
        XCTAssertTrue(b.get("/mandants", [("text", "(lausanne)")]).contains("<td>1283.220</td>"), "found by its alias")
        XCTAssertTrue(
            b.post("/mandants/edit", ["employer": "1283.220", "alias": String(repeating: "x", count: 101)])
                .contains("id=\"alias-error\""), b.page)

        // The switch: the other employer's users, no new login.
        page = b.post("/mandants/switch", ["mandant": "2000.100", "back": "/users"])
        XCTAssertTrue(page.contains("Fidu, Fiona") && !page.contains("Modele, Lea"), page)
        page = b.post("/mandants/switch", ["mandant": "1283.220", "back": "/users"])
        XCTAssertTrue(
            page.contains("Modele, Lea") && page.contains("Vous travaillez maintenant pour le mandant choisi"), page)
        XCTAssertTrue(
            page.contains("<option value=\"1283.220\" selected>"), "the header shows the current one: \(page)")
        XCTAssertEqual(
            b.rawPost("/mandants/switch", ["mandant": "2000.100", "back": "/users"]).status, 403, "no token")
        XCTAssertTrue(
            b.post("/mandants/switch", ["mandant": "9999.999", "back": "/users"]).contains("ne fait plus partie"))

        // A second portal process with the same cookie key carries on with the chosen mandant.
        let replica = makeBrowser()
        replica.cookies = b.cookies
        XCTAssertTrue(replica.get("/users").contains("Modele, Lea"), replica.page)
        _ = b.post("/mandants/switch", ["mandant": "2000.100", "back": "/users"])
        replica.cookies = b.cookies
        page = replica.get("/users")
        XCTAssertTrue(page.contains("Fidu, Fiona") && !page.contains("Modele, Lea"), page)
        // A page about one record of the previous employer goes back to the list after a switch.
        page = b.post("/mandants/switch", ["mandant": "1283.220", "back": "/users/detail?id=x"])
        XCTAssertTrue(page.contains("<table id=\"users\">") && page.contains("Modele, Lea"), page)
    }

    func testSettingsSetTheEmployersContactLanguageAudited() throws {
        let (gilbert, fiona) = try flows.fiduciary()
        let b = makeBrowser()
        _ = try b.logIn(
            email: "gilbert@modelesa.ch", password: "Velo-Rouge-2026", phone: "+41791112233", codesFrom: outbox)
        var page = b.get("/settings")
        XCTAssertTrue(page.contains("<h1>Paramètres connect</h1>") && page.contains("Langue de correspondance"), page)
        XCTAssertTrue(page.contains("<option value=\"fr\" selected>"), page)
        XCTAssertTrue(page.contains("Rue du Test 1") && page.contains("1000 Lausanne"), page)
        page = b.post("/settings", ["language": "de"])
        XCTAssertTrue(
            page.contains("Les paramètres ont été mémorisés") && page.contains("<option value=\"de\" selected>"), page)
        XCTAssertEqual(b.post("/settings", ["language": "xx"]).contains("<h1>Erreur 400</h1>"), true, b.page)
        XCTAssertEqual(try flows.admin.call(EmployerList.self, .init(text: "1283.220")).employers.first?.language, .de)
        let audit = try flows.admin.call(AuditSearch.self, .init(employer: "1283.220"), session: gilbert).entries
        let entry = try XCTUnwrap(audit.first { $0.action == .employerSettings })
        XCTAssertEqual(entry.before, .object(["language": .string("fr")]))
        XCTAssertEqual(entry.after, .object(["language": .string("de")]))
        XCTAssertEqual(entry.actor, "gilbert@modelesa.ch")
        // Saving the same value again writes nothing.
        _ = b.post("/settings", ["language": "de"])
        XCTAssertEqual(
            try flows.admin.call(AuditSearch.self, .init(employer: "1283.220"), session: gilbert).entries
                .filter { $0.action == .employerSettings }.count, 1)
        // Admin-only: a member without the admin right sees why; a stranger is refused.
        let fionaId = try flows.admin.call(
            UsersSearch.self, .init(employer: "1283.220", text: "fiona"), session: gilbert
        ).users[0].userId
        _ = try flows.admin.call(
            UsersUpdate.self, .init(employer: "1283.220", userId: fionaId, admin: false), session: gilbert)
        let f = makeBrowser()
        _ = try f.logIn(email: "fiona@fidu.ch", password: "Velo-Bleu-2026", phone: "+41792223344", codesFrom: outbox)
        _ = f.post("/mandants/switch", ["mandant": "1283.220", "back": "/"])
        let refused = f.response("/settings")
        XCTAssertEqual(refused.status, 403)
        XCTAssertTrue(
            f.page.contains("Seul un administrateur connect") && !f.page.contains("name=\"language\""), f.page)
        XCTAssertEqual(f.rawPost("/settings", ["language": "it", "csrf": f.token]).status, 403)
        _ = f.post("/mandants/switch", ["mandant": "2000.100", "back": "/"])
        XCTAssertTrue(f.get("/settings").contains("<option value=\"de\" selected>"), "her own employer's settings")
        XCTAssertThrowsError(try flows.admin.call(SettingsGet.self, .init(employer: "2000.100"), session: gilbert)) {
            e in
            XCTAssertEqual((e as? ServiceError)?.code, .forbidden)
        }
        XCTAssertThrowsError(
            try flows.admin.call(SettingsUpdate.self, .init(employer: "2000.100", language: .it), session: gilbert)
        ) { e in
            XCTAssertEqual((e as? ServiceError)?.code, .forbidden)
        }
        XCTAssertEqual(
            try flows.admin.call(SettingsGet.self, .init(employer: "2000.100"), session: fiona).settings.language, .de)
    }
}

extension Flows {
    /// A fiduciary: admin of Fidu SA (Bern) and, by Modèle SA's consent, of Modèle SA.
    func fiduciary() throws -> (gilbert: String, fiona: String) {
        let (_, gilbert) = try employerWithAdmin(
            number: "1283.220", name: "Modèle SA", email: "gilbert@modelesa.ch",
            phone: "+41791112233", password: "Velo-Rouge-2026")
        _ = try admin.call(
            EmployerCreate.self,
            .init(
                number: "2000.100", name: "Fidu SA", street: "Bundesgasse 1",
                postcode: "3003", city: "Bern", language: .de))
        let access = try invite("2000.100", email: "fiona@fidu.ch")
        _ = try register(
            accessCode: access, email: "fiona@fidu.ch", phone: "+41792223344", password: "Velo-Bleu-2026",
            firstName: "Fiona", lastName: "Fidu")
        let fiona = try login(email: "fiona@fidu.ch", password: "Velo-Bleu-2026", phone: "+41792223344")
        try waitUntilAdmin(session: fiona, employer: "2000.100")
        _ = try admin.call(
            UsersCreate.self,
            .init(
                employer: "1283.220", email: "fiona@fidu.ch", firstName: "Fiona",
                lastName: "Fidu", language: .fr, admin: true, themes: []), session: gilbert)
        _ = try admin.call(InvitationsAnswer.self, .init(employer: "1283.220", answer: .accept), session: fiona)
        _ = try createUser(
            session: gilbert, employer: "1283.220", email: "lea@modelesa.ch", firstName: "Lea",
            lastName: "Modele", phone: nil)
        return (gilbert, fiona)
    }
}
