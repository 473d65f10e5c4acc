import Client
import Contracts
import Runtime
import Wire

/// `Paramètres connect`: what a connect administrator sets for the current
/// mandant — today its correspondence language, the language of the fund's
/// letters and e-mails to it (`admin.settings.get` / `admin.settings.update`,
/// audited by admin). Name and address are the fund's register: shown only.
enum SettingsPage {
    static func register(_ r: inout Router) {
        r.on("GET", "/settings", .signedIn) { c in try show(c) }
        r.on("POST", "/settings", .signedIn) { c in try save(c) }
    }

    static func notAdmin(_ c: Context) -> HTTPResponse {
        Layout.page(
            c, title: c.t("menu.settings"), status: 403,
            """
            <p class="error banner" role="alert">\(c.t("settings.notAdmin"))</p>
            <p><a href="/profile">\(c.t("menu.profile"))</a></p>
            """)
    }

    static func show(_ c: Context) throws -> HTTPResponse {
        _ = try c.me()
        guard let employer = c.state.mandant else { return .seeOther("/mandants") }
        do {
            let s = try c.admin(SettingsGet.self, .init(employer: employer)).settings
            return page(c, s, language: s.language)
        } catch let e as ServiceError where e.code == .forbidden {
            return notAdmin(c)
        }
    }

    static func page(
        _ c: Context, _ s: EmployerDetails, language: Language, errors: FieldErrors = FieldErrors(),
        status: Int = 200
    ) -> HTTPResponse {
        let address = [s.name, s.street, "\(s.postcode) \(s.city)".trimmingCharacters(in: .whitespaces)].filter {
            !$0.isEmpty
        }
        return Layout.page(
            c, title: c.t("menu.settings"), status: status,
            """
            <p>\(c.t("settings.intro"))</p>
            \(errors.banner())
            <h2>\(c.t("settings.register"))</h2>
            \(Field.shown(c.t("mandants.col.number"), s.number))
            <address class="postal">\(address.map { HTML("\($0)<br>") })</address>
            <p class="hint">\(c.t("settings.registerHint"))</p>
            <h2 id="contact-title">\(c.t("settings.contact"))</h2>
            <form method="post" action="/settings" novalidate aria-labelledby="contact-title">\(Layout.csrf(c))
            <p>\(c.t("settings.contactIntro"))</p>
            \(Field.languageSelect(c, selected: language, errors))
            <div class="actions">\(Field.button(c.t("btn.save"), primary: true))</div>
            </form>
            """)
    }

    static func save(_ c: Context) throws -> HTTPResponse {
        _ = try c.me()
        guard let employer = c.state.mandant else { return .seeOther("/mandants") }
        guard let language = Language(rawValue: try c.form.string("language")) else {
            return ErrorPages.page(c, status: 400)
        }
        do {
            _ = try c.admin(SettingsUpdate.self, .init(employer: employer, language: language))
        } catch let e as ServiceError where e.code == .forbidden {
            return notAdmin(c)
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            let s = try c.admin(SettingsGet.self, .init(employer: employer)).settings
            return page(c, s, language: language, errors: FieldErrors(c.refusal(e), fields: ["language"]), status: 400)
        }
        c.state.flash = "settings.saved"
        return .seeOther("/settings")
    }
}
