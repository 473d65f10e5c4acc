extension Texts {
    static let userScreens: [String: Entry] = [
        "users.title": ("Gestion des utilisateurs", "Benutzerverwaltung", "Gestione degli utenti", "User management"),
        "users.search": ("Recherche", "Suche", "Ricerca", "Search"),
        "users.results": ("Résultats", "Ergebnisse", "Risultati", "Results"),
        "users.count": ("{n} utilisateur(s)", "{n} Benutzer", "{n} utente/i", "{n} user(s)"),
        "users.page": ("Page {p} de {n}", "Seite {p} von {n}", "Pagina {p} di {n}", "Page {p} of {n}"),
        "users.prev": ("Page précédente", "Vorherige Seite", "Pagina precedente", "Previous page"),
        "users.next": ("Page suivante", "Nächste Seite", "Pagina successiva", "Next page"),
        "users.pages": ("Pages", "Seiten", "Pagine", "Pages"),
        "users.none": (
            "Aucune entrée n'a été trouvée", "Es wurden keine Einträge gefunden", "Non è stata trovata alcuna voce",
            "No entries were found"
        ),
        "users.selectOne": (
            "Sélectionnez une personne (une seule) puis « Détail ».",
            "Wählen Sie eine Person (nur eine) und dann «Detail».",
            "Selezioni una persona (una sola) e poi «Dettaglio».", "Select one person (only one), then “Detail”."
        ),
        "users.sortUp": (
            "trié par ordre croissant", "aufsteigend sortiert", "ordinato in modo crescente", "sorted ascending"
        ),
        "users.sortDown": (
            "trié par ordre décroissant", "absteigend sortiert", "ordinato in modo decrescente", "sorted descending"
        ),
        "users.notAdmin": (
            "Seul un administrateur connect de l'entreprise peut gérer ses utilisateurs.",
            "Nur ein connect-Administrator der Firma kann deren Benutzer verwalten.",
            "Solo un amministratore connect dell'azienda può gestirne gli utenti.",
            "Only a connect administrator of the employer can manage its users."
        ),
        "new.title": ("Saisir l'utilisateur", "Benutzer erfassen", "Registrare l'utente", "Add a user"),
        "new.step1": (
            "Identification du compte d'utilisateur", "Identifikation des Benutzerkontos",
            "Identificazione dell'account utente",
            "Identify the user account"
        ),
        "new.step2": ("Compte d'utilisateur", "Benutzerkonto", "Account utente", "User account"),
        "new.intro1": (
            "Veuillez saisir l'adresse e-mail du nouvel ayant droit et cliquer sur « Continuer ».",
            "Bitte geben Sie die E-Mail-Adresse der neuen berechtigten Person ein und klicken Sie auf «Weiter».",
            "Inserisca l'indirizzo e-mail del nuovo avente diritto e clicchi su «Continua».",
            "Please enter the new person's e-mail address and click “Continue”."
        ),
        "new.intro2": (
            "Avec « Créer » sous Authentification multifacteur, vous saisissez tout de suite le numéro de portable et le code SMS que la personne lit (variante 1). Sans cela, « Mémoriser » lui envoie un e-mail de bienvenue (variante 2).",
            "Mit «Erstellen» unter Mehrfaktor-Authentifizierung erfassen Sie gleich die Mobilnummer und den SMS-Code, den die Person vorliest (Variante 1). Sonst sendet «Speichern» ihr eine Willkommens-E-Mail (Variante 2).",
            "Con «Crea» sotto Autenticazione a più fattori inserisce subito il numero di cellulare e il codice SMS che la persona legge (variante 1). Altrimenti «Salva» le invia un'e-mail di benvenuto (variante 2).",
            "With “Create” under multi-factor authentication you enter the mobile number and the SMS code the person reads out now (variant 1). Otherwise “Save” sends them a welcome e-mail (variant 2)."
        ),
        "new.smsIntro": (
            "Veuillez inscrire le numéro de portable du nouvel ayant droit et saisir ensuite le code SMS que le nouvel utilisateur a reçu sur son portable.",
            "Bitte erfassen Sie die Mobilnummer der neuen berechtigten Person und geben Sie danach den SMS-Code ein, den sie auf ihrem Mobiltelefon erhalten hat.",
            "Inserisca il numero di cellulare del nuovo avente diritto e poi il codice SMS che ha ricevuto sul suo cellulare.",
            "Enter the new person's mobile number, then the SMS code they received on their phone."
        ),
        "new.smsDone": (
            "Le téléphone portable est confirmé. Vous pouvez mémoriser la saisie.",
            "Das Mobiltelefon ist bestätigt. Sie können die Erfassung speichern.",
            "Il cellulare è confermato. Può salvare i dati.", "The mobile phone is confirmed. You can save."
        ),
        "new.saved1": (
            "L'utilisateur a été créé ; il reçoit un e-mail et peut se connecter.",
            "Der Benutzer wurde erfasst; er erhält eine E-Mail und kann sich anmelden.",
            "L'utente è stato creato; riceve un'e-mail e può accedere.",
            "The user has been created; they get an e-mail and can log in."
        ),
        "new.saved2": (
            "L'utilisateur a été créé ; il reçoit un e-mail de bienvenue.",
            "Der Benutzer wurde erfasst; er erhält eine Willkommens-E-Mail.",
            "L'utente è stato creato; riceve un'e-mail di benvenuto.",
            "The user has been created; they get a welcome e-mail."
        ),
        "detail.authorisation": ("Autorisation", "Berechtigung", "Autorizzazione", "Authorisation"),
        "detail.notLocked": ("non bloqué", "nicht gesperrt", "non bloccato", "not blocked"),
        "detail.phoneHint": (
            "Laisser vide pour garder le numéro actuel ({phone}).",
            "Leer lassen, um die aktuelle Nummer zu behalten ({phone}).",
            "Lasciare vuoto per mantenere il numero attuale ({phone}).",
            "Leave empty to keep the current number ({phone})."
        ),
        "detail.saved": (
            "Les modifications ont été mémorisées.", "Die Änderungen wurden gespeichert.",
            "Le modifiche sono state salvate.",
            "The changes have been saved."
        ),
        "detail.reauth": (
            "Pour cette modification, confirmez votre mot de passe puis cliquez à nouveau sur « Mémoriser ».",
            "Bestätigen Sie für diese Änderung Ihr Passwort und klicken Sie erneut auf «Speichern».",
            "Per questa modifica confermi la sua password e clicchi di nuovo su «Salva».",
            "For this change, confirm your password and click “Save” again."
        ),
        "detail.state.active": ("actif", "aktiv", "attivo", "active"),
        "detail.state.pendingPhone": (
            "téléphone à confirmer", "Mobiltelefon zu bestätigen", "cellulare da confermare", "phone to be confirmed"
        ),
        "detail.state.invited": (
            "invité (première connexion à faire)", "eingeladen (erste Anmeldung ausstehend)",
            "invitato (primo accesso da fare)",
            "invited (first login pending)"
        ),
        "detail.state.disabled": ("désactivé", "deaktiviert", "disattivato", "deactivated"),
        "detail.state.missing": (
            "compte perdu – à inviter à nouveau (« Nouveau » avec la même adresse e-mail)",
            "Konto verloren – neu einzuladen («Neu» mit derselben E-Mail-Adresse)",
            "account perso – da invitare di nuovo («Nuovo» con lo stesso indirizzo e-mail)",
            "account lost – needs a new invitation (“New” with the same e-mail address)"
        ),
        "phone.intro": (
            "Un code SMS a été envoyé au nouveau numéro. Saisissez le code que la personne a reçu et cliquez sur « OK ». Jusque-là, l'ancien numéro reste en vigueur.",
            "Ein SMS-Code wurde an die neue Nummer gesendet. Geben Sie den Code ein, den die Person erhalten hat, und klicken Sie auf «OK». Bis dahin bleibt die alte Nummer gültig.",
            "Un codice SMS è stato inviato al nuovo numero. Inserisca il codice che la persona ha ricevuto e clicchi su «OK». Fino ad allora resta valido il numero precedente.",
            "An SMS code has been sent to the new number. Enter the code the person received and click “OK”. Until then the old number stays in force."
        ),
        "phone.pending": (
            "Les autres modifications ont été mémorisées ; le nouveau numéro attend son code SMS.",
            "Die übrigen Änderungen wurden gespeichert; die neue Nummer wartet auf ihren SMS-Code.",
            "Le altre modifiche sono state salvate; il nuovo numero attende il suo codice SMS.",
            "The other changes have been saved; the new number awaits its SMS code."
        ),
        "phone.confirmed": (
            "Le nouveau numéro de téléphone est confirmé et en vigueur.",
            "Die neue Telefonnummer ist bestätigt und gültig.",
            "Il nuovo numero di telefono è confermato e valido.", "The new phone number is confirmed and in force."
        ),
        "phone.cancelled": (
            "Le numéro de téléphone n'a pas été changé.", "Die Telefonnummer wurde nicht geändert.",
            "Il numero di telefono non è stato cambiato.", "The phone number has not been changed."
        ),
        "invite.text": (
            "{name} ({number}) vous invite à agir pour cette entreprise dans connect.",
            "{name} ({number}) lädt Sie ein, in connect für diese Firma zu handeln.",
            "{name} ({number}) la invita ad agire per questa azienda in connect.",
            "{name} ({number}) invites you to act for this employer in connect."
        ),
        "invite.rights": (
            "Droits proposés : {rights}", "Angebotene Rechte: {rights}", "Diritti proposti: {rights}",
            "Rights offered: {rights}"
        ),
        "invite.noRights": ("aucun", "keine", "nessuno", "none"),
        "invite.since": ("depuis le {time}", "seit {time}", "dal {time}", "since {time}"),
        "invite.accepted": (
            "Invitation acceptée : l'entreprise figure désormais parmi vos mandants.",
            "Einladung angenommen: Die Firma gehört nun zu Ihren Mandanten.",
            "Invito accettato: l'azienda figura ora tra i suoi mandanti.",
            "Invitation accepted: the employer is now among your mandants."
        ),
        "invite.declined": ("Invitation refusée.", "Einladung abgelehnt.", "Invito rifiutato.", "Invitation declined."),
        "invite.gone": (
            "Cette invitation n'est plus en attente.", "Diese Einladung ist nicht mehr offen.",
            "Questo invito non è più in sospeso.", "This invitation is no longer waiting."
        ),
    ]
}
