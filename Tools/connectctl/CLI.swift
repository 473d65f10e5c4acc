import Foundation
import Shared

/// What every command gets: the parsed arguments, the language, output mode,
/// clients for the three services, and the saved session.
final class CLI {
    let args: Arguments
    let lang: Language
    let json: Bool
    let runDir: String
    let state: StateFiles

    init(_ args: Arguments) {
        self.args = args
        let env = ProcessInfo.processInfo.environment
        lang = Language(lenient: args.value("lang") ?? env["LC_ALL"] ?? env["LANG"])
        json = args.has("json")
        runDir = env["CONNECT_RUN_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./.connect/run"
        state = StateFiles(environment: env)
    }

    func client(_ service: String, timeout: TimeInterval = 30) -> ServiceClient {
        ServiceClient(socketPath: "\(runDir)/\(service).sock", timeout: timeout)
    }

    /// Calls a typed message in the chosen language (and with the saved session if asked).
    func call<M: Message>(_ service: String, _ m: M.Type, _ body: M.Body, authenticated: Bool = false) throws -> M.Reply {
        var session: String?
        if authenticated { session = try sessionToken() }
        return try client(service).call(m, body, session: session, lang: lang)
    }

    func sessionToken() throws -> String {
        if let s = args.value("session") { return s }
        guard let saved = state.loadSession() else { throw CLIError.failed(Words.notLoggedIn.in(lang)) }
        return saved.session
    }

    /// The employer the command acts for: --employer, else the current mandant.
    func employer() throws -> String {
        if let e = args.value("employer") { return e }
        guard let e = state.loadSession()?.employer else { throw CLIError.failed(Words.noEmployer.in(lang)) }
        return e
    }

    func print(_ text: String) { Swift.print(text) }

    /// Prints `reply` as JSON (with --json) or the human text.
    func output<T: Encodable>(_ reply: T, human: () -> String) throws {
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: try e.encode(reply), as: UTF8.self))
        } else {
            let text = human()
            if !text.isEmpty { Swift.print(text) }
        }
    }

    /// A progress line for people (stderr, so --json output stays clean).
    func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// The few sentences connectctl says itself, in the four languages.
enum Words {
    case notLoggedIn, noEmployer, smsSent, codeSentTo, done, loggedIn, loggedOut, saved, unknownCommand, resetSent

    func `in`(_ lang: Language) -> String {
        let t: (String, String, String, String)
        switch self {
        case .notLoggedIn: t = ("Vous n'êtes pas connecté : connectctl login.", "Sie sind nicht angemeldet: connectctl login.",
                                "Non ha effettuato l'accesso: connectctl login.", "You are not logged in: connectctl login.")
        case .noEmployer: t = ("Aucun mandant choisi : --employer ou connectctl mandants use NUMÉRO.",
                               "Kein Mandant gewählt: --employer oder connectctl mandants use NUMMER.",
                               "Nessun mandante scelto: --employer o connectctl mandants use NUMERO.",
                               "No employer chosen: --employer or connectctl mandants use NUMBER.")
        case .smsSent: t = ("Code SMS envoyé au", "SMS-Code gesendet an", "Codice SMS inviato al", "SMS code sent to")
        case .codeSentTo: t = ("Code d'activation envoyé à", "Aktivierungscode gesendet an", "Codice di attivazione inviato a",
                               "Activation code sent to")
        case .done: t = ("Terminé.", "Erledigt.", "Fatto.", "Done.")
        case .loggedIn: t = ("Connecté.", "Angemeldet.", "Accesso effettuato.", "Logged in.")
        case .loggedOut: t = ("Déconnecté.", "Abgemeldet.", "Disconnesso.", "Logged out.")
        case .saved: t = ("Enregistré.", "Gespeichert.", "Salvato.", "Saved.")
        case .unknownCommand: t = ("Commande inconnue.", "Unbekannter Befehl.", "Comando sconosciuto.", "Unknown command.")
        case .resetSent: t = ("Si un compte existe pour cette adresse, un code a été envoyé.",
                              "Falls ein Konto zu dieser Adresse besteht, wurde ein Code gesendet.",
                              "Se esiste un account per questo indirizzo, è stato inviato un codice.",
                              "If an account exists for this address, a code has been sent.")
        }
        switch lang { case .fr: return t.0; case .de: return t.1; case .it: return t.2; case .en: return t.3 }
    }
}
