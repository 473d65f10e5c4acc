import Wire

/// Identity's specific error sentences (fr, de, it, en), registered at start-up.
/// `{minLength}` and `{maxLength}` come from the error's extras.
enum IdentityErrorMessages {
    static let entries: [String: ErrorCatalogue.Entry] = [
        "weak_password.too_short": (
            "Le mot de passe doit comprendre au moins {minLength} caractères.",
            "Das Passwort muss mindestens {minLength} Zeichen lang sein.",
            "La password deve contenere almeno {minLength} caratteri.",
            "The password must have at least {minLength} characters."),
        "weak_password.too_long": (
            "Le mot de passe peut comprendre au plus {maxLength} caractères.",
            "Das Passwort darf höchstens {maxLength} Zeichen lang sein.",
            "La password può contenere al massimo {maxLength} caratteri.",
            "The password may have at most {maxLength} characters."),
        "weak_password.common": (
            "Ce mot de passe est trop courant. Veuillez en choisir un autre.",
            "Dieses Passwort ist zu verbreitet. Bitte wählen Sie ein anderes.",
            "Questa password è troppo comune. Ne scelga un'altra.",
            "This password is too common. Please choose another one."),
        "weak_password.contains_email": (
            "Le mot de passe ne doit pas contenir votre adresse e-mail.",
            "Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.",
            "La password non deve contenere il suo indirizzo e-mail.",
            "The password must not contain your e-mail address."),
        "bad_request.accept_terms": (
            "Veuillez accepter les conditions d'utilisation.",
            "Bitte akzeptieren Sie die Nutzungsbedingungen.",
            "Accetti le condizioni d'uso.",
            "Please accept the terms of use."),
        "invalid_phone.landline": (
            "Veuillez indiquer un numéro de téléphone portable (073, 075 à 079), format : +41(79) 111 22 33.",
            "Bitte geben Sie eine Mobilnummer an (073, 075 bis 079), Format: +41(79) 111 22 33.",
            "Indichi un numero di cellulare (073, da 075 a 079), formato: +41(79) 111 22 33.",
            "Please give a mobile number (073, 075 to 079), format: +41(79) 111 22 33."),
        "invalid_phone.country": (
            "Les codes SMS ne peuvent être envoyés qu'aux numéros de portable des pays admis (p. ex. +41 79, +33 6, +49 17).",
            "SMS-Codes können nur an Mobilnummern der zugelassenen Länder gesendet werden (z. B. +41 79, +33 6, +49 17).",
            "I codici SMS possono essere inviati solo a numeri di cellulare dei paesi ammessi (p. es. +41 79, +33 6, +49 17).",
            "SMS codes can only be sent to mobile numbers of the allowed countries (e.g. +41 79, +33 6, +49 17)."),
        "not_found.registration": (
            "Cet enregistrement n'existe pas ou a expiré. Veuillez recommencer avec votre code d'accès.",
            "Diese Registrierung existiert nicht oder ist abgelaufen. Bitte beginnen Sie erneut mit Ihrem Zugangscode.",
            "Questa registrazione non esiste o è scaduta. Ricominci con il suo codice d'accesso.",
            "This registration does not exist or has expired. Please start again with your access code."),
        "not_found.challenge": (
            "Cette connexion a expiré. Veuillez vous connecter à nouveau.",
            "Diese Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.",
            "Questo accesso è scaduto. Effettui di nuovo l'accesso.",
            "This login has expired. Please log in again."),
        "conflict.registration_step": (
            "Cette étape de l'enregistrement n'est pas possible maintenant.",
            "Dieser Schritt der Registrierung ist jetzt nicht möglich.",
            "Questo passo della registrazione non è possibile ora.",
            "This registration step is not possible now."),
        "conflict.same_email": (
            "C'est déjà votre adresse e-mail.",
            "Das ist bereits Ihre E-Mail-Adresse.",
            "È già il suo indirizzo e-mail.",
            "This is already your e-mail address."),
        "conflict.email_taken": (
            "Cette adresse e-mail est déjà utilisée pour un autre accès connect.",
            "Diese E-Mail-Adresse wird bereits für einen anderen connect-Zugang verwendet.",
            "Questo indirizzo e-mail è già utilizzato per un altro accesso connect.",
            "This e-mail address is already used by another connect access."),
    ]

    static func register() { ErrorCatalogue.register(entries) }
}
