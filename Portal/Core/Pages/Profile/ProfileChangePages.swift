import Client
import Contracts
import Foundation
import Runtime
import Wire

/// The profile's three changes, each its own small page. The password: current
/// one, then the new one twice. The phone and the e-mail: the new value and the
/// password send a code to the NEW number or address; the old one stays in force
/// until that code is typed here. Whether a change waits for its code is
/// identity's (`pendingPhone`, `pendingEmail`), so any portal process shows it.
enum ProfileChangePages {
    static func register(_ r: inout Router) {
        r.on("GET", "/profile/password", .signedIn) { c in try passwordForm(c) }
        r.on("POST", "/profile/password", .signedIn, limited: true) { c in try changePassword(c) }
        r.on("GET", "/profile/phone", .signedIn) { c in try phoneForm(c, try ProfilePage.profile(c)) }
        r.on("POST", "/profile/phone", .signedIn, limited: true) { c in try changePhone(c) }
        r.on("POST", "/profile/phone/confirm", .signedIn, limited: true) { c in try confirmPhone(c) }
        r.on("GET", "/profile/email", .signedIn) { c in try emailForm(c, try ProfilePage.profile(c)) }
        r.on("POST", "/profile/email", .signedIn, limited: true) { c in try changeEmail(c) }
        r.on("POST", "/profile/email/confirm", .signedIn, limited: true) { c in try confirmEmail(c) }
    }

    static func cancel(_ c: Context) -> HTML { "<a class=\"button\" href=\"/profile\">\(c.t("btn.cancel"))</a>" }

    /// A refusal identity may send for a form, beside its field (else beside `fallback`).
    static func errors(_ c: Context, _ e: ServiceError, _ fields: Set<String>, fallback: String) -> FieldErrors {
        FieldErrors(c.refusal(e), fields: fields, fallback: fallback)
    }

    /// A refused code: beside the code field while the change still waits for it; once
    /// identity dropped the change (e.g. the new address got an account meanwhile), on top.
    static func codeErrors(_ c: Context, _ e: ServiceError, _ field: String, shown: Bool) -> FieldErrors {
        shown ? FieldErrors(c.refusal(e), fields: [field], fallback: field) : FieldErrors(c.refusal(e), fields: [])
    }

    static func refusable(_ e: ServiceError) -> Bool { !e.code.isTransient && e.code != .unauthenticated }

    // MARK: password

    static func passwordForm(_ c: Context, errors: FieldErrors = FieldErrors(), status: Int = 200) throws
        -> HTTPResponse
    {
        _ = try c.me()
        let min = c.app.settings.passwordMinLength
        c.returnPath = "/profile/password"
        return Layout.page(
            c, title: c.t("profile.changePassword"), status: status,
            """
            <p>\(c.t("profile.passwordIntro"))</p>
            \(errors.banner())
            <form method="post" action="/profile/password" novalidate>\(Layout.csrf(c))
            \(Field.input(.init(id: "currentPassword", label: c.t("profile.currentPassword"), type: "password", required: true,
                             autocomplete: "current-password"), errors))
            \(Field.input(.init(id: "newPassword", label: c.t("field.newPassword"), type: "password", required: true,
                             autocomplete: "new-password", hint: AccountForm.policy(c, min), extra: " minlength=\"\(min)\" maxlength=\"128\""), errors))
            \(Field.input(.init(id: "newPassword2", label: c.t("field.password2"), type: "password", required: true,
                             autocomplete: "new-password"), errors))
            <div class="actions">\(cancel(c))\(Field.button(c.t("btn.save"), primary: true))</div>
            </form>
            """)
    }

