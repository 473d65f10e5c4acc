import Contracts
import Foundation
import Wire

/// The seed's "Profil d'utilisateur" for the signed-in person, the step-up proof
/// sensitive admin actions need (`reauth`), and logout everywhere.
enum ProfileCommands {
    static let help = """
        connectctl profile [show]                                  your names, e-mail, language, phone, last login
        connectctl profile language fr|de|it|en                    (or --language L; --first-name / --last-name too)
        connectctl profile password [--password OLD --new-password NEW]   every other session ends
        connectctl profile phone --phone P [--password P]          SMS code to the new number, then:
        connectctl profile phone --sms-code C                      the new number replaces the old one
        connectctl profile email --email E [--password P]          activation code to the new address, then:
        connectctl profile email --activation-code C               the new address becomes your login
        connectctl reauth [--password P]                           proves your password again (needed within
                                                                   10 minutes for new users, admin rights, phones)
        connectctl logout-all                                      ends every session of your account
        """

    static func profile(_ cli: CLI, _ rest: [String]) throws -> Int32 {
        let a = cli.args
        switch rest.first ?? "show" {
        case "show":
            let r = try cli.call(ServiceName.identity, ProfileGet.self, Empty(), authenticated: true)
            try show(cli, r.profile)
        case "language", "edit":
            let language = try (rest.count > 1 ? rest[1] : a.value("language")).map { raw -> Language in
                guard let l = Language(rawValue: raw.lowercased()) else { throw CLIError.usage("language fr|de|it|en") }
                return l
            }
            let body = ProfileUpdate.Body(
                firstName: a.value("first-name"), lastName: a.value("last-name"), language: language)
            guard body.firstName != nil || body.lastName != nil || body.language != nil else {
                throw CLIError.usage("profile language fr|de|it|en [--first-name F] [--last-name L]")
            }
            let r = try cli.call(ServiceName.identity, ProfileUpdate.self, body, authenticated: true)
            try show(cli, r.profile)
        case "password":
            let current = try Terminal.value(
                a, "password", prompt: "Mot de passe actuel / current password: ", secret: true)
            let new = try Terminal.newPassword(a, "new-password", prompt: "Nouveau mot de passe / new password: ")
            let r = try cli.call(
                ServiceName.identity, ProfileChangePassword.self,
                ProfileChangePassword.Body(currentPassword: current, newPassword: new), authenticated: true)
            try cli.output(r) { "\(Words.saved.in(cli.lang)) (\(r.endedSessions))" }
        case "phone":
            if let code = a.value("sms-code") {
                let r = try cli.call(
                    ServiceName.identity, ProfileConfirmPhone.self,
                    ProfileConfirmPhone.Body(smsCode: code), authenticated: true)
                try show(cli, r.profile)
            } else {
                let phone = try Terminal.value(a, "phone", prompt: "Mobile (+41(79) 111 22 33): ")
                let password = try Terminal.value(a, "password", prompt: "Mot de passe / password: ", secret: true)
                let r = try cli.call(
                    ServiceName.identity, ProfileChangePhone.self,
                    ProfileChangePhone.Body(phone: phone, password: password), authenticated: true)
                try cli.output(r) {
                    "\(Words.smsSent.in(cli.lang)) \(r.maskedPhone)\nnext: connectctl profile phone --sms-code C"
                }
            }
        case "email":
            if let code = a.value("activation-code") {
                let r = try cli.call(
                    ServiceName.identity, ProfileConfirmEmail.self,
                    ProfileConfirmEmail.Body(activationCode: code), authenticated: true)
                try show(cli, r.profile)
            } else {
                let email = try Terminal.value(a, "email", prompt: "E-mail: ")
                let password = try Terminal.value(a, "password", prompt: "Mot de passe / password: ", secret: true)
                let r = try cli.call(
                    ServiceName.identity, ProfileChangeEmail.self,
                    ProfileChangeEmail.Body(email: email, password: password), authenticated: true)
                try cli.output(r) {
                    "\(Words.codeSentTo.in(cli.lang)) \(email)\nnext: connectctl profile email --activation-code C"
                }
            }
        default:
            throw CLIError.usage("profile show | language | password | phone | email")
        }
        return 0
    }

    static func reauth(_ cli: CLI) throws -> Int32 {
        let password = try Terminal.value(cli.args, "password", prompt: "Mot de passe / password: ", secret: true)
        let r = try cli.call(
            ServiceName.identity, SessionReauth.self, SessionReauth.Body(password: password),
            authenticated: true)
        try cli.output(r) { "\(Words.done.in(cli.lang)) \(r.reauthenticatedAt)" }
        return 0
    }

    static func logoutAll(_ cli: CLI) throws -> Int32 {
        let r = try cli.call(ServiceName.identity, SessionEndAll.self, Empty(), authenticated: true)
        cli.state.clearSession()
        try cli.output(r) { "\(Words.loggedOut.in(cli.lang)) (\(r.ended))" }
        return 0
    }

    private static func show(_ cli: CLI, _ p: OwnProfile) throws {
        try cli.output(p) {
            var lines = [
                "\(p.lastName), \(p.firstName) <\(p.email)>",
                "language:   \(p.language.rawValue)",
                "phone:      \(p.maskedPhone ?? "-")",
                // This session's login, and the one before it (none on a first login).
                "\(Words.lastLogin.in(cli.lang)) \(p.lastLoginAt ?? "-")",
                "\(Words.previousLogin.in(cli.lang)) \(p.previousLoginAt ?? "-")",
            ]
            if let pending = p.pendingPhone { lines.append("pending phone: \(pending)") }
            if let pending = p.pendingEmail { lines.append("pending e-mail: \(pending)") }
            return lines.joined(separator: "\n")
        }
    }
}
