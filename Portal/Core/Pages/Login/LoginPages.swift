import Contracts
import Foundation
import Wire

/// Login (e-mail + password → SMS code → home), the first login's phone
/// enrolment, forgotten password, logout. A locked account is told until when,
/// in Swiss local time.
enum LoginPages {
    static func register(_ r: inout Router) {
        r.on("POST", "/login", limited: true) { c in try submitLogin(c) }
        r.on("GET", "/login/phone") { c in c.state.challengeId == nil ? .seeOther("/") : phoneForm(c) }
        r.on("POST", "/login/phone", limited: true) { c in try submitPhone(c) }
        r.on("GET", "/login/sms") { c in c.state.challengeId == nil ? .seeOther("/") : smsForm(c) }
        r.on("POST", "/login/sms", limited: true) { c in try submitSms(c) }
        r.on("POST", "/logout") { c in try logout(c) }
        PasswordPages.register(&r)
    }

    static func loginForm(_ c: Context, email: String = "", errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        let attach: HTML =
            c.state.attachRegistration != nil
            ? "<p class=\"flash\" role=\"status\">\(c.t("attach.text", ["name": c.state.employerName ?? ""]))</p>"
            : .empty
        return Layout.page(
            c, title: c.t("login.title"),
            """
            \(attach)
            \(errors.banner())
            <form method="post" action="/login" novalidate>\(Layout.csrf(c))
            \(Field.input(.init(id: "email", label: c.t("field.email"), value: email, type: "email", required: true, autocomplete: "username"), errors))
            \(Field.input(.init(id: "password", label: c.t("field.password"), type: "password", required: true, autocomplete: "current-password"), errors))
            <div class="actions">\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            <p><a href="/password/forgot">\(c.t("login.forgot"))</a></p>
            <p><a href="/register">\(c.t("login.register"))</a></p>
            """)
    }

    static func submitLogin(_ c: Context) throws -> HTTPResponse {
        let email = try c.form.string("email")
        let password = try c.form.value("password") ?? ""
        var missing = FieldErrors()
        if email.isEmpty { missing.byField["email"] = c.t("error.required") }
        if password.isEmpty { missing.byField["password"] = c.t("error.required") }
        guard missing.isEmpty else { return loginForm(c, email: email, errors: missing) }
        do {
            let r = try c.identity(LoginStart.self, .init(email: email, password: password))
            c.state.challengeId = r.challengeId
            c.state.challengeNext = r.next.rawValue
            c.state.maskedPhone = r.maskedPhone
            c.state.smsSentAt = r.maskedPhone != nil ? Date().timeIntervalSince1970 : nil
            return .seeOther(r.next == .enrollSms ? "/login/phone" : "/login/sms")
        } catch let e as ServiceError where !e.code.isTransient {
            return loginForm(c, email: email, errors: FieldErrors(c.refusal(e), fields: []))
        }
    }

    static func phoneForm(_ c: Context, phone: String = "", errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        Layout.page(
            c, title: c.t("login.enrolTitle"),
            """
            <p>\(c.t("login.enrolIntro"))</p>
            \(SmsDialog.render(c, .init(action: "/login/phone", intro: c.t("sms.intro"), phone: phone), errors: errors))
            """)
    }

    static func submitPhone(_ c: Context) throws -> HTTPResponse {
        guard let challenge = c.state.challengeId else { return .seeOther("/") }
        let phone = try c.form.string("phone")
        guard !phone.isEmpty else { return phoneForm(c, errors: RegistrationPages.required("phone", c)) }
        do {
            let r = try c.identity(LoginSmsEnroll.self, .init(challengeId: challenge, phone: phone))
            c.state.challengeNext = "sms"
            c.state.maskedPhone = r.maskedPhone
            c.state.smsSentAt = Date().timeIntervalSince1970
            return .seeOther("/login/sms")
        } catch let e as ServiceError where !e.code.isTransient {
            return phoneForm(c, phone: phone, errors: FieldErrors(c.refusal(e), fields: ["phone"], fallback: "phone"))
        }
    }

    static func smsForm(_ c: Context, errors: FieldErrors = FieldErrors()) -> HTTPResponse {
        let sent: HTML =
            c.state.maskedPhone.map { "<p role=\"status\">\(c.t("sms.sent", ["phone": $0]))</p>" } ?? .empty
        return Layout.page(
            c, title: c.t("login.smsTitle"),
            """
            \(sent)
            \(errors.banner())
            <form method="post" action="/login/sms" novalidate>\(Layout.csrf(c))
            \(Field.input(.init(id: "smsCode", label: c.t("field.smsCode"), required: true, autocomplete: "one-time-code",
                             extra: " inputmode=\"numeric\" maxlength=\"12\" autofocus"), errors))
            <div class="actions"><a class="button" href="/">\(c.t("btn.cancel"))</a>\(Field.button(c.t("btn.continue"), primary: true))</div>
            </form>
            """)
    }

    static func submitSms(_ c: Context) throws -> HTTPResponse {
        guard let challenge = c.state.challengeId else { return .seeOther("/") }
        let code = try c.form.string("smsCode")
        guard !code.isEmpty else { return smsForm(c, errors: RegistrationPages.required("smsCode", c)) }
        let r: LoginFinish.Reply
        do {
            r = try c.identity(LoginFinish.self, .init(challengeId: challenge, smsCode: code))
        } catch let e as ServiceError where !e.code.isTransient {
            if e.code == .notFound || e.code == .codeExpired || e.code == .tooManyAttempts {
                c.state.endFlows()
                return loginForm(c, errors: FieldErrors(c.refusal(e), fields: []))
            }
            return smsForm(c, errors: FieldErrors(c.refusal(e), fields: ["smsCode"], fallback: "smsCode"))
        }
        let attach = c.state.attachRegistration
        c.state.endFlows()
        c.state.attachRegistration = nil
        c.state.employerName = nil
        c.state.mandant = nil
        c.startSession(r.session)
        if let attach {
            do {
                _ = try c.identity(RegistrationAttach.self, .init(registrationId: attach, session: r.session))
                c.state.flash = "attach.done"
            } catch let e as ServiceError {
                c.app.logger.info("portal.attach_refused", ["code": .string(e.code.rawValue)])
            }
        }
        // A registration reaches admin as an event a moment later: give it up to a
        // second, so the first home already shows the employer.
        for _ in 0..<10 {
            c.cachedMe = nil
            guard let me = try? c.me(), me.mandants.isEmpty else { break }
            usleep(100_000)
        }
        return .seeOther("/")
    }

    static func logout(_ c: Context) throws -> HTTPResponse {
        if c.session != nil {
            // The cookie goes in any case; identity ends the session when it can be reached.
            _ = try? c.identity(SessionEnd.self, Empty(), authenticated: true)
        }
        c.endSession()
        c.state.endFlows()
        c.state.flash = "loggedOut"
        return .seeOther("/")
    }
}