    static func changePassword(_ c: Context) throws -> HTTPResponse {
        let current = try c.form.value("currentPassword") ?? ""
        var errors = FieldErrors()
        if current.isEmpty { errors.byField["currentPassword"] = c.t("error.required") }
        let new = try AccountForm.newPassword(c, "newPassword", into: &errors)
        guard errors.isEmpty else { return try passwordForm(c, errors: errors, status: 400) }
        do {
            _ = try c.identity(
                ProfileChangePassword.self, .init(currentPassword: current, newPassword: new), authenticated: true)
        } catch let e as ServiceError where refusable(e) {
            let fallback = e.code == .weakPassword ? "newPassword" : "currentPassword"
            return try passwordForm(
                c, errors: Self.errors(c, e, ["currentPassword", "newPassword"], fallback: fallback), status: 400)
        }
        c.state.flash = "profile.passwordChanged"
        return .seeOther("/profile")
    }

    // MARK: phone

    static func phoneForm(
        _ c: Context, _ p: OwnProfile, phone: String = "", errors: FieldErrors = FieldErrors(),
        status: Int = 200
    ) throws -> HTTPResponse {
        let code = Field.Spec(
            id: "smsCode", label: c.t("field.smsCode"), required: true, autocomplete: "one-time-code",
            extra: " inputmode=\"numeric\" maxlength=\"12\" autofocus")
        return try changeForm(
            c,
            ChangeForm(
                path: "/profile/phone", title: c.t("profile.changePhone"),
                current: Field.shown(c.t("profile.currentPhone"), p.maskedPhone ?? "–"),
                pending: p.pendingPhone.map {
                    (c.t("field.smsCode"), c.t("profile.phonePending", ["phone": $0]), code)
                },
                heading: c.t("sms.title"), intro: c.t("profile.phoneIntro"),
                input: Field.Spec(
                    id: "phone", label: c.t("profile.newPhone"), value: phone, type: "tel", required: true,
                    autocomplete: "tel", hint: c.t("sms.format")),
                send: p.pendingPhone == nil ? c.t("btn.ok") : c.t("btn.resend")), errors: errors, status: status)
    }

    /// A phone or e-mail change's page: the value in force, the code's dialog while the
    /// change waits for it, then the new value and the password to send a code again.
    struct ChangeForm {
        var path: String
        var title: String
        var current: HTML
        /// While a change waits for its code: the dialog's title, its status line, the code field.
        var pending: (title: String, status: String, code: Field.Spec)?
        var heading: String
        var intro: String
        var input: Field.Spec
        var send: String
    }

    static func changeForm(_ c: Context, _ f: ChangeForm, errors: FieldErrors, status: Int) throws -> HTTPResponse {
        _ = try c.me()
        c.returnPath = f.path
        let confirm: HTML =
            f.pending.map { pending in
                """
                <section class="dialog" aria-labelledby="code-title"><h2 id="code-title">\(pending.title)</h2>
                <p role="status">\(pending.status)</p>
                <form method="post" action="\(f.path)/confirm" novalidate>\(Layout.csrf(c))
                \(Field.input(pending.code, errors))
                <div class="actions">\(Field.button(c.t("btn.ok"), primary: true))</div>
                </form></section>
                """
            } ?? .empty
        return Layout.page(
            c, title: f.title, status: status,
            """
            \(errors.banner())
            \(f.current)
            \(confirm)
            <h2>\(f.heading)</h2>
            <p>\(f.intro)</p>
            <form method="post" action="\(f.path)" novalidate>\(Layout.csrf(c))
            \(Field.input(f.input, errors))
            \(Field.input(.init(id: "password", label: c.t("field.password"), type: "password", required: true,
                             autocomplete: "current-password"), errors))
            <div class="actions">\(cancel(c))\(Field.button(f.send, primary: f.pending == nil))</div>
            </form>
            """)
    }

    static func changePhone(_ c: Context) throws -> HTTPResponse {
        try requestChange(c, field: "phone", next: "/profile/phone") { phone, errors in
            try phoneForm(c, try ProfilePage.profile(c), phone: phone, errors: errors, status: 400)
        } send: { phone, password in
            _ = try c.identity(ProfileChangePhone.self, .init(phone: phone, password: password), authenticated: true)
        }
    }

