import Contracts
import Foundation
import Wire

/// A phone change on `Editer`: admin sent a code to the new number and answered
/// `next: confirmPhone`; the number is in force only once the code the person
/// reads out is typed here (`admin.users.confirmPhone`). The same SMS dialog as
/// variant 1 (`Code SMS`, `OK`, `Renvoyer le code SMS`, `Annuler`).
enum PhoneChangePages {
    static func register(_ r: inout Router) {
        r.on("GET", "/users/edit/phone", .signedIn) { c in try show(c) }
        r.on("POST", "/users/edit/phone", .signedIn, limited: true) { c in try submit(c) }
    }

    /// From the Editer save: the other changes are saved, the phone waits for its code.
    static func start(_ c: Context, userId: String, phone: String) -> HTTPResponse {
        c.state.phoneChange = userId
        c.state.phone = phone
        c.state.smsSentAt = Date().timeIntervalSince1970
        c.state.flash = "phone.pending"
        return .seeOther(path(userId))
    }

    static func path(_ userId: String) -> String { "/users/edit/phone?id=" + UserQuery.encode(userId) }
    static func detailPath(_ userId: String) -> String { "/users/detail?id=" + UserQuery.encode(userId) }

    static func show(_ c: Context) throws -> HTTPResponse {
        guard let id = UserDetailPages.selectedId(c), id == c.state.phoneChange else {
            return .seeOther(UserDetailPages.selectedId(c).map(detailPath) ?? "/users")
        }
        guard let (_, u, _) = try UserDetailPages.load(c, id) else { return .seeOther("/mandants") }
        return page(c, u)
    }

    static func page(_ c: Context, _ u: UserDetail, phone: String? = nil, errors: FieldErrors = FieldErrors())
        -> HTTPResponse
    {
        let typed = c.state.phone ?? ""
        let spec = SmsDialog.Spec(
            action: "/users/edit/phone", intro: c.t("phone.intro"), phone: phone ?? typed,
            sentTo: typed, secondsLeft: SmsDialog.secondsLeft(c), cancel: "cancel")
        c.returnPath = path(u.userId)
        return Layout.page(
            c, title: c.t("btn.edit"), heading: "\(c.t("btn.edit")) – \(u.displayName)",
            """
            \(Field.shown(c.t("field.email"), u.email))
            \(Field.shown(c.t("field.phone"), u.phone ?? "–"))
            \(SmsDialog.render(c, spec, errors: errors))
            """)
    }

    static func submit(_ c: Context) throws -> HTTPResponse {
        guard let id = c.state.phoneChange else { return .seeOther("/users") }
        guard let (employer, u, _) = try UserDetailPages.load(c, id) else { return .seeOther("/mandants") }
        let phone = try c.form.string("phone")
        switch try c.form.value("action") ?? "confirm" {
        case "cancel":
            finish(c)
            c.state.flash = "phone.cancelled"
            return .seeOther(detailPath(id))
        case "confirm":
            let code = try c.form.string("smsCode")
            guard !code.isEmpty else {
                return page(c, u, phone: phone, errors: RegistrationPages.required("smsCode", c))
            }
            do {
                _ = try c.admin(UsersConfirmPhone.self, .init(employer: employer, userId: id, smsCode: code))
            } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
                return page(
                    c, u, phone: phone, errors: FieldErrors(c.refusal(e), fields: ["smsCode"], fallback: "smsCode"))
            }
            finish(c)
            c.state.flash = "phone.confirmed"
            return .seeOther(detailPath(id))
        default:
            // "Renvoyer le code SMS", possibly to a corrected number: admin sends a fresh code.
            guard !phone.isEmpty else { return page(c, u, errors: RegistrationPages.required("phone", c)) }
            do {
                _ = try c.admin(UsersUpdate.self, .init(employer: employer, userId: id, phone: phone))
            } catch let e as ServiceError where !e.code.isTransient && e.code != .unauthenticated {
                return page(c, u, phone: phone, errors: FieldErrors(c.refusal(e), fields: ["phone"], fallback: "phone"))
            }
            c.state.phone = phone
            c.state.smsSentAt = Date().timeIntervalSince1970
            return .seeOther(path(id))
        }
    }

    static func finish(_ c: Context) {
        c.state.phoneChange = nil
        c.state.phone = nil
        c.state.smsSentAt = nil
    }
}
