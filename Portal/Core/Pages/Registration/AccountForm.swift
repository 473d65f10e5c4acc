import Contracts
import Foundation
import Wire

/// Step 4, "Ouverture de compte": names, language, the password twice with the
/// policy shown before submitting, the terms, and the SMS factor.
enum AccountForm {
    struct Values { var firstName = "", lastName = "", language: Language = .fr, terms = false }

    static func show(_ c: Context, _ v: Values? = nil, errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        let v = v ?? Values(language: c.lang)
        let min = c.app.settings.passwordMinLength
        return Layout.page(
            c, title: c.t("reg4.title"),
            """
            \(RegistrationPages.employerLine(c))
            \(errors.banner())
            <form method="post" action="/register/account" novalidate>\(Layout.csrf(c))
            \(Field.shown(c.t("field.email"), c.state.registrationEmail ?? ""))
            \(Field.input(.init(id: "firstName", label: c.t("field.firstName"), value: v.firstName, required: true, autocomplete: "given-name"), errors))
            \(Field.input(.init(id: "lastName", label: c.t("field.lastName"), value: v.lastName, required: true, autocomplete: "family-name"), errors))
            \(Field.languageSelect(c, selected: v.language, errors))
            \(Field.input(.init(id: "password", label: c.t("field.password"), type: "password", required: true,
                             autocomplete: "new-password", hint: policy(c, min), extra: " minlength=\"\(min)\" maxlength=\"128\""), errors))
            \(Field.input(.init(id: "password2", label: c.t("field.password2"), type: "password", required: true,
                             autocomplete: "new-password"), errors))
            <h2>\(c.t("field.termsTitle"))</h2>
            \(Field.checkbox(id: "terms", label: c.t("field.terms"), checked: v.terms, errors))
            <h2>\(c.t("field.mfa"))</h2>
            <div class="field check"><input type="radio" id="mfa-sms" name="mfa" value="sms" checked><label for="mfa-sms">SMS</label></div>
            <div class="actions">\(Field.button(c.t("btn.create"), primary: true))</div>
            </form>
            """)
    }

    static func policy(_ c: Context, _ min: Int) -> String {
        "\(c.t("reg4.policy")) \(c.t("reg4.policyMin", ["n": String(min)])) \(c.t("reg4.policyEmail"))"
    }

    /// A new password typed twice (`field`, then `field` + "2"): required, and the same both
    /// times; a refusal goes into `errors`.
    static func newPassword(_ c: Context, _ field: String, into errors: inout FieldErrors) throws -> String {
        let password = try c.form.value(field) ?? ""
        let again = try c.form.value(field + "2") ?? ""
        if password.isEmpty {
            errors.byField[field] = c.t("error.required")
        } else if password != again {
            errors.byField[field + "2"] = c.t("reg4.mismatch")
        }
        return password
    }

    static func submit(_ c: Context) throws -> HTTPResponse {
        let f = c.form
        var v = Values(
            firstName: try f.string("firstName"), lastName: try f.string("lastName"),
            language: Language(rawValue: try f.string("language")) ?? c.lang, terms: try f.value("terms") != nil)
        var errors = FieldErrors()
        if v.firstName.isEmpty { errors.byField["firstName"] = c.t("error.required") }
        if v.lastName.isEmpty { errors.byField["lastName"] = c.t("error.required") }
        let password = try newPassword(c, "password", into: &errors)
        if !v.terms { errors.byField["terms"] = c.t("reg4.termsNeeded") }
        guard errors.isEmpty else { return show(c, v, errors: errors) }
        do {
            _ = try c.identity(
                RegistrationAccount.self,
                .init(
                    registrationId: c.state.registrationId!, firstName: v.firstName, lastName: v.lastName,
                    language: v.language, password: password, acceptTerms: true))
            c.state.registrationStep = "sms"
            c.state.lang = v.language
            return .seeOther("/register/sms")
        } catch let e as ServiceError where !e.code.isTransient {
            let fields: Set<String> = ["firstName", "lastName", "language", "password", "terms"]
            v.terms = true
            var mapped = e
            if e.field == "acceptTerms" { mapped.field = "terms" }
            return show(
                c, v,
                errors: FieldErrors(
                    c.refusal(mapped), fields: fields,
                    fallback: e.code == .weakPassword ? "password" : nil))
        }
    }
}

/// The guide's "Créer un code SMS" dialog: the number, `OK`, then the code with
/// `OK`, and `Renvoyer le code SMS` once the resend wait (shown counting down)
/// is over. Used by registration; the same markup serves the other SMS steps.
enum SmsDialog {
    struct Spec {
        var action: String
        var intro: String
        var phone: String = ""
        var sentTo: String?
        var secondsLeft: Int = 0
        var cancel: String?
    }

