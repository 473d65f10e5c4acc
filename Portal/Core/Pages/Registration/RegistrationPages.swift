import Contracts
import Foundation
import Wire

/// The guide's registration, steps 1–4: access code → e-mail → activation code
/// → account form → SMS dialog → done. The registration under way is in the
/// sealed state cookie; identity decides everything.
enum RegistrationPages {
    static func register(_ r: inout Router) {
        r.on("GET", "/register") { c in accessCodeForm(c, code: grouped(c.request.queryValue("code") ?? "")) }
        r.on("POST", "/register", limited: true) { c in try submitAccessCode(c) }
        r.on("GET", "/register/email") { c in try needs(c) { emailForm(c) } }
        r.on("POST", "/register/email", limited: true) { c in try needs(c) { try submitEmail(c) } }
        r.on("GET", "/register/verify") { c in try needs(c) { verifyForm(c) } }
        r.on("GET", "/register/activate") { c in activateLink(c) }
        r.on("POST", "/register/verify", limited: true) { c in try needs(c) { try submitVerify(c) } }
        r.on("GET", "/register/account") { c in try needs(c) { AccountForm.show(c) } }
        r.on("POST", "/register/account", limited: true) { c in try needs(c) { try AccountForm.submit(c) } }
        r.on("GET", "/register/sms") { c in try needs(c) { SmsDialog.show(c) } }
        r.on("POST", "/register/sms", limited: true) { c in try needs(c) { try SmsDialog.submit(c) } }
        r.on("GET", "/register/done") { c in done(c) }
    }

    /// A step without a registration under way starts again at step 1.
    static func needs(_ c: Context, _ page: () throws -> HTTPResponse) throws -> HTTPResponse {
        guard c.state.registrationId != nil else { return .seeOther("/register") }
        return try page()
    }

    static func employerLine(_ c: Context) -> HTML {
        guard let name = c.state.employerName else { return .empty }
        return "<p class=\"employer\">\(name)</p>"
    }

