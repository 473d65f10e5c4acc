"""Every screen of the portal, once: the accessibility walk (axe, 320 px, focus),
the language walk (fr, de, it, en) and scripts/portal-screenshots.py all take
their list from here. A new screen is one more entry.

reach:
  "anonymous"  opened by its path in a browser without a session
  "admin"      opened by its path as the signed-in connect administrator (Gilbert);
               {user} is replaced by the id of another user of his employer
  "flow"       a step inside a flow (registration, login, new user, …): the
               keyboard story (a11y_walk.py) reaches it and checks it there,
               since its state lives in the flow's cookie
  "error"      like "flow", with a refusal shown beside its field (checked in the
               language of the page only: the refusal is the answer to a POST)

The walk fails when a "flow" or "error" entry is never reached, or when the story
checks a screen that has no entry.
"""

from collections import namedtuple

Screen = namedtuple("Screen", "name path reach what")

SCREENS = [
    # Anonymous
    Screen("login", "/", "anonymous", "Connexion: Adresse e-mail, Mot de passe, Continuer, Mot de passe oublié"),
    Screen("register-access-code", "/register", "anonymous", "registration step 1: Code d'accès"),
    Screen("forgot-password", "/password/forgot", "anonymous", "Mot de passe oublié: the e-mail address"),
    Screen("register-done", "/register/done", "anonymous", "registration finished"),
    Screen("not-found", "/no-such-page", "anonymous", "the 404 page"),
    # Registration (keyboard story)
    Screen("register-access-code-refused", "/register", "error", "step 1 with a wrong access code"),
    Screen("register-email", "/register/email", "flow", "step 2: Adresse e-mail"),
    Screen("register-verify", "/register/verify", "flow", "step 3: the activation code"),
    Screen("register-account", "/register/account", "flow", "step 4: Ouverture de compte"),
    Screen("register-account-refused", "/register/account", "error", "step 4 with two different passwords"),
    Screen("register-sms", "/register/sms", "flow", "Créer un code SMS: the number, then the code"),
    # Login (keyboard story)
    Screen("login-refused", "/login", "error", "the login with a wrong password"),
    Screen("login-sms", "/login/sms", "flow", "the login's Code SMS"),
    # Signed in as the connect administrator
    Screen("home", "/", "admin", "home: the employer, Tâches, Nouveautés, the ⋮ menu"),
    Screen("home-menu", "/", "flow", "home with the ⋮ menu open (Enter on it)"),
    Screen("users", "/users", "admin", "Gestion des utilisateurs"),
    Screen("users-incl-disabled", "/users?all=1&sort=-name", "admin", "the list incl. deactivated, sorted down"),
    Screen("user-detail", "/users/detail?id={user}", "admin", "Détail"),
    Screen("user-edit", "/users/edit?id={user}", "admin", "Editer: names, Désactivé, Autorisation"),
    Screen("new-user", "/users/new", "admin", "Nouveau: Saisir l'utilisateur, the e-mail"),
    Screen("mandants", "/mandants", "admin", "Gestion des mandants"),
    Screen("profile", "/profile", "admin", "Profil d'utilisateur"),
    Screen("profile-password", "/profile/password", "admin", "Profil: Changer le mot de passe"),
    Screen("profile-phone", "/profile/phone", "admin", "Profil: Changer le numéro de téléphone"),
    Screen("profile-email", "/profile/email", "admin", "Profil: Changer l'adresse e-mail"),
    Screen("settings", "/settings", "admin", "Paramètres connect"),
    Screen("delegations", "/delegations", "admin", "Paramètres de délégation"),
    Screen("audit", "/audit", "admin", "Journal des modifications"),
    Screen("audit-filtered", "/audit?action=user.create", "admin", "the audit trail filtered by action"),
    # New user (keyboard story)
    Screen("new-user-account", "/users/new/account", "flow", "Nouveau, step 2: names, Langue, Créer / Mémoriser"),
    Screen("new-user-sms", "/users/new/sms", "flow", "Nouveau, variant 1: the SMS dialog"),
]

LANGUAGES = ["fr", "de", "it", "en"]


def by_name(name):
    for s in SCREENS:
        if s.name == name:
            return s
    raise KeyError("no screen %r in Tests/Browser/screens.py" % name)


def reached_by(*reach):
    return [s for s in SCREENS if s.reach in reach]
