import Wire

extension MessageKey {
    static let forbiddenDelegateAdmin = MessageKey("forbidden.delegate_admin")
    static let badRequestDelegateNames = MessageKey("bad_request.delegate_names")
    static let badRequestEndsAtPast = MessageKey("bad_request.ends_at_past")
    static let notFoundDelegation = MessageKey("not_found.delegation")
    static let reauthRequiredStepUp = MessageKey("reauth_required.step_up")
}

/// The sentences of the mandant, delegation and step-up failures (fr, de, it, en).
enum MandantErrors {
    static let delegateNoAdmin = ServiceError(.forbidden, field: "admin", messageKey: .forbiddenDelegateAdmin)

    static let entries: [MessageKey: ErrorCatalogue.Entry] = [
        .forbiddenDelegateAdmin: (
            "Une personne déléguée ne peut pas être administrateur connect de l'entreprise qui lui délègue l'accès.",
            "Eine delegierte Person kann nicht connect-Administrator der delegierenden Firma sein.",
            "Una persona delegata non può essere amministratore connect dell'azienda che le delega l'accesso.",
            "A delegated person cannot be connect administrator of the employer that delegates the access."
        ),
        .badRequestDelegateNames: (
            "Cette personne n'a pas encore d'accès connect : indiquez son prénom, son nom et sa langue.",
            "Diese Person hat noch keinen connect-Zugang: Geben Sie Vorname, Nachname und Sprache an.",
            "Questa persona non ha ancora un accesso connect: indichi nome, cognome e lingua.",
            "This person has no connect access yet: give their first name, last name and language."
        ),
        .badRequestEndsAtPast: (
            "La date de fin doit être dans le futur.", "Das Enddatum muss in der Zukunft liegen.",
            "La data di fine deve essere nel futuro.", "The end date must be in the future."
        ),
        .notFoundDelegation: (
            "Cette délégation est introuvable.", "Diese Delegation wurde nicht gefunden.",
            "Questa delega non è stata trovata.", "This delegation was not found."
        ),
        .reauthRequiredStepUp: (
            "Pour cette action, veuillez d'abord confirmer votre mot de passe.",
            "Bitte bestätigen Sie für diese Aktion zuerst Ihr Passwort.",
            "Per questa azione confermi prima la sua password.",
            "For this action, please confirm your password first."
        ),
    ]
}
