/// The texts of `Profil d'utilisateur`, `Gestion des mandants` (search, alias,
/// default, the header's switch) and `Paramètres connect`, kept together.
extension Texts {
    static let profileScreens: [String: Entry] = [
        // Profil d'utilisateur
        "profile.title": ("Profil d'utilisateur", "Benutzerprofil", "Profilo utente", "User profile"),
        "profile.personal": ("Données personnelles", "Persönliche Angaben", "Dati personali", "Personal details"),
        "profile.security": (
            "Connexion et sécurité", "Anmeldung und Sicherheit", "Accesso e sicurezza", "Login and security"
        ),
        "profile.lastLogin": ("Dernière connexion", "Letzte Anmeldung", "Ultimo accesso", "Last login"),
        "profile.never": ("aucune", "keine", "nessuno", "none"),
        "profile.saved": (
            "Votre profil a été mémorisé.", "Ihr Profil wurde gespeichert.", "Il suo profilo è stato salvato.",
            "Your profile has been saved."
        ),
        "profile.changePassword": (
            "Changer le mot de passe", "Passwort ändern", "Cambiare la password", "Change the password"
        ),
        "profile.changePhone": (
            "Changer le numéro de téléphone", "Telefonnummer ändern", "Cambiare il numero di telefono",
            "Change the phone number"
        ),
        "profile.changeEmail": (
            "Changer l'adresse e-mail", "E-Mail-Adresse ändern", "Cambiare l'indirizzo e-mail",
            "Change the e-mail address"
        ),
        "profile.currentPassword": (
            "Mot de passe actuel", "Aktuelles Passwort", "Password attuale", "Current password"
        ),
        "profile.passwordIntro": (
            "Saisissez votre mot de passe actuel, puis deux fois le nouveau. Vos autres sessions ouvertes prennent fin.",
            "Geben Sie Ihr aktuelles Passwort und zweimal das neue ein. Ihre übrigen offenen Sitzungen werden beendet.",
            "Inserisca la password attuale e due volte quella nuova. Le altre sessioni aperte vengono terminate.",
            "Enter your current password, then the new one twice. Your other open sessions end."
        ),
        "profile.passwordChanged": (
            "Le mot de passe a été changé. Vos autres sessions ont pris fin.",
            "Das Passwort wurde geändert. Ihre übrigen Sitzungen wurden beendet.",
            "La password è stata cambiata. Le altre sessioni sono state terminate.",
            "The password has been changed. Your other sessions have ended."
        ),
        "profile.phoneIntro": (
            "Saisissez le nouveau numéro de portable et votre mot de passe, puis cliquez sur « OK ». Un code SMS est envoyé au nouveau numéro ; l'ancien reste en vigueur jusqu'à ce que vous saisissiez ce code.",
            "Geben Sie die neue Mobilnummer und Ihr Passwort ein und klicken Sie auf «OK». Ein SMS-Code wird an die neue Nummer gesendet; die alte bleibt gültig, bis Sie diesen Code eingeben.",
            "Inserisca il nuovo numero di cellulare e la sua password, poi clicchi su «OK». Un codice SMS viene inviato al nuovo numero; quello precedente resta valido finché non inserisce il codice.",
            "Enter the new mobile number and your password, then click “OK”. An SMS code is sent to the new number; the old one stays in force until you type that code."
        ),
        "profile.currentPhone": ("Numéro actuel", "Aktuelle Nummer", "Numero attuale", "Current number"),
        "profile.newPhone": (
            "Nouveau numéro de téléphone", "Neue Telefonnummer", "Nuovo numero di telefono", "New phone number"
        ),
        "profile.phonePending": (
            "Un code SMS a été envoyé au {phone}. Saisissez-le pour mettre ce numéro en vigueur.",
            "Ein SMS-Code wurde an {phone} gesendet. Geben Sie ihn ein, um diese Nummer in Kraft zu setzen.",
            "Un codice SMS è stato inviato al {phone}. Lo inserisca per rendere valido questo numero.",
            "An SMS code has been sent to {phone}. Type it to put this number in force."
        ),
        "profile.emailIntro": (
            "Saisissez la nouvelle adresse e-mail et votre mot de passe. Un code d'activation est envoyé à la nouvelle adresse ; l'ancienne reste votre identifiant jusqu'à ce que vous saisissiez ce code.",
            "Geben Sie die neue E-Mail-Adresse und Ihr Passwort ein. Ein Aktivierungscode wird an die neue Adresse gesendet; die alte bleibt Ihre Anmeldung, bis Sie diesen Code eingeben.",
            "Inserisca il nuovo indirizzo e-mail e la sua password. Un codice di attivazione viene inviato al nuovo indirizzo; quello precedente resta il suo identificativo finché non inserisce il codice.",
            "Enter the new e-mail address and your password. An activation code is sent to the new address; the old one stays your login until you type that code."
        ),
        "profile.currentEmail": ("Adresse actuelle", "Aktuelle Adresse", "Indirizzo attuale", "Current address"),
        "profile.newEmail": (
            "Nouvelle adresse e-mail", "Neue E-Mail-Adresse", "Nuovo indirizzo e-mail", "New e-mail address"
        ),
        "profile.emailCode": ("Code d'activation", "Aktivierungscode", "Codice di attivazione", "Activation code"),
        "profile.emailPending": (
            "Un code d'activation a été envoyé à {email}. Saisissez-le pour en faire votre adresse de connexion.",
            "Ein Aktivierungscode wurde an {email} gesendet. Geben Sie ihn ein, um sie zu Ihrer Anmeldeadresse zu machen.",
            "Un codice di attivazione è stato inviato a {email}. Lo inserisca per farne il suo indirizzo d'accesso.",
            "An activation code has been sent to {email}. Type it to make it your login address."
        ),
        "profile.emailChanged": (
            "La nouvelle adresse e-mail est confirmée : c'est désormais votre identifiant.",
            "Die neue E-Mail-Adresse ist bestätigt: Sie ist nun Ihre Anmeldung.",
            "Il nuovo indirizzo e-mail è confermato: è ora il suo identificativo.",
            "The new e-mail address is confirmed: it is now your login."
        ),
        "profile.resendCode": ("Renvoyer le code", "Code erneut senden", "Invia di nuovo il codice", "Resend the code"),
        "profile.codeSent": (
            "Le code a été envoyé.", "Der Code wurde gesendet.", "Il codice è stato inviato.", "The code has been sent."
        ),
        "profile.endAll": ("Déconnecter partout", "Überall abmelden", "Disconnetti ovunque", "Log out everywhere"),
        "profile.endAllIntro": (
            "Termine toutes vos sessions ouvertes, dans ce navigateur et sur tous vos autres appareils.",
            "Beendet alle Ihre offenen Sitzungen, in diesem Browser und auf allen anderen Geräten.",
            "Termina tutte le sue sessioni aperte, in questo browser e su tutti gli altri dispositivi.",
            "Ends all your open sessions, in this browser and on all your other devices."
        ),
        "profile.endedAll": (
            "Toutes vos sessions ont pris fin ({n}).", "Alle Ihre Sitzungen wurden beendet ({n}).",
            "Tutte le sue sessioni sono state terminate ({n}).", "All your sessions have ended ({n})."
        ),
        "profile.endedAllShort": (
            "Toutes vos sessions ont pris fin.", "Alle Ihre Sitzungen wurden beendet.",
            "Tutte le sue sessioni sono state terminate.", "All your sessions have ended."
        ),
        // Gestion des mandants
        "mandants.search": ("Recherche", "Suche", "Ricerca", "Search"),
        "mandants.searchHint": (
            "Nom, numéro, alias ou localité", "Name, Nummer, Alias oder Ort", "Nome, numero, alias o località",
            "Name, number, alias or town"
        ),
        "mandants.col.number": ("Numéro", "Abrechnungsnummer", "Numero", "Number"),
        "mandants.col.name": ("Nom", "Name", "Nome", "Name"),
        "mandants.col.alias": ("Alias", "Alias", "Alias", "Alias"),
        "mandants.col.town": ("Localité", "Ort", "Località", "Town"),
        "mandants.col.access": ("Accès", "Zugriff", "Accesso", "Access"),
        "mandants.col.default": ("Par défaut", "Standard", "Predefinito", "Default"),
        "mandants.col.actions": ("Actions", "Aktionen", "Azioni", "Actions"),
        "mandants.user": ("utilisateur", "Benutzer", "utente", "user"),
        "mandants.delegated": ("délégation", "Delegation", "delega", "delegation"),
        "mandants.until": (
            "délégation jusqu'au {date}", "Delegation bis {date}", "delega fino al {date}", "delegation until {date}"
        ),
        "mandants.current": ("actuel", "aktuell", "attuale", "current"),
        "mandants.none": (
            "Aucune entrée n'a été trouvée", "Es wurden keine Einträge gefunden", "Non è stata trovata alcuna voce",
            "No entries were found"
        ),
        "mandants.switchLabel": ("Mandant", "Mandant", "Mandante", "Employer"),
        "mandants.switch": ("Changer", "Wechseln", "Cambia", "Switch"),
        "mandants.switched": (
            "Vous travaillez maintenant pour le mandant choisi.", "Sie arbeiten nun für den gewählten Mandanten.",
            "Ora lavora per il mandante scelto.", "You now work for the chosen employer."
        ),
        "mandants.gone": (
            "Ce mandant ne fait plus partie de vos mandants.", "Dieser Mandant gehört nicht mehr zu Ihren Mandanten.",
            "Questo mandante non fa più parte dei suoi mandanti.", "This employer is no longer among your employers."
        ),
        "mandants.editTitle": (
            "Editer le mandant", "Mandant bearbeiten", "Modificare il mandante", "Edit the employer"
        ),
        "mandants.aliasHint": (
            "Votre propre nom pour ce mandant ; vide pour l'enlever.",
            "Ihr eigener Name für diesen Mandanten; leer, um ihn zu entfernen.",
            "Il suo nome per questo mandante; vuoto per toglierlo.",
            "Your own name for this employer; empty removes it."
        ),
        "mandants.isDefault": (
            "Mandant par défaut (ouvert après la connexion)", "Standardmandant (nach der Anmeldung geöffnet)",
            "Mandante predefinito (aperto dopo l'accesso)", "Default employer (opened after login)"
        ),
        "mandants.saved": (
            "Le mandant a été mémorisé.", "Der Mandant wurde gespeichert.", "Il mandante è stato salvato.",
            "The employer has been saved."
        ),
        // Paramètres connect
        "settings.intro": (
            "Ce que vous pouvez régler pour l'entreprise dans connect.",
            "Was Sie in connect für die Firma einstellen können.",
            "Ciò che può impostare per l'azienda in connect.", "What you can set for the employer in connect."
        ),
        "settings.register": (
            "Raison sociale et adresse", "Firmenname und Adresse", "Ragione sociale e indirizzo", "Name and address"
        ),
        "settings.registerHint": (
            "La caisse de compensation tient le nom et l'adresse : annoncez-lui tout changement.",
            "Die Ausgleichskasse führt Name und Adresse: Melden Sie ihr jede Änderung.",
            "La cassa di compensazione gestisce nome e indirizzo: le annunci ogni modifica.",
            "The compensation fund keeps the name and address: tell it of any change."
        ),
        "settings.contact": (
            "Langue de correspondance", "Korrespondenzsprache", "Lingua di corrispondenza", "Correspondence language"
        ),
        "settings.contactIntro": (
            "La langue des lettres et des e-mails que la caisse de compensation adresse à l'entreprise.",
            "Die Sprache der Briefe und E-Mails, welche die Ausgleichskasse an die Firma richtet.",
            "La lingua delle lettere e delle e-mail che la cassa di compensazione invia all'azienda.",
            "The language of the letters and e-mails the compensation fund sends the employer."
        ),
        "settings.saved": (
            "Les paramètres ont été mémorisés.", "Die Einstellungen wurden gespeichert.",
            "Le impostazioni sono state salvate.",
            "The settings have been saved."
        ),
        "settings.notAdmin": (
            "Seul un administrateur connect de l'entreprise peut régler ses paramètres. Vos réglages personnels sont dans « Profil d'utilisateur ».",
            "Nur ein connect-Administrator der Firma kann deren Einstellungen ändern. Ihre persönlichen Einstellungen finden Sie unter «Benutzerprofil».",
            "Solo un amministratore connect dell'azienda può modificarne le impostazioni. Le sue impostazioni personali sono in «Profilo utente».",
            "Only a connect administrator of the employer can change its settings. Your personal settings are under “User profile”."
        ),
    ]
}
