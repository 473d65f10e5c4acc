import Contracts
import Foundation
import Wire

/// "Nouveau" → "Saisir l'utilisateur" (guide steps 7–14): the e-mail, then names
/// and language; variant 1 goes through the SMS dialog (the admin types the
/// code the person reads out), variant 2 saves at once (welcome e-mail).
enum NewUserPages {
    static func register(_ r: inout Router) {
        r.on("GET", "/users/new", .signedIn) { c in emailForm(c, email: c.state.newUser?.email ?? "") }
        r.on("POST", "/users/new", .signedIn) { c in try submitEmail(c) }
        r.on("GET", "/users/new/account", .signedIn) { c in
            c.state.newUser == nil ? .seeOther("/users/new") : accountForm(c)
        }
        r.on("POST", "/users/new/account", .signedIn) { c in try submitAccount(c) }
        r.on("GET", "/users/new/sms", .signedIn) { c in c.state.newUser == nil ? .seeOther("/users/new") : smsForm(c) }
        r.on("POST", "/users/new/sms", .signedIn, limited: true) { c in try submitSms(c) }
    }

    static func steps(_ c: Context, _ current: Int) -> HTML {
        """
        <p class="steps"><span\(HTML(raw: current == 1 ? " class=\"current\" aria-current=\"step\"" : ""))>\(c.t("new.step1"))</span><span\(HTML(raw: current == 2 ? " class=\"current\" aria-current=\"step\"" : ""))>\(c.t("new.step2"))</span></p>
        """
    }

    static func emailForm(_ c: Context, email: String, errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        Layout.page(
            c, title: c.t("new.title"),
            """
            \(steps(c, 1))
            <p>\(c.t("new.intro1"))</p>
            \(errors.banner())
            <form method="post" action="/users/new" novalidate>\(Layout.csrf(c))\(Field.defaultAction(name: "action", value: "continue", label: c.t("btn.continue")))
            \(Field.input(.init(id: "email", label: c.t("field.email"), value: email, type: "email", required: true, autocomplete: "off"), errors))
            <div class="actions">\(Field.button(c.t("btn.cancel"), name: "action", value: "cancel", extra: " formnovalidate"))\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            """)
    }

    static func submitEmail(_ c: Context) throws -> HTTPResponse {
        if try c.form.value("action") == "cancel" {
            c.state.newUser = nil
            return .seeOther("/users")
        }
        let email = try c.form.string("email")
        guard email.contains("@"), email.count <= 254 else {
            return emailForm(c, email: email, errors: RegistrationPages.required("email", c))
        }
        if c.state.newUser?.email != email || c.state.newUser?.userId != nil {
            c.state.newUser = NewUserDraft(email: email)
        }
        return .seeOther("/users/new/account")
    }

    static func accountForm(_ c: Context, errors: FieldErrors = FieldErrors(), reauth: Bool = false) -> HTTPResponse {
        let d = c.state.newUser!
        let done = d.userId != nil && d.phoneConfirmed
        let mfa: HTML =
            done
            ? "\(Field.shown(c.t("field.mfa"), "SMS ✓"))<p class=\"flash\" role=\"status\">\(c.t("new.smsDone"))</p>"
            : "<h2>\(c.t("field.mfa"))</h2><div class=\"field check\"><span>SMS</span>\(Field.button(c.t("btn.create"), name: "action", value: "sms"))</div>"
        let reauthPart: HTML =
            reauth
            ? """
            <section class="dialog" aria-labelledby="reauth-title"><h2 id="reauth-title">\(c.t("field.password"))</h2>
            <p id="reauthPassword-hint">\(c.t("detail.reauth"))</p>
            \(Field.input(.init(id: "reauthPassword", label: c.t("field.password"), type: "password", required: true, autocomplete: "current-password", extra: " autofocus"), errors))
            <div class="actions">\(Field.button(c.t("btn.continue"), name: "action", value: "save", primary: true))</div>
            </section>
            """ : .empty
        return Layout.page(
            c, title: c.t("new.title"),
            """
            \(steps(c, 2))
            <p>\(c.t("new.intro2"))</p>
            \(errors.banner())
            <form method="post" action="/users/new/account" novalidate>\(Layout.csrf(c))\(Field.defaultAction(name: "action", value: "save", label: c.t("btn.save")))
            \(reauthPart)
            \(Field.shown(c.t("field.email"), d.email))\(Field.errorLine("email", errors.byField["email"]))
            \(Field.input(.init(id: "firstName", label: c.t("field.firstName"), value: d.firstName, required: true), errors))
            \(Field.input(.init(id: "lastName", label: c.t("field.lastName"), value: d.lastName, required: true), errors))
            \(Field.languageSelect(c, selected: d.language ?? c.lang, errors))
            \(mfa)
            <div class="actions">
            \(Field.button(c.t("btn.cancel"), name: "action", value: "cancel", extra: " formnovalidate"))
            \(Field.button(c.t("btn.back"), name: "action", value: "back", extra: " formnovalidate"))
            \(Field.button(c.t("btn.save"), name: "action", value: "save", primary: true))
            </div>
            </form>
            """)
    }

