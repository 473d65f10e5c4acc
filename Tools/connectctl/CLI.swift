import Client
import Foundation
import Wire

/// What every command gets: the parsed arguments, the language, output mode,
/// clients for the three services, and the saved session.
final class CLI {
    let args: Arguments
    /// --lang, else the locale (LC_ALL, LC_MESSAGES, LANG; "C"/"POSIX" name none), else
    /// the language the person chose while registering, else English. It travels as
    /// every request's `lang`, so the services' errors come in it too.
    private(set) var lang: Language
    /// True when --lang or the locale named the language: then nothing overrides it.
    let langGiven: Bool
    let json: Bool
    let runDir: String
    let state: StateFiles

    init(_ args: Arguments) {
        self.args = args
        let env = ProcessInfo.processInfo.environment
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { env[$0] }
            .first { !$0.isEmpty && !["C", "POSIX"].contains($0.split(separator: ".").first.map(String.init) ?? "") }
        let given = args.value("lang") ?? locale
        json = args.has("json")
        runDir = env["CONNECT_RUN_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./.connect/run"
        state = StateFiles(environment: env)
        langGiven = given.map { Language(rawValue: String($0.prefix(2)).lowercased()) != nil } ?? false
        lang = Language(lenient: given ?? state.loadPending().language?.rawValue)
    }

    /// The person chose a language (registration's account form): use it from now on,
    /// unless --lang or the locale said otherwise.
    func chose(_ language: Language) {
        if !langGiven { lang = language }
    }

    func client(_ service: String, timeout: TimeInterval = 30) -> ServiceClient {
        ServiceClient(socketPath: "\(runDir)/\(service).sock", timeout: timeout)
    }

    /// Calls a typed message in the chosen language (and with the saved session if asked).
    func call<M: Message>(_ service: String, _ m: M.Type, _ body: M.Body, authenticated: Bool = false) throws -> M.Reply
    {
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

    /// A progress line or a `next:` hint for people: on stdout with the rest of the
    /// human output (so `connectctl … | less` and scripts see them in order); with
    /// --json on stderr, so that stdout stays one JSON document. Errors always go
    /// to stderr.
    func note(_ text: String) {
        if json {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        } else {
            Swift.print(text)
        }
    }
}

/// The few sentences connectctl says itself, in the four languages.
enum Words {
    case notLoggedIn, noEmployer, smsSent, codeSentTo, done, loggedIn, loggedOut, saved, unknownCommand, resetSent
    case total, passwordsDiffer, tryAgain, alreadyAnAccount, required, lastLogin, previousLogin

    func `in`(_ lang: Language) -> String {
        let t: (String, String, String, String)
        switch self {
        case .notLoggedIn:
            t = (
                "Vous n'êtes pas connecté : connectctl login.", "Sie sind nicht angemeldet: connectctl login.",
                "Non ha effettuato l'accesso: connectctl login.", "You are not logged in: connectctl login."
            )
        case .noEmployer:
            t = (
                "Aucun mandant choisi : --employer ou connectctl mandants use NUMÉRO.",
                "Kein Mandant gewählt: --employer oder connectctl mandants use NUMMER.",
                "Nessun mandante scelto: --employer o connectctl mandants use NUMERO.",
                "No employer chosen: --employer or connectctl mandants use NUMBER."
            )
        case .smsSent: t = ("Code SMS envoyé au", "SMS-Code gesendet an", "Codice SMS inviato al", "SMS code sent to")
        case .codeSentTo:
            t = (
                "Code d'activation envoyé à", "Aktivierungscode gesendet an", "Codice di attivazione inviato a",
                "Activation code sent to"
            )
        case .done: t = ("Terminé.", "Erledigt.", "Fatto.", "Done.")
        case .loggedIn: t = ("Connecté.", "Angemeldet.", "Accesso effettuato.", "Logged in.")
        case .loggedOut: t = ("Déconnecté.", "Abgemeldet.", "Disconnesso.", "Logged out.")
        case .saved: t = ("Enregistré.", "Gespeichert.", "Salvato.", "Saved.")
        case .unknownCommand:
            t = ("Commande inconnue.", "Unbekannter Befehl.", "Comando sconosciuto.", "Unknown command.")
        case .resetSent:
            t = (
                "Si un compte existe pour cette adresse, un code a été envoyé.",
                "Falls ein Konto zu dieser Adresse besteht, wurde ein Code gesendet.",
                "Se esiste un account per questo indirizzo, è stato inviato un codice.",
                "If an account exists for this address, a code has been sent."
            )
        case .total: t = ("total :", "Total:", "totale:", "total:")
        case .passwordsDiffer:
            t = (
                "Les deux mots de passe diffèrent.", "Die beiden Passwörter sind verschieden.",
                "Le due password sono diverse.", "The two passwords differ."
            )
        case .tryAgain:
            t = (
                "Essayez un autre mot de passe.", "Versuchen Sie ein anderes Passwort.",
                "Provi un'altra password.", "Try another password."
            )
        case .alreadyAnAccount:
            t = (
                "Cette adresse a déjà un compte : connectctl login, puis connectctl register --attach",
                "Diese Adresse hat schon ein Konto: connectctl login, dann connectctl register --attach",
                "Questo indirizzo ha già un account: connectctl login, poi connectctl register --attach",
                "This e-mail already has an account: connectctl login, then connectctl register --attach"
            )
        case .required: t = ("est requis", "ist erforderlich", "è obbligatorio", "is required")
        case .lastLogin: t = ("dernière connexion :", "letzte Anmeldung:", "ultimo accesso:", "last login:")
        case .previousLogin:
            t = ("connexion précédente :", "vorherige Anmeldung:", "accesso precedente:", "previous login:")
        }
        switch lang {
        case .fr: return t.0
        case .de: return t.1
        case .it: return t.2
        case .en: return t.3
        }
    }

    /// The line under a list says what its number is ("total: 12"), not a bare "12".
    static func total(_ n: Int, _ lang: Language) -> String { "\(Words.total.in(lang)) \(n)" }
}
