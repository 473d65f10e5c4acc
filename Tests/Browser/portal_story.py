#!/usr/bin/python3
"""The administrator guide's whole story through the portal's pages in headless
Chromium, against the real trio and portal (started by PortalBrowserTests):

letter → registration (steps 1-4, SMS) → login → variant 1 (Lea, SMS code typed by
Gilbert) → variant 2 (Claudine: welcome e-mail, first login through "forgot
password" and SMS enrolment) → search → admin right → deactivation → Incl.
désactivé → both exports downloaded and read back → logout.

Usage: portal_story.py --url URL --outbox DIR --shots DIR --downloads DIR
Exit 0 only if every step did what the guide says; each step is printed.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from play import arguments, closed_at_the_end, play, step  # noqa: E402
from portal import LONG_CODE, Outbox, Page, StepFailed, browser  # noqa: E402
import security  # noqa: E402
import user_list  # noqa: E402

GILBERT = "gilbert@modelesa.ch"
GILBERT_PHONE, GILBERT_E164 = "+41(79) 111 22 33", "+41791112233"
GILBERT_PASSWORD = "Velo-Rouge-1283"
LEA, LEA_PHONE, LEA_E164 = "lea@modelesa.ch", "079 222 33 44", "+41792223344"
LEA_PASSWORD = "Aare-Bern-3011"
CLAUDINE, CLAUDINE_PHONE, CLAUDINE_E164 = "claudine@modelesa.ch", "0041 76 555 66 77", "+41765556677"
CLAUDINE_PASSWORD = "Lac-Leman-2026"
COLUMNS = ["Nom d'affichage", "Adresse e-mail", "Langue", "Désactivé", "Référence",
           "Authentification multifacteur", "Infos / remarques"]

def wait_for(condition, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return True
        except Exception:
            pass
        time.sleep(0.1)
    return False


def sms_dialog(p, outbox, phone, e164, who_reads):
    """The seed's « Créer un code SMS » dialog: number → OK → the code read from the SMS → OK."""
    p.type("Numéro de téléphone", phone)
    p.shot("sms-number")
    p.press("OK")
    code, _ = outbox.code("sms", e164)
    print("    SMS to %s (%s) carries %s" % (e164, who_reads, code))
    p.type("Code SMS", code)
    p.shot("sms-code")
    p.press("OK" if p.has_button("OK") else "Continuer")


def account_form(p, first, last, password):
    """Step 4's « Ouverture de compte »: the names, French, the password twice, the terms accepted."""
    p.type("Prénom", first)
    p.type("Nom de famille", last)
    p.choose("Langue", "Fran")
    p.type("Mot de passe", password)
    p.type("Répéter le mot de passe", password)
    p.tick("J'accepte les conditions d'utilisation")


def finish_enrolment(p):
    """After the SMS dialog the guide shows « SMS  Modifier Supprimer » and Continuer."""
    p.shot("after-sms")
    for _ in range(2):
        if p.has_button("Continuer") and not any(p.has_field(f) for f in ("Code SMS", "Mot de passe", "Adresse e-mail")):
            p.press("Continuer")


def read_letter(outbox, args):
    """The access code and the registration link, as printed in the letter (PDF → pdftotext)."""
    step("The fund's letter: the access code and the registration link")
    _, letter = outbox.wait("letter", timeout=20)
    m = LONG_CODE.search(letter)
    if not m:
        raise StepFailed("no access code in the letter:\n" + letter)
    access = m.group(0)
    links = re.findall(r"https?://[^\s<>]+", letter)
    link = next((l for l in links if l.startswith(args.url.rstrip("/") + "/register")), None)
    if not link:
        raise StepFailed("the letter does not link %s/register (links: %s):\n%s" % (args.url, links, letter))
    print("    access code %s, link %s" % (access, link))
    return access, link


def register(p, outbox, args):
    access, link = read_letter(outbox, args)
    step("Gilbert opens the letter's link: step 1, « Code d'accès »")
    p.d.get(link)
    p.shot("register-access-code")
    p.type("Code d'accès", access.lower())  # case and spaces do not matter
    p.press("Continuer")

    step("Step 2: his e-mail address")
    p.type("Adresse e-mail", GILBERT)
    p.shot("register-email")
    p.press("Continuer")

    step("Step 3: the activation e-mail's link opens the next step (the code leaves the address bar)")
    p.shot("register-activation-sent")
    code, mail = outbox.code("email", GILBERT)
    link = next((w for w in mail.replace("<", " ").replace(">", " ").split() if "/activate?code=" in w), None)
    if link:
        print("    activation link %s" % link.split("code=")[0] + "code=…")
        p.d.get(link)
        # The page swaps the link for a POST at once (script) and lands on step 4.
        if not wait_for(lambda: p.has_field("Prénom"), 5) and p.has_button("Continuer"):
            p.press("Continuer")  # without the script, a button sends it
        if not wait_for(lambda: p.has_field("Prénom"), 5):
            raise StepFailed("the activation link did not open step 4 (%s, h1 %r)" % (p.path(), p.h1()))
        back = p.d.execute_script("return [location.href, history.length]")
        if "code=" in back[0] or code.replace(" ", "") in back[0].replace("%20", "").replace("+", ""):
            raise StepFailed("the activation code stays in the address bar: " + back[0])
    else:
        print("    (no activation link in the e-mail: typing the code, as the guide allows)")
        label = "Code d'activation" if p.has_field("Code d'activation") else "Code d'accès"
        p.type(label, code)
        p.press("Continuer")

    step("Step 4: « Ouverture de compte » — names, language, password twice, terms, SMS")
    account_form(p, "Gilbert", "Modele", GILBERT_PASSWORD)
    if p.has_field("SMS"):
        p.tick("SMS")
    p.shot("register-account")
    p.press("Créer")

    step("« Créer un code SMS »: his mobile in the seed's format, the SMS code, then Continuer")
    sms_dialog(p, outbox, GILBERT_PHONE, GILBERT_E164, "Gilbert")
    finish_enrolment(p)
    p.shot("register-done")


