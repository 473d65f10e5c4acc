import Wire

/// The audit trail in the administrator's words, in the four languages: the portal's
/// screen and admin's PDF and XLSX exports name an action, a changed value and a yes or
/// no the same way. The trail itself stores codes (`user.update`, `membership.themes`).
public enum AuditWording {
    /// What happened; every action has its words (the switch is exhaustive).
    public static func action(_ action: AuditAction, _ lang: Language) -> String {
        let words: Wording
        switch action {
        case .employerCreate: words = ("Entreprise créée", "Firma erfasst", "Azienda creata", "Employer created")
        case .employerInvite:
            words = ("Code d'accès envoyé", "Zugangscode versandt", "Codice d'accesso inviato", "Access code sent")
        case .userRegistered:
            words = (
                "Enregistrement terminé", "Registrierung abgeschlossen", "Registrazione completata",
                "Registration finished"
            )
        case .userCreate: words = ("Utilisateur saisi", "Benutzer erfasst", "Utente registrato", "User added")
        case .userPhoneConfirmed:
            words = ("Téléphone confirmé", "Mobiltelefon bestätigt", "Cellulare confermato", "Phone confirmed")
        case .userUpdate: words = ("Utilisateur modifié", "Benutzer geändert", "Utente modificato", "User changed")
        case .userConsentAccepted:
            words = ("Invitation acceptée", "Einladung angenommen", "Invito accettato", "Invitation accepted")
        case .userConsentDeclined:
            words = ("Invitation refusée", "Einladung abgelehnt", "Invito rifiutato", "Invitation declined")
        case .delegationGrant:
            words = ("Délégation accordée", "Delegation gewährt", "Delega concessa", "Delegation granted")
        case .delegationRevoke:
            words = ("Délégation révoquée", "Delegation widerrufen", "Delega revocata", "Delegation revoked")
        case .employerSettings:
            words = (
                "Paramètres de l'entreprise modifiés", "Firmeneinstellungen geändert",
                "Impostazioni dell'azienda modificate", "Employer settings changed"
            )
        case .userInvitationResent:
            words = (
                "Invitation renvoyée", "Einladung erneut gesendet", "Invito inviato di nuovo", "Invitation sent again"
            )
        }
        return lang.pick(words)
    }

    /// A stored action code (a filter's value, an older trail's row): its words, or the
    /// code itself when this version does not know it.
    public static func action(code: String, _ lang: Language) -> String {
        AuditAction(rawValue: code).map { action($0, lang) } ?? code
    }

    /// A changed value's name (`user.email`, `membership.themes`, …); a name without
    /// words (a field added later) is shown as stored.
    public static func field(_ stored: String, _ lang: Language) -> String {
        fields[stored].map(lang.pick) ?? stored
    }

    /// A stored value: yes and no in the language, anything else as stored.
    public static func value(_ raw: String, _ lang: Language) -> String {
        switch raw {
        case "true": return lang.pick(("oui", "ja", "sì", "yes"))
        case "false": return lang.pick(("non", "nein", "no", "no"))
        default: return raw
        }
    }

    private static let email: Wording = ("Adresse e-mail", "E-Mail-Adresse", "Indirizzo e-mail", "E-mail address")
    private static let firstName: Wording = ("Prénom", "Vorname", "Nome", "First name")
    private static let lastName: Wording = ("Nom de famille", "Nachname", "Cognome", "Last name")
    private static let language: Wording = ("Langue", "Sprache", "Lingua", "Language")
    private static let admin: Wording = (
        "Administrateur connect", "connect-Administrator", "Amministratore connect", "connect administrator"
    )
    private static let themes: Wording = ("Thèmes", "Themen", "Temi", "Themes")

    private static let fields: [String: Wording] = [
        "user.email": email, "email": email, "user.firstName": firstName, "firstName": firstName,
        "user.lastName": lastName, "lastName": lastName, "user.language": language, "language": language,
        "membership.admin": admin, "admin": admin, "membership.themes": themes, "themes": themes,
        "membership.disabled": ("Désactivé", "Deaktiviert", "Disattivato", "Deactivated"),
        "state": ("État", "Status", "Stato", "Status"),
        "mfa": (
            "Authentification multifacteur", "Mehrfaktor-Authentifizierung", "Autenticazione a più fattori",
            "Multi-factor authentication"
        ),
        "accountDisabled": (
            "Compte connect désactivé", "connect-Konto deaktiviert", "Account connect disattivato",
            "connect account deactivated"
        ),
    ]
}
