import Contracts
import Foundation
import Wire

/// The seed's registration, steps 1–4: access code → e-mail → activation code →
/// account form → SMS. Each step runs when its input is given (flag, or prompt on
/// a terminal); the stage reached is saved, so a script resumes with the next flags.
enum RegisterCommand {
    static let stages = ["started", "email", "verified", "account", "smsSent", "done"]

    static func run(_ cli: CLI) throws -> Int32 {
        let a = cli.args
        var pending = cli.state.loadPending()
        func stage() -> Int { stages.firstIndex(of: pending.registrationStage ?? "") ?? -1 }
        func advance(_ s: String) throws {
            pending.registrationStage = s
            try cli.state.savePending(pending)
        }
        let interactive = Terminal.isInteractive

        // 1. Access code (a new one always starts over).
        if a.value("access-code") != nil || pending.registrationId == nil || pending.registrationStage == "done" {
            guard
                let code = a.value("access-code") ?? (interactive ? Terminal.ask("Code d'accès / access code: ") : nil)
            else {
                throw CLIError.usage("--access-code \(Words.required.in(cli.lang))")
            }
            let r = try cli.call(ServiceName.identity, RegistrationStart.self, RegistrationStart.Body(accessCode: code))
            pending = StateFiles.Pending(registrationId: r.registrationId, registrationStage: "started")
            try cli.state.savePending(pending)
            cli.note("\(r.employer.number)  \(r.employer.name)")
        }
        let id = pending.registrationId!

        // 2. E-mail address: the activation code goes there.
        if stage() < 1 || a.value("email") != nil {
            guard let email = a.value("email") ?? (interactive ? Terminal.ask("E-mail: ") : nil) else {
                return next(cli, "--email")
            }
            _ = try cli.call(
                ServiceName.identity, RegistrationEmail.self, RegistrationEmail.Body(registrationId: id, email: email))
            try advance("email")
            cli.note("\(Words.codeSentTo.in(cli.lang)) \(email)")
        }
        // 3. Activation code.
        if stage() < 2 {
            guard
                let code = a.value("activation-code")
                    ?? (interactive ? Terminal.ask("Code d'activation / activation code: ") : nil)
            else { return next(cli, "--activation-code") }
            let r = try cli.call(
                ServiceName.identity, RegistrationVerifyEmail.self,
                RegistrationVerifyEmail.Body(registrationId: id, activationCode: code))
            try advance("verified")
            if r.next == .login {
                cli.note(Words.alreadyAnAccount.in(cli.lang))
                pending.registrationStage = "attach"
                try cli.state.savePending(pending)
                return 0
            }
        }
        if pending.registrationStage == "attach" {
            guard a.has("attach") else { return next(cli, "--attach (after connectctl login)") }
            let session = try cli.sessionToken()
            let r = try cli.call(
                ServiceName.identity, RegistrationAttach.self,
                RegistrationAttach.Body(registrationId: id, session: session))
            try advance("done")
            try cli.output(r) { "\(Words.done.in(cli.lang)) \(r.accountId)" }
            return 0
        }
        // 4. Account form: names, language, password twice, terms.
        if stage() < 3 {
            guard let first = a.value("first-name") ?? (interactive ? Terminal.ask("Prénom / first name: ") : nil),
                let last = a.value("last-name") ?? (interactive ? Terminal.ask("Nom / last name: ") : nil)
            else { return next(cli, "--first-name --last-name --language --password --accept-terms") }
            let language = Language(
                lenient: a.value("language") ?? (interactive ? Terminal.ask("Langue (fr/de/it/en): ") : "en"))
            // From here on, connectctl and the services answer in the chosen language.
            cli.chose(language)
            pending.language = language
            guard a.value("password") != nil || interactive else { return next(cli, "--password") }
            var password = try Terminal.newPassword(a, "password", prompt: "Mot de passe / password: ", lang: cli.lang)
            var terms = a.has("accept-terms")
            if !terms && interactive {
                terms =
                    Terminal.ask("J'accepte les conditions d'utilisation / I accept the terms (yes/no): ").lowercased()
                    .hasPrefix("y") || false
            }
            for tries in 1... {
                do {
                    _ = try cli.call(
                        ServiceName.identity, RegistrationAccount.self,
                        RegistrationAccount.Body(
                            registrationId: id, firstName: first, lastName: last, language: language,
                            password: password,
                            acceptTerms: terms))
                    break
                } catch let e as ServiceError
                    where e.code == .weakPassword && interactive && a.value("password") == nil
                    && tries < 5 && !password.isEmpty
                {
                    // A weak password is asked again, with the rule it broke, instead of ending the registration.
                    let said = e.message(cli.lang)
                    FileHandle.standardError.write(Data("\(said) \(Words.tryAgain.in(cli.lang))\n".utf8))
                    password = try Terminal.newPassword(
                        a, "password", prompt: "Mot de passe / password: ", lang: cli.lang)
                }
            }
            try advance("account")
        }
        // 5. SMS factor: the mobile number, then the 6-digit code.
        if stage() < 4 || a.value("phone") != nil {
            guard let phone = a.value("phone") ?? (interactive ? Terminal.ask("Mobile (+41(79) 111 22 33): ") : nil)
            else { return next(cli, "--phone") }
            let r = try cli.call(
                ServiceName.identity, RegistrationSmsSend.self,
                RegistrationSmsSend.Body(registrationId: id, phone: phone))
            try advance("smsSent")
            cli.note("\(Words.smsSent.in(cli.lang)) \(r.maskedPhone)")
        }
        guard let sms = a.value("sms-code") ?? (interactive ? Terminal.ask("Code SMS: ") : nil) else {
            return next(cli, "--sms-code")
        }
        let r = try cli.call(
            ServiceName.identity, RegistrationSmsConfirm.self,
            RegistrationSmsConfirm.Body(registrationId: id, smsCode: sms))
        try advance("done")
        try cli.output(r) { "\(Words.done.in(cli.lang)) \(r.accountId)" }
        return 0
    }

    /// Not an error: the step is waiting for its input (e.g. a code still to arrive).
    private static func next(_ cli: CLI, _ flags: String) -> Int32 {
        cli.note("next: connectctl register \(flags)")
        return 0
    }
}
