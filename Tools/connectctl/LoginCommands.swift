import Contracts
import Foundation
import Wire

/// Login with password then SMS code, logout, forgotten password.
enum LoginCommands {
    static func login(_ cli: CLI) throws -> Int32 {
        let a = cli.args
        var pending = cli.state.loadPending()
        let interactive = Terminal.isInteractive
        // Password step, unless we resume a pending challenge with just the SMS code.
        if a.value("email") != nil || a.value("password") != nil || pending.challengeId == nil {
            let email = try Terminal.value(a, "email", prompt: "E-mail: ")
            let password = try Terminal.value(a, "password", prompt: "Mot de passe / password: ", secret: true)
            let r = try cli.call(
                ServiceName.identity, LoginStart.self, LoginStart.Body(email: email, password: password))
            pending.challengeId = r.challengeId
            pending.challengeNext = r.next
            try cli.state.savePending(pending)
            if let masked = r.maskedPhone { cli.note("\(Words.smsSent.in(cli.lang)) \(masked)") }
        }
        guard let challenge = pending.challengeId else { throw CLIError.usage("--email and --password are required") }
        // First login of a variant-2 user: enrol a phone first.
        if pending.challengeNext == .enrollSms {
            guard let phone = a.value("phone") ?? (interactive ? Terminal.ask("Mobile (+41(79) 111 22 33): ") : nil)
            else {
                cli.note("next: connectctl login --phone P")
                return 0
            }
            let r = try cli.call(
                ServiceName.identity, LoginSmsEnroll.self, LoginSmsEnroll.Body(challengeId: challenge, phone: phone))
            pending.challengeNext = .sms
            try cli.state.savePending(pending)
            cli.note("\(Words.smsSent.in(cli.lang)) \(r.maskedPhone)")
        }
        guard let code = a.value("sms-code") ?? (interactive ? Terminal.ask("Code SMS: ") : nil) else {
            cli.note("next: connectctl login --sms-code C")
            return 0
        }
        let r = try cli.call(
            ServiceName.identity, LoginFinish.self, LoginFinish.Body(challengeId: challenge, smsCode: code))
        pending.challengeId = nil
        pending.challengeNext = nil
        try cli.state.savePending(pending)
        var saved = StateFiles.Session(
            session: r.session, accountId: r.accountId, expiresAt: r.expiresAt, employer: nil)
        // Choose the current mandant: the one chosen before, else the first one.
        if let me = try? cli.client(ServiceName.admin).call(AdminMe.self, Empty(), session: r.session, lang: cli.lang) {
            let previous = cli.state.loadSession()?.employer
            saved.employer = me.mandants.first(where: { $0.number == previous })?.number ?? me.mandants.first?.number
        }
        try cli.state.saveSession(saved)
        struct Out: Encodable {
            var accountId: String
            var expiresAt: String
            var employer: String?
        }
        try cli.output(Out(accountId: r.accountId, expiresAt: r.expiresAt, employer: saved.employer)) {
            "\(Words.loggedIn.in(cli.lang))" + (saved.employer.map { " (\($0))" } ?? "")
        }
        return 0
    }

    static func logout(_ cli: CLI) throws -> Int32 {
        if let s = cli.state.loadSession() {
            _ = try cli.client(ServiceName.identity).call(SessionEnd.self, Empty(), session: s.session, lang: cli.lang)
            cli.state.clearSession()
        }
        try cli.output(Empty()) { Words.loggedOut.in(cli.lang) }
        return 0
    }

    static func password(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let a = cli.args
        switch rest.first {
        case "forgot":
            let email = try Terminal.value(a, "email", prompt: "E-mail: ")
            let r = try cli.call(ServiceName.identity, PasswordForgot.self, PasswordForgot.Body(email: email))
            try cli.output(r) { Words.resetSent.in(cli.lang) }
        case "reset":
            let email = try Terminal.value(a, "email", prompt: "E-mail: ")
            let code = try Terminal.value(a, "reset-code", prompt: "Code: ")
            let password = try Terminal.newPassword(a, "new-password", prompt: "Nouveau mot de passe / new password: ")
            let r = try cli.call(
                ServiceName.identity, PasswordReset.self,
                PasswordReset.Body(email: email, resetCode: code, newPassword: password))
            try cli.output(r) { Words.saved.in(cli.lang) }
        default:
            throw CLIError.usage("password forgot | reset")
        }
        return 0
    }
}
