import Wire

extension MessageKey {
    static let weakPasswordTooShort = MessageKey("weak_password.too_short")
    static let weakPasswordTooLong = MessageKey("weak_password.too_long")
    static let weakPasswordCommon = MessageKey("weak_password.common")
    static let weakPasswordContainsEmail = MessageKey("weak_password.contains_email")
    static let badRequestAcceptTerms = MessageKey("bad_request.accept_terms")
    static let invalidPhoneLandline = MessageKey("invalid_phone.landline")
    static let invalidPhoneCountry = MessageKey("invalid_phone.country")
    static let notFoundRegistration = MessageKey("not_found.registration")
    static let notFoundChallenge = MessageKey("not_found.challenge")
    static let conflictRegistrationStep = MessageKey("conflict.registration_step")
    static let conflictSameEmail = MessageKey("conflict.same_email")
    static let conflictEmailTaken = MessageKey("conflict.email_taken")

    /// The sentence of each password rule.
    static func weakPassword(_ rule: PasswordPolicy.Violation) -> MessageKey {
        switch rule {
        case .tooShort: return .weakPasswordTooShort
        case .tooLong: return .weakPasswordTooLong
        case .common: return .weakPasswordCommon
        case .containsEmail: return .weakPasswordContainsEmail
        }
    }
}

/// Identity's specific error sentences (fr, de, it, en), added to the catalogue
/// at start-up. `{minLength}` and `{maxLength}` come from the error's extras.
public enum IdentityErrorMessages {
    public static let entries: [MessageKey: ErrorCatalogue.Entry] = [
        .weakPasswordTooShort: (
            "Le mot de passe doit comprendre au moins {minLength} caractères.",
            "Das Passwort muss mindestens {minLength} Zeichen lang sein.",
            "La password deve contenere almeno {minLength} caratteri.",
            "The password must have at least {minLength} characters."
        ),
        .weakPasswordTooLong: (
            "Le mot de passe peut comprendre au plus {maxLength} caractères.",
            "Das Passwort darf höchstens {maxLength} Zeichen lang sein.",
            "La password può contenere al massimo {maxLength} caratteri.",
            "The password may have at most {maxLength} characters."
        ),
        .weakPasswordCommon: (
            "Ce mot de passe est trop courant. Veuillez en choisir un autre.",
            "Dieses Passwort ist zu verbreitet. Bitte wählen Sie ein anderes.",
            "Questa password è troppo comune. Ne scelga un'altra.",
            "This password is too common. Please choose another one."
        ),
        .weakPasswordContainsEmail: (
            "Le mot de passe ne doit pas contenir votre adresse e-mail.",
            "Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.",
            "La password non deve contenere il suo indirizzo e-mail.",
            "The password must not contain your e-mail address."
        ),
        .badRequestAcceptTerms: (
            "Veuillez accepter les conditions d'utilisation.",
            "Bitte akzeptieren Sie die Nutzungsbedingungen.",
            "Accetti le condizioni d'uso.",
            "Please accept the terms of use."
        ),
        .invalidPhoneLandline: (
            "Veuillez indiquer un numéro de téléphone portable (073, 075 à 079), format : +41(79) 111 22 33.",
            "Bitte geben Sie eine Mobilnummer an (073, 075 bis 079), Format: +41(79) 111 22 33.",
            "Indichi un numero di cellulare (073, da 075 a 079), formato: +41(79) 111 22 33.",
            "Please give a mobile number (073, 075 to 079), format: +41(79) 111 22 33."
        ),
        .invalidPhoneCountry: (
            "Les codes SMS ne peuvent être envoyés qu'aux numéros de portable des pays admis (p. ex. +41 79, +33 6, +49 17).",
            "SMS-Codes können nur an Mobilnummern der zugelassenen Länder gesendet werden (z. B. +41 79, +33 6, +49 17).",
            "I codici SMS possono essere inviati solo a numeri di cellulare dei paesi ammessi (p. es. +41 79, +33 6, +49 17).",
            "SMS codes can only be sent to mobile numbers of the allowed countries (e.g. +41 79, +33 6, +49 17)."
        ),
        .notFoundRegistration: (
            "Cet enregistrement n'existe pas ou a expiré. Veuillez recommencer avec votre code d'accès.",
            "Diese Registrierung existiert nicht oder ist abgelaufen. Bitte beginnen Sie erneut mit Ihrem Zugangscode.",
            "Questa registrazione non esiste o è scaduta. Ricominci con il suo codice d'accesso.",
            "This registration does not exist or has expired. Please start again with your access code."
        ),
        .notFoundChallenge: (
            "Cette connexion a expiré. Veuillez vous connecter à nouveau.",
            "Diese Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.",
            "Questo accesso è scaduto. Effettui di nuovo l'accesso.",
            "This login has expired. Please log in again."
        ),
        .conflictRegistrationStep: (
            "Cette étape de l'enregistrement n'est pas possible maintenant.",
            "Dieser Schritt der Registrierung ist jetzt nicht möglich.",
            "Questo passo della registrazione non è possibile ora.",
            "This registration step is not possible now."
        ),
        .conflictSameEmail: (
            "C'est déjà votre adresse e-mail.",
            "Das ist bereits Ihre E-Mail-Adresse.",
            "È già il suo indirizzo e-mail.",
            "This is already your e-mail address."
        ),
        .conflictEmailTaken: (
            "Cette adresse e-mail est déjà utilisée pour un autre accès connect.",
            "Diese E-Mail-Adresse wird bereits für einen anderen connect-Zugang verwendet.",
            "Questo indirizzo e-mail è già utilizzato per un altro accesso connect.",
            "This e-mail address is already used by another connect access."
        ),
    ]
}
