import Wire

extension MessageKey {
    static let badRequestEmployerNumber = MessageKey("bad_request.employer_number")
    static let badRequestTheme = MessageKey("bad_request.theme")
    static let badRequestEmail = MessageKey("bad_request.email")
    static let conflictEmployerExists = MessageKey("conflict.employer_exists")
    static let conflictAlreadyMember = MessageKey("conflict.already_member")
    static let notFoundEmployer = MessageKey("not_found.employer")
    static let notFoundInvitation = MessageKey("not_found.invitation")
    static let notFoundUser = MessageKey("not_found.user")
    static let forbiddenNotAdmin = MessageKey("forbidden.not_admin")
    static let forbiddenSharedAccount = MessageKey("forbidden.shared_account")
}

/// Admin's failures, each with its own sentence in the four languages
/// (added to the catalogue at start-up); handlers only name the case.
enum AdminError {
    static func badField(_ field: String) -> ServiceError {
        ServiceError(.badRequest, field: field, messageKey: .badRequestField)
    }
    static let invalidEmployerNumber = ServiceError(.badRequest, field: "number", messageKey: .badRequestEmployerNumber)
    static let employerExists = ServiceError(.conflict, field: "number", messageKey: .conflictEmployerExists)
    static let alreadyMember = ServiceError(.conflict, field: "email", messageKey: .conflictAlreadyMember)
    static let unknownEmployer = ServiceError(.notFound, field: "number", messageKey: .notFoundEmployer)
    static let unknownUser = ServiceError(.notFound, field: "userId", messageKey: .notFoundUser)
    static let unknownTheme = ServiceError(.badRequest, field: "themes", messageKey: .badRequestTheme)
    static let emailRequired = ServiceError(.badRequest, field: "email", messageKey: .badRequestEmail)
    static let notAdmin = ServiceError(.forbidden, messageKey: .forbiddenNotAdmin)
    /// Account-wide details of someone who also acts for other employers are theirs to change.
    static func sharedAccount(_ field: String) -> ServiceError {
        ServiceError(.forbidden, field: field, messageKey: .forbiddenSharedAccount)
    }

    static let entries: [MessageKey: ErrorCatalogue.Entry] = [
        .badRequestEmployerNumber: (
            "Le numéro d'affilié doit avoir la forme 1283.220.",
            "Die Abrechnungsnummer muss die Form 1283.220 haben.",
            "Il numero di conteggio deve avere la forma 1283.220.",
            "The employer number must look like 1283.220."
        ),
        .badRequestTheme: (
            "Un des thèmes indiqués n'existe pas.", "Eines der angegebenen Themen existiert nicht.",
            "Uno dei temi indicati non esiste.", "One of the given themes does not exist."
        ),
        .badRequestEmail: (
            "Veuillez indiquer une adresse e-mail valable.", "Bitte geben Sie eine gültige E-Mail-Adresse an.",
            "Indichi un indirizzo e-mail valido.", "Please give a valid e-mail address."
        ),
        .conflictEmployerExists: (
            "Cette entreprise existe déjà.", "Diese Firma existiert bereits.",
            "Questa azienda esiste già.", "This employer already exists."
        ),
        .conflictAlreadyMember: (
            "Cette personne est déjà utilisatrice de cette entreprise.",
            "Diese Person ist bereits Benutzerin dieser Firma.",
            "Questa persona è già utente di questa azienda.",
            "This person is already a user of this employer."
        ),
        .notFoundEmployer: (
            "Cette entreprise est introuvable.", "Diese Firma wurde nicht gefunden.",
            "Questa azienda non è stata trovata.", "This employer was not found."
        ),
        .notFoundInvitation: (
            "Aucune invitation de cette entreprise n'attend votre réponse.",
            "Keine Einladung dieser Firma wartet auf Ihre Antwort.",
            "Nessun invito di questa azienda attende la sua risposta.",
            "No invitation from this employer is waiting for your answer."
        ),
        .notFoundUser: (
            "Cet utilisateur est introuvable.", "Dieser Benutzer wurde nicht gefunden.",
            "Questo utente non è stato trovato.", "This user was not found."
        ),
        .forbiddenNotAdmin: (
            "Seul un administrateur connect de cette entreprise peut faire cela.",
            "Nur ein connect-Administrator dieser Firma darf das.",
            "Solo un amministratore connect di questa azienda può farlo.",
            "Only a connect administrator of this employer may do this."
        ),
        .forbiddenSharedAccount: (
            "Cette personne agit aussi pour d'autres entreprises : elle seule peut modifier ces données dans son profil.",
            "Diese Person handelt auch für andere Firmen: Nur sie selbst kann diese Angaben in ihrem Profil ändern.",
            "Questa persona agisce anche per altre aziende: solo lei può modificare questi dati nel suo profilo.",
            "This person also acts for other employers: only they can change these details in their profile."
        ),
    ]
}
