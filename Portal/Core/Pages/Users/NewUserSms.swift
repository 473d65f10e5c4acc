import Contracts
import Foundation
import Wire

/// Variant 1's SMS dialog (guide steps 9–10): the new person's mobile number →
/// `OK` (admin creates the user, identity sends the code) → the code the person
/// reads out → `OK` (admin confirms) → back to the form to `Mémoriser`.
extension NewUserPages {
    static func smsForm(_ c: Context, phone: String = "", errors: FieldErrors = FieldErrors(), reauth: Bool = false)
        -> HTTPResponse
    {
        let d = c.state.newUser!
        let sent = d.userId != nil
        let spec = SmsDialog.Spec(
            action: "/users/new/sms", intro: c.t("new.smsIntro"),
            phone: phone.isEmpty ? (c.state.phone ?? "") : phone,
            sentTo: sent ? (c.state.phone ?? "") : nil, secondsLeft: SmsDialog.secondsLeft(c), cancel: "cancel")
        let reauthPart: HTML =
            reauth
            ? """
            <section class="dialog" aria-labelledby="reauth-title"><h2 id="reauth-title">\(c.t("field.password"))</h2>
            <p>\(c.t("detail.reauth"))</p>
            <form method="post" action="/users/new/sms" novalidate>\(Layout.csrf(c))
            <input type="hidden" name="phone" value="\(phone)"><input type="hidden" name="action" value="send">
            \(Field.input(.init(id: "reauthPassword", label: c.t("field.password"), type: "password", required: true, autocomplete: "current-password", extra: " autofocus"), errors))
            <div class="actions">\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form></section>
            """ : .empty
        return Layout.page(
            c, title: c.t("new.title"),
            """
            \(steps(c, 2))
            \(Field.shown(c.t("field.email"), d.email))
            \(Field.shown(c.t("field.firstName") + " / " + c.t("field.lastName"), d.firstName + " " + d.lastName))
            \(reauthPart)
            \(reauth ? HTML.empty : SmsDialog.render(c, spec, errors: errors))
            """)
    }

    static func submitSms(_ c: Context) throws -> HTTPResponse {
        guard let d = c.state.newUser else { return .seeOther("/users/new") }
        let phone = try c.form.string("phone")
        switch try c.form.value("action") ?? "send" {
        case "cancel":
            return .seeOther("/users/new/account")
        case "confirm":
            guard let userId = d.userId, let employer = try UserListPage.employer(c) else {
                return .seeOther("/users/new/account")
            }
            let code = try c.form.string("smsCode")
            guard !code.isEmpty else { return smsForm(c, errors: RegistrationPages.required("smsCode", c)) }
            do {
                _ = try c.admin(UsersConfirmPhone.self, .init(employer: employer, userId: userId, smsCode: code))
                c.state.newUser!.phoneConfirmed = true
                c.state.smsSentAt = nil
                c.state.phone = nil
                return .seeOther("/users/new/account")
            } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
                return smsForm(c, errors: FieldErrors(c.refusal(e), fields: ["smsCode"], fallback: "smsCode"))
            }
        default:
            guard !phone.isEmpty else { return smsForm(c, errors: RegistrationPages.required("phone", c)) }
            if let userId = d.userId {
                return try resend(c, userId: userId, phone: phone)
            }
            return try create(c, phone: phone) { errors, reauth in
                var e = errors
                if let m = e.general {
                    e.general = nil
                    e.byField["phone"] = m
                }
                return smsForm(c, phone: phone, errors: e, reauth: reauth)
            }
        }
    }

    /// "Renvoyer le code SMS": the user exists already; admin sends to the number again.
    static func resend(_ c: Context, userId: String, phone: String) throws -> HTTPResponse {
        guard let employer = try UserListPage.employer(c) else { return .seeOther("/mandants") }
        do {
            if let p = try c.form.value("reauthPassword"), !p.isEmpty {
                _ = try c.identity(SessionReauth.self, .init(password: p), authenticated: true)
            }
            _ = try c.admin(UsersUpdate.self, .init(employer: employer, userId: userId, phone: phone))
            c.state.smsSentAt = Date().timeIntervalSince1970
            c.state.phone = phone
            return .seeOther("/users/new/sms")
        } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
            var mapped = e
            if e.code == .reauthRequired { mapped.field = "reauthPassword" }
            return smsForm(
                c, phone: phone,
                errors: FieldErrors(c.refusal(mapped), fields: ["phone", "reauthPassword"], fallback: "phone"),
                reauth: mapped.field == "reauthPassword")
        }
    }
}