def forgot_password(p, outbox, mail, password):
    """« Mot de passe oublié »: the code by e-mail, then the new password twice."""
    p.open("/")
    p.press("Mot de passe oublié")
    p.type("Adresse e-mail", mail)
    p.shot("forgot")
    p.press("Continuer")
    code, _ = outbox.code("email", mail)
    p.shot("forgot-code")
    label = next((l for l in ("Code de réinitialisation", "Code reçu par e-mail", "Code", "Code d'activation", "Code d'accès")
                  if p.has_field(l)), None)
    if label is None:
        raise StepFailed("no field for the reset code on " + p.path())
    p.type(label, code)
    p.type("Nouveau mot de passe" if p.has_field("Nouveau mot de passe") else "Mot de passe", password)
    p.type("Répéter le mot de passe", password)
    p.shot("forgot-new-password")
    p.press("Continuer" if p.has_button("Continuer") else "Mémoriser")


def login(p, outbox, mail, password, e164):
    p.open("/")
    p.type("Adresse e-mail", mail)
    p.type("Mot de passe", password)
    p.shot("login")
    p.press("Continuer")
    code, _ = outbox.code("sms", e164)
    p.type("Code SMS", code)
    p.shot("login-sms")
    p.press("Continuer")


def users_page(p, entry="Gestion des utilisateurs"):
    p.press(entry, menu=True)
    p.users_table()


def new_user(p, mail, first, last, language):
    p.press("Nouveau")
    p.type("Adresse e-mail", mail)
    p.shot("new-user-email")
    p.press("Continuer")
    p.type("Prénom", first)
    p.type("Nom de famille", last)
    p.choose("Langue", language)


def save_user(p):
    p.press("Mémoriser")
    if p.has_field("Mot de passe"):
        # Step-up: the service wants the password again; the page asks in place and carries on.
        p.shot("step-up")
        p.type("Mot de passe", GILBERT_PASSWORD)
        p.press("Continuer" if p.has_button("Continuer") else "OK")


def edit_user(p, name, change):
    """Seed steps 16-20: tick the row, « Détail », « Editer », change, « Mémoriser »."""
    tr = p.row_element(name)
    box = tr.find_elements("css selector", "input[type=checkbox]")
    if box:
        if not box[0].is_selected():
            box[0].click()
        p.press("Détail")
    else:
        raise StepFailed("row %s has no checkbox" % name)
    p.expect_text(name.split(", ")[1])
    p.shot("detail")
    p.press("Editer")
    change()
    p.shot("edit")
    save_user(p)


def variants(g, outbox, args):
    step("Variant 1: « Nouveau » Lea; her phone gets the SMS code, Gilbert types it; « Mémoriser »")
    new_user(g, LEA, "Lea", "Modele", "allemand")
    g.shot("new-user-variant1")
    g.press("Créer")  # « lors de l'authentification à facteurs multiples, sur Créer »
    sms_dialog(g, outbox, LEA_PHONE, LEA_E164, "Lea, read out to Gilbert")
    save_user(g)
    g.row_element("Modele, Lea")
    g.shot("users-with-lea")

    step("Variant 2: « Nouveau » Claudine without a phone; « Mémoriser »; the welcome e-mail goes out")
    new_user(g, CLAUDINE, "Claudine", "Modele", "Fran")
    g.shot("new-user-variant2")
    save_user(g)
    g.row_element("Modele, Claudine")
    _, welcome = outbox.wait("email", CLAUDINE, contains="oubli")
    if args.url.rstrip("/") not in welcome:
        raise StepFailed("the welcome e-mail does not link the portal %s:\n%s" % (args.url, welcome))


def claudine_first_login(c, outbox):
    step("Claudine's first login: « Mot de passe oublié » → code by e-mail → new password → SMS enrolment")
    forgot_password(c, outbox, CLAUDINE, CLAUDINE_PASSWORD)
    c.open("/")
    c.type("Adresse e-mail", CLAUDINE)
    c.type("Mot de passe", CLAUDINE_PASSWORD)
    c.press("Continuer")
    c.shot("enrol")
    sms_dialog(c, outbox, CLAUDINE_PHONE, CLAUDINE_E164, "Claudine")
    finish_enrolment(c)
    c.expect_text("1283.220")
    c.shot("home")


