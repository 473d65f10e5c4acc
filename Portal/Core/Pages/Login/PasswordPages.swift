import Contracts
import Foundation
import Wire

/// "Mot de passe oublié": the e-mail address → a code by e-mail → the new
/// password twice. Also variant 2's first login: the welcome e-mail sends the
/// person here to set a password, then the login enrols the phone.
enum PasswordPages {
    static func register(_ r: inout Router) {
        r.on("GET", "/password/forgot") { c in forgotForm(c) }
        r.on("POST", "/password/forgot", limited: true) { c in try submitForgot(c) }
        r.on("GET", "/password/reset") { c in c.state.resetEmail == nil ? .seeOther("/password/forgot") : resetForm(c) }
        r.on("POST", "/password/reset", limited: true) { c in try submitReset(c) }
    }

    static func forgotForm(_ c: Context, email: String = "", errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        Layout.page(
            c, title: c.t("login.forgot"),
            """
            <p>\(c.t("forgot.intro"))</p>
            \(errors.banner())
            <form method="post" action="/password/forgot" novalidate>\(Layout.csrf(c))
            \(Field.input(.init(id: "email", label: c.t("field.email"), value: email, type: "email", required: true, autocomplete: "username"), errors))
            <div class="actions"><a class="button" href="/">\(c.t("btn.back"))</a>\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            """)
    }

    static func submitForgot(_ c: Context) throws -> HTTPResponse {
        let email = try c.form.string("email")
        guard !email.isEmpty else { return forgotForm(c, errors: RegistrationPages.required("email", c)) }
        do {
            _ = try c.identity(PasswordForgot.self, .init(email: email))
            c.state.resetEmail = email
            return .seeOther("/password/reset")
        } catch let e as ServiceError where !e.code.isTransient {
            return forgotForm(c, email: email, errors: FieldErrors(c.refusal(e), fields: ["email"], fallback: "email"))
        }
    }

    static func resetForm(_ c: Context, errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        let min = c.app.settings.passwordMinLength
        return Layout.page(
            c, title: c.t("reset.title"),
            """
            <p>\(c.t("reset.intro", ["email": c.state.resetEmail ?? ""]))</p>
            \(errors.banner())
            <form method="post" action="/password/reset" novalidate>\(Layout.csrf(c))
            \(Field.input(.init(id: "resetCode", label: c.t("field.resetCode"), required: true, autocomplete: "one-time-code",
                             hint: "XXXX XXXX XXXX", extra: " spellcheck=\"false\""), errors))
            \(Field.input(.init(id: "password", label: c.t("field.password"), type: "password", required: true,
                             autocomplete: "new-password", hint: AccountForm.policy(c, min), extra: " minlength=\"\(min)\" maxlength=\"128\""), errors))
            \(Field.input(.init(id: "password2", label: c.t("field.password2"), type: "password", required: true, autocomplete: "new-password"), errors))
            <div class="actions"><a class="button" href="/password/forgot">\(c.t("btn.back"))</a>\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            """)
    }

    static func submitReset(_ c: Context) throws -> HTTPResponse {
        guard let email = c.state.resetEmail else { return .seeOther("/password/forgot") }
        let code = try c.form.string("resetCode")
        var errors = FieldErrors()
        if code.isEmpty { errors.byField["resetCode"] = c.t("error.required") }
        let password = try AccountForm.newPassword(c, "password", into: &errors)
        guard errors.isEmpty else { return resetForm(c, errors: errors) }
        do {
            _ = try c.identity(PasswordReset.self, .init(email: email, resetCode: code, newPassword: password))
            c.state.resetEmail = nil
            c.state.flash = "reset.done"
            return .seeOther("/")
        } catch let e as ServiceError where !e.code.isTransient {
            var mapped = e
            if e.field == "newPassword" { mapped.field = "password" }
            return resetForm(
                c,
                errors: FieldErrors(
                    c.refusal(mapped), fields: ["resetCode", "password"],
                    fallback: e.code == .weakPassword ? "password" : "resetCode"))
        }
    }
}