    static func render(_ c: Context, _ s: Spec, errors: FieldErrors) -> HTML {
        let sent = s.sentTo != nil
        let template = c.t("sms.wait", ["s": "{s}"])
        let countdown: HTML =
            sent
            ? "<p class=\"hint\" aria-live=\"polite\" data-countdown=\"\(s.secondsLeft)\" data-for=\"resend\" data-template=\"\(template)\">\(s.secondsLeft > 0 ? c.t("sms.wait", ["s": String(s.secondsLeft)]) : "")</p>"
            : .empty
        let codePart: HTML =
            sent
            ? """
            <p role="status">\(c.t("sms.sent", ["phone": s.sentTo!]))</p>
            \(Field.input(.init(id: "smsCode", label: c.t("field.smsCode"), required: true, autocomplete: "one-time-code",
                             extra: " inputmode=\"numeric\" maxlength=\"12\" autofocus"), errors))
            """ : .empty
        let cancel: HTML =
            s.cancel.map { _ in
                Field.button(c.t("btn.cancel"), name: "action", value: "cancel", extra: " formnovalidate")
            } ?? .empty
        let buttons: HTML =
            sent
            ? "\(cancel)\(Field.button(c.t("btn.resend"), name: "action", value: "resend", extra: " id=\"resend\" formnovalidate"))\(Field.button(c.t("btn.ok"), name: "action", value: "confirm", primary: true))"
            : "\(cancel)\(Field.button(c.t("btn.ok"), name: "action", value: "send", primary: true))"
        return """
            <section class="dialog" aria-labelledby="sms-title">
            <h2 id="sms-title">\(c.t("sms.title"))</h2>
            <p>\(s.intro)</p>
            \(errors.banner())
            <form method="post" action="\(s.action)" novalidate>\(Layout.csrf(c))\(Field.defaultAction(name: "action", value: sent ? "confirm" : "send", label: c.t("btn.ok")))
            \(Field.input(.init(id: "phone", label: c.t("field.phone"), value: s.phone, type: "tel", required: true,
                             autocomplete: "tel", hint: c.t("sms.format")), errors))
            \(codePart)
            \(countdown)
            <div class="actions">\(buttons)</div>
            </form>
            </section>
            """
    }

    static func secondsLeft(_ c: Context) -> Int {
        guard let at = c.state.smsSentAt else { return 0 }
        return max(0, Int((at + Double(c.app.settings.smsResendSeconds) - Date().timeIntervalSince1970).rounded(.up)))
    }

    static func show(_ c: Context, phone: String = "", errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        let spec = Spec(
            action: "/register/sms", intro: c.t("sms.intro"), phone: phone.isEmpty ? c.state.phone ?? "" : phone,
            sentTo: c.state.maskedPhone,
            secondsLeft: secondsLeft(c), cancel: c.state.maskedPhone != nil ? "cancel" : nil)
        return Layout.page(
            c, title: c.t("sms.title"), heading: c.t("reg4.title"),
            """
            \(RegistrationPages.employerLine(c))
            \(render(c, spec, errors: errors))
            """)
    }

    static func submit(_ c: Context) throws -> HTTPResponse {
        let id = c.state.registrationId!
        let phone = try c.form.string("phone")
        switch try c.form.value("action") ?? "send" {
        case "cancel":
            c.state.maskedPhone = nil
            c.state.smsSentAt = nil
            c.state.phone = nil
            return .seeOther("/register/sms")
        case "confirm":
            let code = try c.form.string("smsCode")
            guard !code.isEmpty else { return show(c, phone: phone, errors: RegistrationPages.required("smsCode", c)) }
            do {
                _ = try c.identity(RegistrationSmsConfirm.self, .init(registrationId: id, smsCode: code))
                c.state.registrationStep = "done"
                return .seeOther("/register/done")
            } catch let e as ServiceError where !e.code.isTransient {
                return show(
                    c, phone: phone,
                    errors: FieldErrors(c.refusal(e), fields: ["smsCode", "phone"], fallback: "smsCode"))
            }
        default:
            guard !phone.isEmpty else { return show(c, errors: RegistrationPages.required("phone", c)) }
            do {
                let r = try c.identity(RegistrationSmsSend.self, .init(registrationId: id, phone: phone))
                c.state.maskedPhone = r.maskedPhone
                c.state.phone = phone
                c.state.smsSentAt = Date().timeIntervalSince1970
                return .seeOther("/register/sms")
            } catch let e as ServiceError where !e.code.isTransient {
                return show(c, phone: phone, errors: FieldErrors(c.refusal(e), fields: ["phone"], fallback: "phone"))
            }
        }
    }
}