def lea_logs_in(lea, outbox):
    step("Lea (variant 1: no password yet) sets one by « Mot de passe oublié », logs in, manages users")
    forgot_password(lea, outbox, LEA, LEA_PASSWORD)
    login(lea, outbox, LEA, LEA_PASSWORD, LEA_E164)
    # Her profile says German: every page now speaks it (de: the real portal's « Benutzerverwaltung »).
    lang = lea.d.find_element("tag name", "html").get_attribute("lang")
    if lang != "de":
        raise StepFailed("Lea's profile language is German, the page is %r" % lang)
    users_page(lea, "Benutzerverwaltung")
    lea.row_element("Modele, Claudine")
    lea.shot("users-as-admin")


def lea_leaves(g, lea):
    step("Lea leaves: Détail → Editer → « Désactivé » → Mémoriser; she drops out of the list")
    g.open("/users")
    edit_user(g, "Modele, Lea", lambda: g.tick("Désactivé"))
    g.open("/users")
    if any("Modele, Lea" in n for n in g.names()):
        raise StepFailed("deactivated Lea still listed without « Incl. désactivé »: %s" % g.names())

    step("Her open session ends at once, and she cannot log in again")
    lea.open("/users")
    if lea.d.find_elements("css selector", "table#users"):
        raise StepFailed("Lea's session still opens the user list after her deactivation")
    lea.shot("session-ended")
    lea.open("/")
    lea.press("Français")  # the language switch on every page
    lea.type("Adresse e-mail", LEA)
    lea.type("Mot de passe", LEA_PASSWORD)
    lea.press("Continuer")
    if lea.has_field("Code SMS") or not lea.errors():
        raise StepFailed("a deactivated account got past the password (%s, errors %s)" % (lea.path(), lea.errors()))
    print("    her login is refused: %s" % lea.errors()[0])
    lea.shot("login-refused")


def chapters(g, pages, outbox, args):
    register(Page(g.d, args.url, args.shots, "register"), outbox, args)

    step("Gilbert logs in: e-mail and password, then the SMS code; home shows the employer")
    login(g, outbox, GILBERT, GILBERT_PASSWORD, GILBERT_E164)
    g.expect_text("1283.220", "Modèle SA", "Rue d'Exemple", "0000 Ville modèle", "Tâches", "Nouveautés")
    g.shot("home")
    security.cookie_flags(g)

    step("⋮ → « Gestion des utilisateurs »: the guide's seven columns; Gilbert is connect administrator")
    users_page(g)
    g.shot("users")
    user_list.check_columns(g, COLUMNS, "Modele, Gilbert", GILBERT)
    variants(g, outbox, args)

    c = Page(browser(args.downloads), args.url, args.shots, "claudine")
    pages.append(c)
    claudine_first_login(c, outbox)
    security.forgery(g, c)
    security.stale_token(c, lambda: login(c, outbox, CLAUDINE, CLAUDINE_PASSWORD, CLAUDINE_E164))

    step("« Recherche »: Texte « Claudine », « Chercher »; then « Redémarrer la recherche »")
    user_list.search_and_restart(g, "Claudine", "Modele, Claudine")
    step("Sort by « Nom d'affichage » ↓ by clicking the header")
    user_list.sort_down(g)

    step("Admin right: Lea → Détail → Editer → « Administrateur connect » → Mémoriser")
    edit_user(g, "Modele, Lea", lambda: g.tick("Administrateur connect"))
    g.open("/users")
    if "Administrateur connect" not in g.row_element("Modele, Lea").text:
        raise StepFailed("Lea's row after granting: " + g.row_element("Modele, Lea").text)

    c.press("Déconnecter", menu=True)  # Claudine hands the browser over to Lea
    lea = Page(c.d, args.url, args.shots, "lea")
    lea_logs_in(lea, outbox)
    lea_leaves(g, lea)

    step("« Incl. désactivé » + « Chercher » lists her again, ticked « Désactivé »")
    user_list.incl_disabled(g, "Modele, Lea")
    step("« Export PDF » and « Export Excel » of that list, downloaded and read back")
    security.exports(g, args.downloads, ["Modele, Gilbert", "Modele, Lea", "Modele, Claudine"])
    step("Hostile names are shown as text, and no script runs")
    security.hostile_names(g, new_user, save_user)
    step("The headers on every response; GET changes nothing")
    security.headers(g)
    step("« Déconnecter »: back to the login page, and the old session is dead at identity")
    security.logout(g)
    g.shot("logged-out")


def story(args):
    outbox = Outbox(args.outbox)
    g = Page(browser(args.downloads), args.url, args.shots, "gilbert")
    with closed_at_the_end([g]) as pages:
        chapters(g, pages, outbox, args)


def main():
    args = arguments("--url", "--outbox", "--shots", "--downloads")
    return play(story, args, "The guide's story played through the portal in %.1f s: every step did what the guide says.")


if __name__ == "__main__":
    sys.exit(main())
