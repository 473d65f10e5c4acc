extension Texts {
    static let screens: [String: Entry] = [
        "title.site": ("connect", "connect", "connect", "connect"),
        "reg1.title": (
            "Entrez le code d'accès", "Zugangscode eingeben", "Inserisca il codice d'accesso", "Enter the access code"
        ),
        "reg1.intro": (
            "Entrez le code d'accès et cliquez sur « Continuer ».",
            "Geben Sie den Zugangscode ein und klicken Sie auf «Weiter».",
            "Inserisca il codice d'accesso e clicchi su «Continua».", "Enter the access code and click “Continue”."
        ),
        "reg2.title": (
            "Identifier le compte utilisateur", "Benutzerkonto identifizieren", "Identificare l'account utente",
            "Identify the user account"
        ),
        "reg2.intro": (
            "Veuillez indiquer quelle adresse e-mail vous voulez utiliser pour le nouvel accès.",
            "Bitte geben Sie an, welche E-Mail-Adresse Sie für den neuen Zugang verwenden möchten.",
            "Indichi quale indirizzo e-mail desidera utilizzare per il nuovo accesso.",
            "Please state which e-mail address you want to use for the new access."
        ),
        "reg3.title": (
            "Entrez le code d'accès", "Aktivierungscode eingeben", "Inserisca il codice di attivazione",
            "Enter the activation code"
        ),
        "reg3.intro": (
            "Un code d'activation a été envoyé à l'adresse e-mail indiquée. Veuillez suivre les instructions indiquées dans le message pour poursuivre l'ouverture du compte.",
            "Ein Aktivierungscode wurde an die angegebene E-Mail-Adresse gesendet. Bitte folgen Sie den Anweisungen in der Nachricht, um die Kontoeröffnung fortzusetzen.",
            "Un codice di attivazione è stato inviato all'indirizzo e-mail indicato. Segua le istruzioni del messaggio per proseguire l'apertura del conto.",
            "An activation code has been sent to the e-mail address you gave. Please follow the instructions in the message to continue opening the account."
        ),
        "reg3.link": (
            "Vous avez ouvert le lien de l'e-mail : cliquez sur « Continuer » pour confirmer l'adresse.",
            "Sie haben den Link aus der E-Mail geöffnet: Klicken Sie auf «Weiter», um die Adresse zu bestätigen.",
            "Ha aperto il link dell'e-mail: clicchi su «Continua» per confermare l'indirizzo.",
            "You opened the e-mail's link: click “Continue” to confirm the address."
        ),
        "reg3.otherBrowser": (
            "Ce lien doit être ouvert dans le navigateur où l'enregistrement a commencé. Recommencez avec le code d'accès, ou saisissez le code d'activation à l'étape 3.",
            "Dieser Link muss im Browser geöffnet werden, in dem die Registrierung begonnen hat. Beginnen Sie erneut mit dem Zugangscode oder geben Sie den Aktivierungscode in Schritt 3 ein.",
            "Questo link va aperto nel browser in cui è iniziata la registrazione. Ricominci con il codice d'accesso o inserisca il codice di attivazione al passo 3.",
            "This link must be opened in the browser where the registration started. Start again with the access code, or type the activation code at step 3."
        ),
        "reg4.title": ("Ouverture de compte", "Kontoeröffnung", "Apertura dell'account", "Opening the account"),
        "reg4.policy": (
            "Les majuscules et minuscules sont prises en compte. Le mot de passe doit comprendre:",
            "Gross- und Kleinschreibung wird beachtet. Das Passwort muss enthalten:",
            "Maiuscole e minuscole sono distinte. La password deve contenere:",
            "Upper and lower case count. The password must have:"
        ),
        "reg4.policyMin": (
            "au moins {n} caractères;", "mindestens {n} Zeichen;", "almeno {n} caratteri;", "at least {n} characters;"
        ),
        "reg4.policyEmail": (
            "il ne doit être ni l'adresse e-mail ni un mot de passe courant.",
            "es darf weder die E-Mail-Adresse noch ein gängiges Passwort sein.",
            "non deve essere né l'indirizzo e-mail né una password comune.",
            "it must be neither the e-mail address nor a common password."
        ),
        "reg4.mismatch": (
            "Les deux mots de passe ne sont pas identiques.", "Die beiden Passwörter stimmen nicht überein.",
            "Le due password non coincidono.", "The two passwords are not the same."
        ),
        "reg4.termsNeeded": (
            "Veuillez accepter les conditions d'utilisation.", "Bitte akzeptieren Sie die Nutzungsbedingungen.",
            "Accetti le condizioni d'uso.", "Please accept the terms of use."
        ),
        "sms.title": ("Créer un code SMS", "SMS-Code erstellen", "Creare un codice SMS", "Create an SMS code"),
        "sms.intro": (
            "Veuillez saisir votre numéro de téléphone et cliquer sur « OK ». Vous recevrez par SMS un code à 6 chiffres qui sera à saisir dans le champ « Code SMS ». Cette opération n'engendre pas de frais de SMS pour vous. Veuillez composer le numéro selon le format suivant : +41(79) 111 22 33. Sélectionnez « Renvoyer le code SMS » si vous n'avez pas reçu de code ou si vous avez modifié le numéro.",
            "Bitte geben Sie Ihre Telefonnummer ein und klicken Sie auf «OK». Sie erhalten per SMS einen 6-stelligen Code, den Sie im Feld «SMS-Code» eingeben. Dafür entstehen Ihnen keine SMS-Kosten. Bitte geben Sie die Nummer im folgenden Format ein: +41(79) 111 22 33. Wählen Sie «SMS-Code erneut senden», wenn Sie keinen Code erhalten oder die Nummer geändert haben.",
            "Inserisca il suo numero di telefono e clicchi su «OK». Riceverà per SMS un codice di 6 cifre da inserire nel campo «Codice SMS». Questa operazione non le costa nulla. Componga il numero nel formato seguente: +41(79) 111 22 33. Selezioni «Invia di nuovo il codice SMS» se non ha ricevuto il codice o ha modificato il numero.",
            "Please enter your phone number and click “OK”. You will receive a 6-digit code by SMS to enter in the “SMS code” field. This costs you nothing. Please write the number in this format: +41(79) 111 22 33. Choose “Resend the SMS code” if you did not receive a code or changed the number."
        ),
        "sms.sent": (
            "Un code SMS a été envoyé au {phone}.", "Ein SMS-Code wurde an {phone} gesendet.",
            "Un codice SMS è stato inviato al {phone}.", "An SMS code has been sent to {phone}."
        ),
        "sms.wait": (
            "Nouvel envoi possible dans {s} s.", "Erneuter Versand möglich in {s} s.",
            "Nuovo invio possibile tra {s} s.", "You can resend in {s} s."
        ),
        "sms.format": (
            "Format : +41(79) 111 22 33", "Format: +41(79) 111 22 33", "Formato: +41(79) 111 22 33",
            "Format: +41(79) 111 22 33"
        ),
        "done.title": (
            "Enregistrement terminé", "Registrierung abgeschlossen", "Registrazione completata", "Registration complete"
        ),
        "done.text": (
            "L'enregistrement en tant qu'utilisateur et administrateur est terminé et vous pouvez vous connecter et utiliser les fonctions pratiques de connect.",
            "Die Registrierung als Benutzer und Administrator ist abgeschlossen. Sie können sich anmelden und die praktischen Funktionen von connect nutzen.",
            "La registrazione come utente e amministratore è completata: può accedere e utilizzare le funzioni pratiche di connect.",
            "Your registration as user and administrator is complete: you can log in and use connect's handy functions."
        ),
        "attach.text": (
            "Cette adresse e-mail a déjà un compte connect. Connectez-vous : l'entreprise {name} sera ensuite ajoutée à vos mandants.",
            "Diese E-Mail-Adresse hat bereits ein connect-Konto. Melden Sie sich an: Die Firma {name} wird danach Ihren Mandanten hinzugefügt.",
            "Questo indirizzo e-mail ha già un account connect. Effettui l'accesso: l'azienda {name} sarà poi aggiunta ai suoi mandanti.",
            "This e-mail address already has a connect account. Log in: the employer {name} is then added to your employers."
        ),
        "attach.done": (
            "L'entreprise a été ajoutée à vos mandants.", "Die Firma wurde Ihren Mandanten hinzugefügt.",
            "L'azienda è stata aggiunta ai suoi mandanti.", "The employer has been added to your employers."
        ),
        "login.title": ("Connexion", "Anmeldung", "Accesso", "Log in"),
        "login.forgot": ("Mot de passe oublié", "Passwort vergessen", "Password dimenticata", "Forgot password"),
        "login.register": (
            "Enregistrement avec un code d'accès", "Registrierung mit Zugangscode",
            "Registrazione con codice d'accesso",
            "Register with an access code"
        ),
        "login.smsTitle": (
            "Authentification multifacteur", "Mehrfaktor-Authentifizierung", "Autenticazione a più fattori",
            "Multi-factor authentication"
        ),
        "login.enrolTitle": (
            "Enregistrer le téléphone portable", "Mobiltelefon erfassen", "Registrare il cellulare",
            "Enrol your mobile phone"
        ),
        "login.enrolIntro": (
            "Votre compte n'a pas encore de téléphone portable pour le code SMS. Saisissez le numéro et cliquez sur « OK ».",
            "Ihr Konto hat noch kein Mobiltelefon für den SMS-Code. Geben Sie die Nummer ein und klicken Sie auf «OK».",
            "Il suo account non ha ancora un cellulare per il codice SMS. Inserisca il numero e clicchi su «OK».",
            "Your account has no mobile phone for the SMS code yet. Enter the number and click “OK”."
        ),
        "login.locked": (
            "Le compte est bloqué jusqu'au {time}.", "Das Konto ist gesperrt bis {time}.",
            "L'account è bloccato fino al {time}.", "The account is blocked until {time}."
        ),
        "login.expired": (
            "La connexion a expiré. Veuillez recommencer.", "Die Anmeldung ist abgelaufen. Bitte beginnen Sie erneut.",
            "L'accesso è scaduto. Ricominci.", "The login has expired. Please start again."
        ),
        "forgot.intro": (
            "Indiquez votre adresse e-mail. S'il existe un compte, vous recevrez un code par e-mail pour définir un nouveau mot de passe.",
            "Geben Sie Ihre E-Mail-Adresse an. Besteht ein Konto, erhalten Sie per E-Mail einen Code, um ein neues Passwort festzulegen.",
            "Indichi il suo indirizzo e-mail. Se esiste un account, riceverà per e-mail un codice per impostare una nuova password.",
            "Enter your e-mail address. If an account exists, you receive a code by e-mail to set a new password."
        ),
        "reset.title": (
            "Définir un nouveau mot de passe", "Neues Passwort festlegen", "Impostare una nuova password",
            "Set a new password"
        ),
        "reset.intro": (
            "Si un compte existe pour {email}, un code lui a été envoyé par e-mail.",
            "Falls ein Konto zu {email} besteht, wurde ein Code per E-Mail gesendet.",
            "Se esiste un account per {email}, è stato inviato un codice per e-mail.",
            "If an account exists for {email}, a code has been sent to it by e-mail."
        ),
        "reset.done": (
            "Le mot de passe a été enregistré. Vous pouvez vous connecter.",
            "Das Passwort wurde gespeichert. Sie können sich anmelden.",
            "La password è stata salvata. Può accedere.", "The password has been saved. You can log in."
        ),
        "home.tasks": ("Tâches", "Aufgaben", "Compiti", "Tasks"),
        "home.news": ("Nouveautés", "Neuigkeiten", "Novità", "News"),
        "home.empty": (
            "Aucune entrée n'a été trouvée", "Es wurden keine Einträge gefunden", "Non è stata trovata alcuna voce",
            "No entries were found"
        ),
        "home.noMandant": (
            "Votre compte n'est lié à aucune entreprise pour le moment. Si vous venez de vous enregistrer, rechargez la page dans quelques secondes.",
            "Ihr Konto ist zurzeit mit keiner Firma verbunden. Wenn Sie sich soeben registriert haben, laden Sie die Seite in einigen Sekunden neu.",
            "Il suo account non è al momento collegato ad alcuna azienda. Se si è appena registrato, ricarichi la pagina tra qualche secondo.",
            "Your account is not linked to any employer right now. If you have just registered, reload the page in a few seconds."
        ),
        "mandants.title": (
            "Gestion des mandants", "Mandantenverwaltung", "Gestione dei mandanti", "Employer management"
        ),
        "mandants.intro": (
            "Choisissez l'entreprise pour laquelle vous voulez travailler.",
            "Wählen Sie die Firma, für die Sie arbeiten möchten.",
            "Scelga l'azienda per la quale vuole lavorare.", "Choose the employer you want to work for."
        ),
        "soon.title": ("Pas encore disponible", "Noch nicht verfügbar", "Non ancora disponibile", "Not available yet"),
        "soon.text": (
            "Cette fonction n'est pas encore disponible dans le portail. Le service clientèle de la caisse de compensation vous aide volontiers.",
            "Diese Funktion ist im Portal noch nicht verfügbar. Der Kundendienst der Ausgleichskasse hilft Ihnen gerne.",
            "Questa funzione non è ancora disponibile nel portale. Il servizio clienti della cassa di compensazione l'aiuta volentieri.",
            "This function is not available in the portal yet. The compensation fund's customer service is glad to help."
        ),
        "error.title": ("Erreur", "Fehler", "Errore", "Error"),
        "error.403": (
            "Le formulaire a expiré ou ne vient pas de cette page. Rechargez la page et réessayez.",
            "Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Laden Sie die Seite neu und versuchen Sie es erneut.",
            "Il modulo è scaduto o non proviene da questa pagina. Ricarichi la pagina e riprovi.",
            "The form has expired or does not come from this page. Reload the page and try again."
        ),
        "error.404": (
            "Cette page n'existe pas.", "Diese Seite existiert nicht.", "Questa pagina non esiste.",
            "This page does not exist."
        ),
        "error.405": (
            "Cette méthode n'est pas permise ici.", "Diese Methode ist hier nicht erlaubt.",
            "Questo metodo non è permesso qui.", "This method is not allowed here."
        ),
        "error.400": (
            "La requête n'est pas valable (champ répété ou codage incorrect).",
            "Die Anfrage ist ungültig (wiederholtes Feld oder falsche Kodierung).",
            "La richiesta non è valida (campo ripetuto o codifica errata).",
            "The request is not valid (a repeated field or a bad encoding)."
        ),
        "error.413": (
            "Le formulaire envoyé est trop grand.", "Das gesendete Formular ist zu gross.",
            "Il modulo inviato è troppo grande.",
            "The form sent is too large."
        ),
        "error.415": (
            "Ce type de contenu n'est pas accepté.", "Dieser Inhaltstyp wird nicht akzeptiert.",
            "Questo tipo di contenuto non è accettato.",
            "This content type is not accepted."
        ),
        "error.429": (
            "Trop de tentatives depuis votre adresse. Réessayez dans {s} secondes.",
            "Zu viele Versuche von Ihrer Adresse. Versuchen Sie es in {s} Sekunden erneut.",
            "Troppi tentativi dal suo indirizzo. Riprovi tra {s} secondi.",
            "Too many attempts from your address. Try again in {s} seconds."
        ),
        "error.back": (
            "Retour à la page d'accueil", "Zurück zur Startseite", "Torna alla pagina iniziale", "Back to the home page"
        ),
        "error.required": (
            "Ce champ est obligatoire.", "Dieses Feld ist ein Pflichtfeld.", "Questo campo è obbligatorio.",
            "This field is required."
        ),
        "error.session": (
            "Votre session a pris fin. Veuillez vous reconnecter.",
            "Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.",
            "La sua sessione è terminata. Effettui di nuovo l'accesso.", "Your session has ended. Please log in again."
        ),
        "loggedOut": ("Vous êtes déconnecté.", "Sie sind abgemeldet.", "È disconnesso.", "You are logged out."),
    ]
}
