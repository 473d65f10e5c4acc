/// The delegation, audit, tasks and news screens (issue 15), grouped here so
/// the other tables stay untouched.
extension Texts {
    static let adminScreens: [String: Entry] = [
        "menu.audit": ("Journal des modifications", "Änderungsprotokoll", "Registro delle modifiche", "Audit trail"),
        // Paramètres de délégation
        "deleg.intro": (
            "Accordez à une personne externe (p. ex. votre fiduciaire) l'accès à certains thèmes de votre entreprise, jusqu'à une date de fin. Elle ne voit que ces thèmes et perd l'accès le lendemain de la date de fin.",
            "Gewähren Sie einer externen Person (z. B. Ihrem Treuhänder) Zugriff auf bestimmte Themen Ihrer Firma, bis zu einem Enddatum. Sie sieht nur diese Themen und verliert den Zugriff am Tag nach dem Enddatum.",
            "Conceda a una persona esterna (p. es. la sua fiduciaria) l'accesso a determinati temi della sua azienda, fino a una data di fine. Vede solo questi temi e perde l'accesso il giorno dopo la data di fine.",
            "Give an outside person (e.g. your fiduciary) access to chosen themes of your employer, until an end date. They see only those themes and lose access the day after the end date."
        ),
        "deleg.grantTitle": ("Accorder un accès", "Zugriff gewähren", "Concedere un accesso", "Grant access"),
        "deleg.listTitle": ("Délégations", "Delegationen", "Deleghe", "Delegations"),
        "deleg.themes": ("Thèmes", "Themen", "Temi", "Themes"),
        "field.endsAt": ("Date de fin", "Enddatum", "Data di fine", "End date"),
        "deleg.endsHint": (
            "Dernier jour de l'accès. Vide : sans date de fin.", "Letzter Tag des Zugriffs. Leer: ohne Enddatum.",
            "Ultimo giorno dell'accesso. Vuoto: senza data di fine.", "Last day of the access. Empty: no end date."
        ),
        "deleg.namesTitle": (
            "Si la personne n'a pas encore d'accès connect", "Falls die Person noch keinen connect-Zugang hat",
            "Se la persona non ha ancora un accesso connect", "If the person has no connect access yet"
        ),
        "deleg.themesNeeded": (
            "Choisissez au moins un thème.", "Wählen Sie mindestens ein Thema.", "Scelga almeno un tema.",
            "Choose at least one theme."
        ),
        "btn.grant": ("Accorder", "Gewähren", "Concedi", "Grant"),
        "btn.revoke": ("Révoquer", "Widerrufen", "Revoca", "Revoke"),
        "col.person": ("Personne", "Person", "Persona", "Person"),
        "col.until": ("Jusqu'au", "Bis", "Fino al", "Until"),
        "col.state": ("État", "Status", "Stato", "Status"),
        "audit.accountDisabled": (
            "Compte connect désactivé", "connect-Konto deaktiviert", "Account connect disattivato",
            "connect account deactivated"
        ),
        "col.grantedBy": ("Accordée par", "Gewährt von", "Concessa da", "Granted by"),
        "deleg.state.active": ("active", "aktiv", "attiva", "active"),
        "deleg.state.ended": ("terminée", "abgelaufen", "scaduta", "ended"),
        "deleg.state.revoked": ("révoquée", "widerrufen", "revocata", "revoked"),
        "deleg.noEnd": ("sans date de fin", "ohne Enddatum", "senza data di fine", "no end date"),
        "deleg.granted": (
            "L'accès a été accordé ; la personne en est informée par e-mail.",
            "Der Zugriff wurde gewährt; die Person wird per E-Mail informiert.",
            "L'accesso è stato concesso; la persona ne è informata per e-mail.",
            "Access granted; the person is told by e-mail."
        ),
        "deleg.revokedDone": (
            "La délégation a été révoquée.", "Die Delegation wurde widerrufen.", "La delega è stata revocata.",
            "The delegation has been revoked."
        ),
        "home.rights": (
            "Vos autorisations : {rights}", "Ihre Berechtigungen: {rights}", "Le sue autorizzazioni: {rights}",
            "Your rights: {rights}"
        ),
        "home.delegatedUntil": (
            "Accès délégué jusqu'au {day}", "Delegierter Zugriff bis {day}", "Accesso delegato fino al {day}",
            "Delegated access until {day}"
        ),
        "home.delegated": ("Accès délégué", "Delegierter Zugriff", "Accesso delegato", "Delegated access"),
        // Journal des modifications
        "audit.intro": (
            "Qui a modifié quoi et quand, avec les valeurs avant et après.",
            "Wer hat was wann geändert, mit den Werten vorher und nachher.",
            "Chi ha modificato cosa e quando, con i valori prima e dopo.",
            "Who changed what and when, with the values before and after."
        ),
        "field.person": ("Personne", "Person", "Persona", "Person"),
        "field.action": ("Action", "Aktion", "Azione", "Action"),
        "audit.personHint": (
            "Adresse e-mail (ou une partie) de l'auteur ou de la personne concernée.",
            "E-Mail-Adresse (oder ein Teil) der handelnden oder der betroffenen Person.",
            "Indirizzo e-mail (o una parte) dell'autore o della persona interessata.",
            "E-mail address (or part of it) of who acted or who was concerned."
        ),
        "audit.allActions": ("Toutes les actions", "Alle Aktionen", "Tutte le azioni", "All actions"),
        "audit.count": ("{n} entrée(s)", "{n} Einträge", "{n} voce/i", "{n} entry(ies)"),
        "col.when": ("Date", "Datum", "Data", "Date"),
        "col.actor": ("Modifié par", "Geändert von", "Modificato da", "Changed by"),
        "col.action": ("Action", "Aktion", "Azione", "Action"),
        "col.target": ("Concerne", "Betrifft", "Riguarda", "Concerns"),
        "col.change": ("Avant → après", "Vorher → nachher", "Prima → dopo", "Before → after"),
        "audit.before": ("avant", "vorher", "prima", "before"),
        "audit.after": ("après", "nachher", "dopo", "after"),
        // Tâches: the employer's unfinished invitations
        "task.invited": (
            "{name} ({email}) n'a pas encore fait sa première connexion.",
            "{name} ({email}) hat sich noch nicht zum ersten Mal angemeldet.",
            "{name} ({email}) non ha ancora effettuato il primo accesso.",
            "{name} ({email}) has not logged in for the first time yet."
        ),
        "task.pendingPhone": (
            "{name} ({email}) attend la confirmation du code SMS.",
            "{name} ({email}) wartet auf die Bestätigung des SMS-Codes.",
            "{name} ({email}) attende la conferma del codice SMS.",
            "{name} ({email}) is waiting for the SMS code to be confirmed."
        ),
        "task.consent": (
            "{name} ({email}) n'a pas encore accepté l'invitation de votre entreprise.",
            "{name} ({email}) hat die Einladung Ihrer Firma noch nicht angenommen.",
            "{name} ({email}) non ha ancora accettato l'invito della sua azienda.",
            "{name} ({email}) has not accepted your employer's invitation yet."
        ),
        "btn.sendAgain": ("Renvoyer", "Erneut senden", "Invia di nuovo", "Send again"),
        "task.sent": (
            "L'invitation a été renvoyée par e-mail.", "Die Einladung wurde erneut per E-Mail gesendet.",
            "L'invito è stato inviato di nuovo per e-mail.", "The invitation has been sent again by e-mail."
        ),
        "task.wait": (
            "L'invitation vient d'être renvoyée ; réessayez dans une minute.",
            "Die Einladung wurde soeben erneut gesendet; versuchen Sie es in einer Minute wieder.",
            "L'invito è appena stato inviato di nuovo; riprovi tra un minuto.",
            "The invitation was just sent again; try again in a minute."
        ),
        "task.gone": (
            "Cette personne n'attend plus d'invitation.", "Diese Person wartet auf keine Einladung mehr.",
            "Questa persona non attende più un invito.", "This person is no longer waiting for an invitation."
        ),
    ]
}
