import Client
import Contracts
import Runtime
import Wire

/// `Profil d'utilisateur`: the person as identity knows them (e-mail, names,
/// language, phone masked, last login), names and language saved here, the
/// ways to change password, phone and e-mail (their own pages), and "log out
/// everywhere". Identity owns all of it: the portal keeps nothing.
enum ProfilePage {
    static func register(_ r: inout Router) {
        r.on("GET", "/profile", .signedIn) { c in try show(c) }
        r.on("POST", "/profile", .signedIn) { c in try save(c) }
        r.on("POST", "/profile/logout-all", .signedIn) { c in try endAll(c) }
        ProfileChangePages.register(&r)
    }

    struct Values { var firstName: String, lastName: String, language: Language }

    static func profile(_ c: Context) throws -> OwnProfile {
        try c.identity(ProfileGet.self, Empty(), authenticated: true).profile
    }

    static func show(_ c: Context) throws -> HTTPResponse {
        let p = try profile(c)
        _ = try c.me()
        return page(c, p, Values(firstName: p.firstName, lastName: p.lastName, language: p.language))
    }

    static func page(
        _ c: Context, _ p: OwnProfile, _ v: Values, errors: FieldErrors = FieldErrors(),
        status: Int = 200
    ) -> HTTPResponse {
        let lastLogin =
            (p.previousLoginAt ?? p.lastLoginAt).map { SwissTime.format($0, c.lang) } ?? c.t("profile.never")
        let pending: [HTML] = [
            p.pendingPhone.map {
                HTML(
                    "<p class=\"flash\" role=\"status\">\(c.t("profile.phonePending", ["phone": $0])) <a href=\"/profile/phone\">\(c.t("profile.changePhone"))</a></p>"
                )
            },
            p.pendingEmail.map {
                HTML(
                    "<p class=\"flash\" role=\"status\">\(c.t("profile.emailPending", ["email": $0])) <a href=\"/profile/email\">\(c.t("profile.changeEmail"))</a></p>"
                )
            },
        ].compactMap { $0 }
        c.returnPath = "/profile"
        return Layout.page(
            c, title: c.t("profile.title"), status: status,
            """
            \(pending)
            \(errors.banner())
            <h2>\(c.t("profile.personal"))</h2>
            <form method="post" action="/profile" novalidate>\(Layout.csrf(c))
            \(Field.shown(c.t("field.email"), p.email))
            \(Field.input(.init(id: "firstName", label: c.t("field.firstName"), value: v.firstName, required: true, autocomplete: "given-name"), errors))
            \(Field.input(.init(id: "lastName", label: c.t("field.lastName"), value: v.lastName, required: true, autocomplete: "family-name"), errors))
            \(Field.languageSelect(c, selected: v.language, errors))
            <div class="actions">\(Field.button(c.t("btn.save"), primary: true))</div>
            </form>
            <h2>\(c.t("profile.security"))</h2>
            \(Field.shown(c.t("field.phone"), p.maskedPhone ?? "–"))
            \(Field.shown(c.t("field.mfa"), p.mfa?.rawValue ?? "–"))
            \(Field.shown(c.t("profile.lastLogin"), lastLogin))
            <div class="actions">
            <a class="button" href="/profile/password">\(c.t("profile.changePassword"))</a>
            <a class="button" href="/profile/phone">\(c.t("profile.changePhone"))</a>
            <a class="button" href="/profile/email">\(c.t("profile.changeEmail"))</a>
            </div>
            <h2 id="end-all">\(c.t("profile.endAll"))</h2>
            <p id="end-all-hint">\(c.t("profile.endAllIntro"))</p>
            <form method="post" action="/profile/logout-all">\(Layout.csrf(c))
            <div class="actions">\(Field.button(c.t("profile.endAll"), extra: " aria-describedby=\"end-all-hint\""))</div>
            </form>
            """)
    }

    static func save(_ c: Context) throws -> HTTPResponse {
        let f = c.form
        let v = Values(
            firstName: try f.string("firstName"), lastName: try f.string("lastName"),
            language: Language(rawValue: try f.string("language")) ?? c.lang)
        var errors = FieldErrors()
        if v.firstName.isEmpty { errors.byField["firstName"] = c.t("error.required") }
        if v.lastName.isEmpty { errors.byField["lastName"] = c.t("error.required") }
        guard errors.isEmpty else { return page(c, try profile(c), v, errors: errors, status: 400) }
        let p: OwnProfile
        do {
            p = try c.identity(
                ProfileUpdate.self, .init(firstName: v.firstName, lastName: v.lastName, language: v.language),
                authenticated: true
            ).profile
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            return page(
                c, try profile(c), v, errors: FieldErrors(c.refusal(e), fields: ["firstName", "lastName", "language"]),
                status: 400)
        }
        // The page speaks the new language at once; the header shows the new name.
        c.state.lang = p.language
        c.lang = p.language
        c.state.displayName = "\(p.firstName) \(p.lastName)"
        c.state.flash = "profile.saved"
        return .seeOther("/profile")
    }

    /// Ends every session of the account, this one too: back to the login.
    static func endAll(_ c: Context) throws -> HTTPResponse {
        let ended = try c.identity(SessionEndAll.self, Empty(), authenticated: true).ended
        c.endSession()
        c.state.endFlows()
        c.state.flash = ended > 0 ? "profile.endedAllShort" : "loggedOut"
        return .seeOther("/")
    }
}