    /// The first step of a phone or e-mail change: the new value and the password, both
    /// required here, then identity's answer; a refusal is shown beside the field it concerns.
    static func requestChange(
        _ c: Context, field: String, next: String,
        redisplay: (String, FieldErrors) throws -> HTTPResponse, send: (String, String) throws -> Void
    ) throws -> HTTPResponse {
        let value = try c.form.string(field)
        let password = try c.form.value("password") ?? ""
        var errors = FieldErrors()
        if value.isEmpty { errors.byField[field] = c.t("error.required") }
        if password.isEmpty { errors.byField["password"] = c.t("error.required") }
        guard errors.isEmpty else { return try redisplay(value, errors) }
        do {
            try send(value, password)
        } catch let e as ServiceError where refusable(e) {
            let wrongPassword = e.code == .invalidCredentials || e.code == .accountLocked
            return try redisplay(
                value, Self.errors(c, e, [field, "password"], fallback: wrongPassword ? "password" : field))
        }
        c.state.flash = "profile.codeSent"
        return .seeOther(next)
    }

    static func confirmPhone(_ c: Context) throws -> HTTPResponse {
        let code = try c.form.string("smsCode")
        guard !code.isEmpty else {
            return try phoneForm(
                c, try ProfilePage.profile(c), errors: RegistrationPages.required("smsCode", c), status: 400)
        }
        do {
            _ = try c.identity(ProfileConfirmPhone.self, .init(smsCode: code), authenticated: true)
        } catch let e as ServiceError where refusable(e) {
            let p = try ProfilePage.profile(c)
            return try phoneForm(c, p, errors: codeErrors(c, e, "smsCode", shown: p.pendingPhone != nil), status: 400)
        }
        c.state.flash = "phone.confirmed"
        return .seeOther("/profile")
    }

    // MARK: e-mail

    static func emailForm(
        _ c: Context, _ p: OwnProfile, email: String = "", errors: FieldErrors = FieldErrors(),
        status: Int = 200
    ) throws -> HTTPResponse {
        let code = Field.Spec(
            id: "activationCode", label: c.t("profile.emailCode"), required: true, autocomplete: "one-time-code",
            extra: " autocapitalize=\"characters\" spellcheck=\"false\" autofocus")
        return try changeForm(
            c,
            ChangeForm(
                path: "/profile/email", title: c.t("profile.changeEmail"),
                current: Field.shown(c.t("profile.currentEmail"), p.email),
                pending: p.pendingEmail.map {
                    (c.t("profile.emailCode"), c.t("profile.emailPending", ["email": $0]), code)
                },
                heading: c.t("profile.newEmail"), intro: c.t("profile.emailIntro"),
                input: Field.Spec(
                    id: "email", label: c.t("profile.newEmail"), value: email, type: "email", required: true,
                    autocomplete: "email"),
                send: c.t(p.pendingEmail == nil ? "btn.continue" : "profile.resendCode")), errors: errors,
            status: status)
    }

    static func changeEmail(_ c: Context) throws -> HTTPResponse {
        try requestChange(c, field: "email", next: "/profile/email") { email, errors in
            try emailForm(c, try ProfilePage.profile(c), email: email, errors: errors, status: 400)
        } send: { email, password in
            _ = try c.identity(ProfileChangeEmail.self, .init(email: email, password: password), authenticated: true)
        }
    }

    static func confirmEmail(_ c: Context) throws -> HTTPResponse {
        let code = try c.form.string("activationCode")
        guard !code.isEmpty else {
            return try emailForm(
                c, try ProfilePage.profile(c), errors: RegistrationPages.required("activationCode", c), status: 400)
        }
        let p: OwnProfile
        do {
            p = try c.identity(ProfileConfirmEmail.self, .init(activationCode: code), authenticated: true).profile
        } catch let e as ServiceError where refusable(e) {
            let p = try ProfilePage.profile(c)
            return try emailForm(
                c, p, errors: codeErrors(c, e, "activationCode", shown: p.pendingEmail != nil), status: 400)
        }
        c.state.email = p.email
        c.state.flash = "profile.emailChanged"
        return .seeOther("/profile")
    }
}
