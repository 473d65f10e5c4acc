/// A more specific sentence than its error code's: `code.detail` in the catalogue.
/// Keys are static members (`MessageKey.badRequestField`, a service's own in its
/// error file), so a misspelt key does not compile.
public struct MessageKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

extension MessageKey {
    /// `{field}` is missing or not valid.
    public static let badRequestField = MessageKey("bad_request.field")
    /// The request line is longer than the server reads.
    public static let badRequestTooLong = MessageKey("bad_request.too_long")
}

/// Error messages in fr, de, it and en: one sentence per error code, and the
/// specific sentences (`MessageKey`) of the service answering. Built once at
/// start (`ServiceMain.run(messages:)`) and handed to the router; never changed
/// after. `{name}` placeholders are filled from the error's extras (and `{field}`
/// from its field).
public struct ErrorCatalogue: Sendable {
    public typealias Entry = Wording

    /// Every code's sentence and Shared's own keys: what clients and fakes answer from.
    public static let standard = ErrorCatalogue(entries: base)

    private let entries: [String: Entry]

    private init(entries: [String: Entry]) { self.entries = entries }

    /// The standard catalogue and a service's specific sentences. A key given
    /// twice (or one that shadows a standard sentence) is a programming error.
    public init(adding tables: [[MessageKey: Entry]]) {
        var all = Self.base
        for table in tables {
            for (key, entry) in table {
                precondition(all[key.rawValue] == nil, "message key \(key) defined twice")
                all[key.rawValue] = entry
            }
        }
        self.init(entries: all)
    }

    public func message(for error: ServiceError, in lang: Language) -> String {
        let entry =
            error.messageKey.flatMap { entries[$0.rawValue] }
            ?? entries[error.code.rawValue] ?? Self.base["internal"]!
        var text = lang.pick(entry)
        if let field = error.field { text = text.replacing("{field}", with: field) }
        for (k, v) in error.extras {
            let s: String
            switch v {
            case .string(let x): s = x
            case .number(let n): s = n.rounded() == n ? String(Int64(n)) : String(n)
            default: continue
            }
            text = text.replacing("{\(k)}", with: s)
        }
        return text
    }

    public func hasEntry(_ key: MessageKey) -> Bool { entries[key.rawValue] != nil }
    public func hasEntry(_ code: ErrorCode) -> Bool { entries[code.rawValue] != nil }

    private static let base: [String: Entry] = [
        "bad_request": (
            "La requête n'est pas valable.", "Die Anfrage ist ungültig.",
            "La richiesta non è valida.", "The request is not valid."
        ),
        "bad_request.field": (
            "La valeur du champ « {field} » manque ou n'est pas valable.",
            "Der Wert im Feld «{field}» fehlt oder ist ungültig.",
            "Il valore del campo «{field}» manca o non è valido.",
            "The field '{field}' is missing or not valid."
        ),
        "bad_request.too_long": (
            "La requête dépasse la taille maximale.", "Die Anfrage überschreitet die maximale Grösse.",
            "La richiesta supera la dimensione massima.", "The request exceeds the maximum size."
        ),
        "unknown_type": (
            "Ce type de message est inconnu.", "Dieser Nachrichtentyp ist unbekannt.",
            "Questo tipo di messaggio è sconosciuto.", "This message type is unknown."
        ),
        "unauthenticated": (
            "Veuillez vous connecter.", "Bitte melden Sie sich an.",
            "Effettui l'accesso.", "Please log in."
        ),
        "forbidden": (
            "Vous n'avez pas le droit d'effectuer cette action.",
            "Sie sind für diese Aktion nicht berechtigt.",
            "Non è autorizzato a eseguire questa azione.",
            "You are not allowed to do this."
        ),
        "not_found": (
            "L'élément demandé est introuvable.", "Der gesuchte Eintrag wurde nicht gefunden.",
            "L'elemento richiesto non è stato trovato.", "The requested item was not found."
        ),
        "conflict": (
            "Cette modification est en conflit avec l'état actuel.",
            "Diese Änderung steht im Widerspruch zum aktuellen Stand.",
            "Questa modifica è in conflitto con lo stato attuale.",
            "This change conflicts with the current state."
        ),
        "invalid_code": (
            "Le code n'est pas valable.", "Der Code ist ungültig.",
            "Il codice non è valido.", "The code is not valid."
        ),
        "code_expired": (
            "Le code a expiré.", "Der Code ist abgelaufen.",
            "Il codice è scaduto.", "The code has expired."
        ),
        "too_many_attempts": (
            "Trop de tentatives. Veuillez demander un nouveau code.",
            "Zu viele Versuche. Bitte fordern Sie einen neuen Code an.",
            "Troppi tentativi. Richieda un nuovo codice.",
            "Too many attempts. Please request a new code."
        ),
        "invalid_credentials": (
            "L'adresse e-mail ou le mot de passe est incorrect.",
            "E-Mail-Adresse oder Passwort ist falsch.",
            "L'indirizzo e-mail o la password non sono corretti.",
            "The e-mail address or password is incorrect."
        ),
        "account_locked": (
            "Le compte est bloqué jusqu'au {lockedUntil}.",
            "Das Konto ist gesperrt bis {lockedUntil}.",
            "L'account è bloccato fino al {lockedUntil}.",
            "The account is locked until {lockedUntil}."
        ),
        "account_disabled": (
            "Ce compte est désactivé.", "Dieses Konto ist deaktiviert.",
            "Questo account è disattivato.", "This account is deactivated."
        ),
        "weak_password": (
            "Le mot de passe ne respecte pas les règles.",
            "Das Passwort erfüllt die Regeln nicht.",
            "La password non rispetta le regole.",
            "The password does not meet the rules."
        ),
        "invalid_phone": (
            "Le numéro de téléphone n'est pas valable. Format : +41(79) 111 22 33.",
            "Die Telefonnummer ist ungültig. Format: +41(79) 111 22 33.",
            "Il numero di telefono non è valido. Formato: +41(79) 111 22 33.",
            "The phone number is not valid. Format: +41(79) 111 22 33."
        ),
        "last_admin": (
            "L'entreprise doit garder au moins un administrateur connect actif.",
            "Die Firma muss mindestens einen aktiven connect-Administrator behalten.",
            "L'azienda deve mantenere almeno un amministratore connect attivo.",
            "The employer must keep at least one active connect administrator."
        ),
        "rate_limited": (
            "Trop de demandes. Réessayez dans {retryAfterS} secondes.",
            "Zu viele Anfragen. Versuchen Sie es in {retryAfterS} Sekunden erneut.",
            "Troppe richieste. Riprovi tra {retryAfterS} secondi.",
            "Too many requests. Try again in {retryAfterS} seconds."
        ),
        "reauth_required": (
            "Veuillez confirmer votre mot de passe.", "Bitte bestätigen Sie Ihr Passwort.",
            "Confermi la sua password.", "Please confirm your password."
        ),
        "unavailable": (
            "Le service n'est pas disponible pour le moment. Réessayez plus tard.",
            "Der Dienst ist vorübergehend nicht verfügbar. Bitte später erneut versuchen.",
            "Il servizio non è al momento disponibile. Riprovi più tardi.",
            "The service is unavailable right now. Please try again later."
        ),
        "internal": (
            "Une erreur interne s'est produite.", "Ein interner Fehler ist aufgetreten.",
            "Si è verificato un errore interno.", "An internal error occurred."
        ),
    ]
}