    static func readNames(_ c: Context) throws -> FieldErrors {
        c.state.newUser!.firstName = try c.form.string("firstName")
        c.state.newUser!.lastName = try c.form.string("lastName")
        c.state.newUser!.language = Language(rawValue: try c.form.string("language")) ?? c.lang
        var e = FieldErrors()
        if c.state.newUser!.firstName.isEmpty { e.byField["firstName"] = c.t("error.required") }
        if c.state.newUser!.lastName.isEmpty { e.byField["lastName"] = c.t("error.required") }
        return e
    }

    static func submitAccount(_ c: Context) throws -> HTTPResponse {
        guard c.state.newUser != nil else { return .seeOther("/users/new") }
        switch try c.form.value("action") ?? "save" {
        case "cancel":
            c.state.newUser = nil
            return .seeOther("/users")
        case "back": return .seeOther("/users/new")
        case "sms":
            let e = try readNames(c)
            guard e.isEmpty else { return accountForm(c, errors: e) }
            return .seeOther("/users/new/sms")
        default:
            let e = try readNames(c)
            guard e.isEmpty else { return accountForm(c, errors: e) }
            let d = c.state.newUser!
            if d.userId != nil {
                c.state.newUser = nil
                c.state.flash = d.phoneConfirmed ? "new.saved1" : "new.saved2"
                return .seeOther("/users")
            }
            return try create(c, phone: nil) { errors, reauth in accountForm(c, errors: errors, reauth: reauth) }
        }
    }

    /// admin.users.create, with the step-up asked in place when admin wants it.
    static func create(_ c: Context, phone: String?, onRefusal: (FieldErrors, Bool) -> HTTPResponse) throws
        -> HTTPResponse
    {
        let d = c.state.newUser!
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        do {
            if let p = try c.form.value("reauthPassword"), !p.isEmpty {
                _ = try c.identity(SessionReauth.self, .init(password: p), authenticated: true)
            }
            let r = try c.admin(
                UsersCreate.self,
                .init(
                    employer: employer, email: d.email, firstName: d.firstName, lastName: d.lastName,
                    language: d.language ?? c.lang, phone: phone))
            if phone == nil {
                c.state.newUser = nil
                c.state.flash = "new.saved2"
                return .seeOther("/users")
            }
            c.state.newUser!.userId = r.userId
            c.state.smsSentAt = Date().timeIntervalSince1970
            c.state.phone = phone
            return .seeOther("/users/new/sms")
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            var mapped = e
            if e.code == .invalidCredentials || e.code == .accountLocked || e.code == .reauthRequired {
                mapped.field = "reauthPassword"
            }
            let fields: Set<String> = ["email", "firstName", "lastName", "language", "phone", "reauthPassword"]
            return onRefusal(FieldErrors(c.refusal(mapped), fields: fields), mapped.field == "reauthPassword")
        }
    }
}