    // Step 1
    /// The letter's QR link carries the code without its spaces: shown as printed
    /// (`XXXX XXXX XXXX`); anything else as it came (identity judges it).
    static func grouped(_ code: String) -> String {
        let chars = Array(code.uppercased())
        guard chars.count == 12, chars.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "*") }) else {
            return code
        }
        return [chars[0..<4], chars[4..<8], chars[8..<12]].map { String($0) }.joined(separator: " ")
    }

    static func accessCodeForm(_ c: Context, code: String, errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        Layout.page(
            c, title: c.t("reg1.title"),
            """
            <p>\(c.t("reg1.intro"))</p>
            \(errors.banner())
            <form method="post" action="/register" novalidate\(HTML(raw: c.request.queryValue("code") != nil ? " data-scrub-url=\"/register\"" : ""))>\(Layout.csrf(c))
            \(Field.input(.init(id: "accessCode", label: c.t("field.accessCode"), value: code, required: true,
                             autocomplete: "off", hint: "XXXX XXXX XXXX", extra: " autocapitalize=\"characters\" spellcheck=\"false\""), errors))
            <div class="actions">\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            <p><a href="/">\(c.t("btn.toLogin"))</a></p>
            """)
    }

    static func submitAccessCode(_ c: Context) throws -> HTTPResponse {
        let code = try c.form.string("accessCode")
        guard !code.isEmpty else { return accessCodeForm(c, code: code, errors: required("accessCode", c)) }
        do {
            let r = try c.identity(RegistrationStart.self, .init(accessCode: code))
            c.state.endFlows()
            c.state.registrationId = r.registrationId
            c.state.employerName = "\(r.employer.number) \(r.employer.name)"
            c.state.registrationStep = "email"
            return .seeOther("/register/email")
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            return accessCodeForm(c, code: code, errors: FieldErrors(c.refusal(e), fields: [], fallback: "accessCode"))
        }
    }

    static func required(_ id: String, _ c: Context) -> FieldErrors {
        var e = FieldErrors()
        e.byField[id] = c.t("error.required")
        return e
    }

    // Step 2
    static func emailForm(_ c: Context, email: String = "", errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        Layout.page(
            c, title: c.t("reg2.title"),
            """
            \(employerLine(c))
            <p>\(c.t("reg2.intro"))</p>
            \(errors.banner())
            <form method="post" action="/register/email" novalidate>\(Layout.csrf(c))
            \(Field.input(.init(id: "email", label: c.t("field.email"), value: email, type: "email", required: true, autocomplete: "email"), errors))
            <div class="actions">\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            """)
    }

    static func submitEmail(_ c: Context) throws -> HTTPResponse {
        let email = try c.form.string("email")
        guard !email.isEmpty else { return emailForm(c, errors: required("email", c)) }
        do {
            _ = try c.identity(RegistrationEmail.self, .init(registrationId: c.state.registrationId!, email: email))
            c.state.registrationEmail = email
            c.state.registrationStep = "verify"
            return .seeOther("/register/verify")
        } catch let e as ServiceError where !e.code.isTransient {
            return emailForm(c, email: email, errors: FieldErrors(c.refusal(e), fields: [], fallback: "email"))
        }
    }

    // Step 3: typed, or prefilled by the e-mail's link.
    static func verifyForm(_ c: Context, code: String = "", fromLink: Bool = false, errors: FieldErrors = FieldErrors())
        -> HTTPResponse
    {
        let auto: HTML =
            fromLink && errors.isEmpty ? " data-autosubmit=\"1\" data-clean-url=\"/register/verify\"" : .empty
        return Layout.page(
            c, title: c.t("reg3.title"),
            """
            \(employerLine(c))
            <p>\(c.t(fromLink ? "reg3.link" : "reg3.intro"))</p>
            \(errors.banner())
            <form method="post" action="/register/verify" novalidate\(auto)>\(Layout.csrf(c))
            \(Field.input(.init(id: "activationCode", label: c.t("field.activationCode"), value: code, required: true,
                             autocomplete: "one-time-code", hint: "XXXX XXXX XXXX", extra: " spellcheck=\"false\""), errors))
            <div class="actions"><a class="button" href="/">\(c.t("btn.toLogin"))</a>\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            """)
    }

    static func activateLink(_ c: Context) -> HTTPResponse {
        let code = c.request.queryValue("code") ?? ""
        guard c.state.registrationId != nil else {
            // Opened in another browser: identity needs the registration started here.
            var e = FieldErrors()
            e.general = c.t("reg3.otherBrowser")
            return accessCodeForm(c, code: "", errors: e)
        }
        return verifyForm(c, code: code, fromLink: true)
    }

    static func submitVerify(_ c: Context) throws -> HTTPResponse {
        let code = try c.form.string("activationCode")
        guard !code.isEmpty else { return verifyForm(c, errors: required("activationCode", c)) }
        do {
            let r = try c.identity(
                RegistrationVerifyEmail.self, .init(registrationId: c.state.registrationId!, activationCode: code))
            if r.next == .login {
                // The fiduciary case: log in, then the employer is attached.
                c.state.attachRegistration = c.state.registrationId
                let name = c.state.employerName ?? ""
                c.state.endFlows()
                c.state.employerName = name
                c.state.flash = nil
                return .seeOther("/")
            }
            c.state.registrationStep = "account"
            return .seeOther("/register/account")
        } catch let e as ServiceError where !e.code.isTransient {
            return verifyForm(c, code: code, errors: FieldErrors(c.refusal(e), fields: [], fallback: "activationCode"))
        }
    }

    static func done(_ c: Context) -> HTTPResponse {
        c.state.endFlows()
        return Layout.page(
            c, title: c.t("done.title"),
            """
            <p>\(c.t("done.text"))</p>
            \(Field.shown(c.t("field.mfa"), "SMS ✓"))
            <form method="get" action="/"><div class="actions">\(Field.button(c.t("btn.continue"), primary: true))</div></form>
            """)
    }
}
