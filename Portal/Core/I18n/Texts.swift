import Wire

/// Every sentence the portal writes, in fr (the guide's exact words), de, it, en.
/// `{name}` placeholders are filled by `Texts.get(_:_:_:)`.
public enum Texts {
    public typealias Entry = Wording

    public static func get(_ key: String, _ lang: Language, _ values: [String: String] = [:]) -> String {
        guard let e = all[key] else { return key }
        var s = lang.pick(e)
        for (k, v) in values { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }

    public static var keys: [String] { Array(all.keys) }

    static let all: [String: Entry] = buttons.merging(fields) { a, _ in a }.merging(screens) { a, _ in a }
        .merging(userScreens) { a, _ in a }
        .merging(profileScreens) { a, _ in a }
        .merging(adminScreens) { a, _ in a }

    static let buttons: [String: Entry] = [
        "btn.continue": ("Continuer", "Weiter", "Continua", "Continue"),
        "btn.create": ("Créer", "Erstellen", "Crea", "Create"),
        "btn.ok": ("OK", "OK", "OK", "OK"),
        "btn.resend": (
            "Renvoyer le code SMS", "SMS-Code erneut senden", "Invia di nuovo il codice SMS", "Resend the SMS code"
        ),
        "btn.cancel": ("Annuler", "Abbrechen", "Annulla", "Cancel"),
        "btn.back": ("Retour", "Zurück", "Indietro", "Back"),
        "btn.save": ("Mémoriser", "Speichern", "Salva", "Save"),
        "btn.edit": ("Editer", "Bearbeiten", "Modifica", "Edit"),
        "btn.search": ("Chercher", "Suchen", "Cerca", "Search"),
        "btn.restart": ("Redémarrer la recherche", "Suche zurücksetzen", "Ricomincia la ricerca", "Restart the search"),
        "btn.detail": ("Détail", "Detail", "Dettaglio", "Detail"),
        "btn.new": ("Nouveau", "Neu", "Nuovo", "New"),
        "btn.pdf": ("Export PDF", "Export PDF", "Esporta PDF", "Export PDF"),
        "btn.xlsx": ("Export Excel", "Export Excel", "Esporta Excel", "Export Excel"),
        "btn.logout": ("Déconnecter", "Abmelden", "Disconnetti", "Log out"),
        "btn.toLogin": ("Vers la connexion", "Zur Anmeldung", "Al login", "To the login"),
        "btn.modify": ("Modifier", "Ändern", "Modifica", "Change"),
        "btn.choose": ("Choisir", "Auswählen", "Scegli", "Choose"),
        "btn.accept": ("Accepter", "Annehmen", "Accetta", "Accept"),
        "btn.decline": ("Refuser", "Ablehnen", "Rifiuta", "Decline"),
        "btn.activate": ("Continuer", "Weiter", "Continua", "Continue"),
        "menu.open": ("Menu", "Menü", "Menu", "Menu"),
        "menu.profile": ("Profil d'utilisateur", "Benutzerprofil", "Profilo utente", "User profile"),
        "menu.mandants": (
            "Gestion des mandants", "Mandantenverwaltung", "Gestione dei mandanti", "Employer management"
        ),
        "menu.users": ("Gestion des utilisateurs", "Benutzerverwaltung", "Gestione degli utenti", "User management"),
        "menu.settings": ("Paramètres connect", "connect-Einstellungen", "Impostazioni connect", "connect settings"),
        "menu.delegation": (
            "Paramètres de délégation", "Delegationseinstellungen", "Impostazioni di delega", "Delegation settings"
        ),
        "menu.home": ("Accueil", "Startseite", "Pagina iniziale", "Home"),
        "lang.switch": ("Langue de l'affichage", "Anzeigesprache", "Lingua di visualizzazione", "Display language"),
        "skip": ("Aller au contenu", "Zum Inhalt", "Vai al contenuto", "Skip to content"),
    ]

    static let fields: [String: Entry] = [
        "field.accessCode": ("Code d'accès", "Zugangscode", "Codice d'accesso", "Access code"),
        "field.activationCode": ("Code d'accès", "Aktivierungscode", "Codice di attivazione", "Activation code"),
        "field.email": ("Adresse e-mail", "E-Mail-Adresse", "Indirizzo e-mail", "E-mail address"),
        "field.firstName": ("Prénom", "Vorname", "Nome", "First name"),
        "field.lastName": ("Nom de famille", "Nachname", "Cognome", "Last name"),
        "field.language": ("Langue", "Sprache", "Lingua", "Language"),
        "field.password": ("Mot de passe", "Passwort", "Password", "Password"),
        "field.password2": (
            "Répéter le mot de passe", "Passwort wiederholen", "Ripetere la password", "Repeat the password"
        ),
        "field.terms": (
            "J'accepte les conditions d'utilisation", "Ich akzeptiere die Nutzungsbedingungen",
            "Accetto le condizioni d'uso", "I accept the terms of use"
        ),
        "field.phone": ("Numéro de téléphone", "Telefonnummer", "Numero di telefono", "Phone number"),
        "field.smsCode": ("Code SMS", "SMS-Code", "Codice SMS", "SMS code"),
        "field.resetCode": (
            "Code de réinitialisation", "Code zum Zurücksetzen", "Codice di reimpostazione", "Reset code"
        ),
        "field.newPassword": ("Nouveau mot de passe", "Neues Passwort", "Nuova password", "New password"),
        "field.text": ("Texte", "Text", "Testo", "Text"),
        "field.inclDisabled": ("Incl. désactivé", "Inkl. deaktivierte", "Incl. disattivati", "Incl. deactivated"),
        "field.disabled": ("Désactivé", "Deaktiviert", "Disattivato", "Deactivated"),
        "field.lockedUntil": ("Bloqué jusqu'au", "Gesperrt bis", "Bloccato fino al", "Blocked until"),
        "field.clearLock": ("Lever le blocage", "Sperre aufheben", "Rimuovere il blocco", "Clear the lockout"),
        "field.admin": (
            "Administrateur connect", "connect-Administrator", "Amministratore connect", "connect administrator"
        ),
        "field.mfa": (
            "Authentification multifacteur", "Mehrfaktor-Authentifizierung", "Autenticazione a più fattori",
            "Multi-factor authentication"
        ),
        "field.termsTitle": ("Conditions d'utilisation", "Nutzungsbedingungen", "Condizioni d'uso", "Terms of use"),
        "field.state": ("Utilisateur concerné", "Status des Benutzers", "Stato dell'utente", "User's status"),
        "field.selectAll": ("Tout sélectionner", "Alle auswählen", "Seleziona tutto", "Select all"),
        "field.select": ("Sélectionner {name}", "{name} auswählen", "Seleziona {name}", "Select {name}"),
        "col.name": ("Nom d'affichage", "Anzeigename", "Nome visualizzato", "Display name"),
        "col.email": ("Adresse e-mail", "E-Mail-Adresse", "Indirizzo e-mail", "E-mail address"),
        "col.language": ("Langue", "Sprache", "Lingua", "Language"),
        "col.disabled": ("Désactivé", "Deaktiviert", "Disattivato", "Deactivated"),
        "col.reference": ("Référence", "Referenz", "Riferimento", "Reference"),
        "col.mfa": (
            "Authentification multifacteur", "Mehrfaktor-Authentifizierung", "Autenticazione a più fattori",
            "Multi-factor authentication"
        ),
        "col.remarks": ("Infos / remarques", "Infos / Bemerkungen", "Info / osservazioni", "Info / remarks"),
        "col.x": ("X", "X", "X", "X"),
        "col.themeName": ("Nom", "Name", "Nome", "Name"),
        "col.description": ("Description", "Beschreibung", "Descrizione", "Description"),
        "yes": ("oui", "ja", "sì", "yes"),
        "no": ("non", "nein", "no", "no"),
        "required": ("obligatoire", "Pflichtfeld", "obbligatorio", "required"),
        "language.fr": ("Français", "Französisch", "Francese", "French"),
        "language.de": ("Allemand", "Deutsch", "Tedesco", "German"),
        "language.it": ("Italien", "Italienisch", "Italiano", "Italian"),
        "language.en": ("Anglais", "Englisch", "Inglese", "English"),
    ]
}
