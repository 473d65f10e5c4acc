#!/usr/bin/python3
"""The ⋮ menu's `Profil d'utilisateur`, `Gestion des mandants` and `Paramètres
connect` in headless Chromium against the real trio and portal (started by
ProfileBrowserTests, which prepares Fiona, a fiduciary: admin of Fidu SA in Bern
and of Modèle SA in Lausanne, where Lea also works):

switch mandant from the header and see the other employer's users, also through a
second portal process (same cookie key, another port) → search the
mandants by town, alias and default → profile language → password change, then
log in with it → phone change with the SMS code from the outbox → e-mail change
with the code from the outbox → the employer's contact language → "log out
everywhere" ends a session in another browser → every screen at 320 px in fr and de.

Usage: profile_story.py --url URL --url2 URL --outbox DIR --shots DIR --downloads DIR
Exit 0 only if every step did what it should; each step is printed.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from play import arguments, play, step  # noqa: E402
from portal import Outbox, Page, StepFailed, browser, log_in  # noqa: E402

FIONA, FIONA_E164 = "fiona@fidu.ch", "+41792223344"
PASSWORD, NEW_PASSWORD = "Velo-Bleu-2026", "Gurten-Bern-3084"
NEW_PHONE, NEW_E164 = "079 666 77 88", "+41796667788"
NEW_MAIL = "fiona@fidu-treuhand.ch"
SCREENS = ["/profile", "/profile/password", "/profile/phone", "/profile/email", "/mandants", "/settings"]


def user_names(p):
    p.press("Gestion des utilisateurs", menu=True)
    return " ".join(p.names())


def switch_from_header(p, outbox):
    step("Fiona switches mandant from the header and sees the other employer's users, without logging in again")
    log_in(p, outbox, FIONA, PASSWORD, FIONA_E164)
    p.open("/")
    p.choose("Mandant", "2000.100")
    p.press("Changer")
    p.expect_text("Vous travaillez maintenant pour le mandant choisi", "2000.100", "Fidu SA")
    p.shot("switched")
    names = user_names(p)
    if "Fidu, Fiona" not in names or "Modele, Lea" in names:
        raise StepFailed("Fidu SA's list shows %r" % names)
    p.choose("Mandant", "1283.220")
    p.press("Changer")
    if p.h1() != "Gestion des utilisateurs":
        raise StepFailed("the switch did not come back to the list (h1 %r)" % p.h1())
    names = " ".join(p.names())
    if "Modele, Lea" not in names:
        raise StepFailed("Modèle SA's list shows %r" % names)
    p.shot("users-modele")


def second_process(p, replica):
    step("The same browser on a second portal process (same cookie key): the chosen mandant holds, and a switch there holds here")
    replica.open("/users")
    names = " ".join(replica.names())
    if "Fidu, Fiona" not in names or "Modele, Lea" in names:
        raise StepFailed("the second process shows %r for the mandant chosen on the first" % names)
    replica.shot("replica-users")
    replica.choose("Mandant", "1283.220")
    replica.press("Changer")
    p.open("/users")
    names = " ".join(p.names())
    if "Modele, Lea" not in names:
        raise StepFailed("the first process shows %r after a switch on the second" % names)


def mandants(p):
    step("Gestion des mandants: search by town, alias and default, Choisir")
    p.press("Gestion des mandants", menu=True)
    p.expect_text("1283.220", "2000.100", "Bern", "Lausanne")
    p.shot("mandants")
    p.type("Texte", "bern")
    p.press("Chercher")
    rows = p.d.find_elements("css selector", "table#mandants tbody tr")
    if len(rows) != 1 or "2000.100" not in rows[0].text:
        raise StepFailed("search 'bern' found %r" % [r.text for r in rows])
    p.press("Editer")
    p.type("Alias", "Fidu (Bern)")
    p.tick("Mandant par défaut (ouvert après la connexion)")
    p.shot("mandant-edit")
    p.press("Mémoriser")
    p.expect_text("Le mandant a été mémorisé", "Fidu (Bern)")
    p.type("Texte", "fidu (bern)")
    p.press("Chercher")
    p.press("Choisir")
    p.expect_text("2000.100", "Fidu SA")
    if p.path() != "/":
        raise StepFailed("Choisir went to %s, not home" % p.path())


def profile_language(p):
    step("Profil d'utilisateur: the language (Allemand), then back to Français")
    p.press("Profil d'utilisateur", menu=True)
    p.expect_text(FIONA, "+41 79 *** ** 44")
    p.shot("profile")
    p.choose("Langue", "Allemand")
    p.press("Mémoriser")
    if p.h1() != "Benutzerprofil" or p.d.execute_script("return document.documentElement.lang") != "de":
        raise StepFailed("the profile did not turn German (h1 %r)" % p.h1())
    p.expect_text("Ihr Profil wurde gespeichert")
    p.shot("profile-de")
    p.choose("Sprache", "Französisch")
    p.press("Speichern")
    p.expect_text("Votre profil a été mémorisé")


def password(p, outbox):
    step("Password change (current + new twice), then a login with the new one")
    p.press("Changer le mot de passe")
    p.type("Mot de passe actuel", PASSWORD)
    p.type("Nouveau mot de passe", NEW_PASSWORD)
    p.type("Répéter le mot de passe", NEW_PASSWORD + "x")
    p.press("Mémoriser")
    if not p.d.find_elements("id", "newPassword2-error"):
        raise StepFailed("two different new passwords were not refused beside the field")
    p.type("Mot de passe actuel", PASSWORD)
    p.type("Nouveau mot de passe", NEW_PASSWORD)
    p.type("Répéter le mot de passe", NEW_PASSWORD)
    p.shot("password")
    p.press("Mémoriser")
    p.expect_text("Le mot de passe a été changé")
    p.press("Déconnecter", menu=True)
    p.expect_text("Vous êtes déconnecté")
    log_in(p, outbox, FIONA, NEW_PASSWORD, FIONA_E164)
    p.expect_text("2000.100")


def ask_for_change(p, field, value, button):
    """The first step of a phone or e-mail change: the new value and the current password."""
    p.type(field, value)
    p.type("Mot de passe", NEW_PASSWORD)
    p.press(button)


def phone(p, outbox):
    step("Phone change: the SMS code sent to the new number, read from the outbox")
    p.press("Profil d'utilisateur", menu=True)
    p.press("Changer le numéro de téléphone")
    ask_for_change(p, "Nouveau numéro de téléphone", NEW_PHONE, "OK")
    code, _ = outbox.code("sms", NEW_E164)
    print("    SMS to %s carries %s" % (NEW_E164, code))
    p.expect_text("+41 79 *** ** 88", "+41 79 *** ** 44")
    p.type("Code SMS", code)
    p.shot("phone-code")
    p.press("OK")
    p.expect_text("Le nouveau numéro de téléphone est confirmé", "+41 79 *** ** 88")


def mail(p, outbox):
    step("E-mail change: the activation code sent to the new address, read from the outbox")
    p.press("Changer l'adresse e-mail")
    ask_for_change(p, "Nouvelle adresse e-mail", NEW_MAIL, "Continuer")
    code, _ = outbox.code("email", NEW_MAIL)
    print("    e-mail to %s carries %s" % (NEW_MAIL, code))
    p.type("Code d'activation", code)
    p.shot("email-code")
    p.press("OK")
    p.expect_text("La nouvelle adresse e-mail est confirmée", NEW_MAIL)


def settings(p):
    step("Paramètres connect: Fidu SA's correspondence language")
    p.press("Paramètres connect", menu=True)
    p.expect_text("Langue de correspondance", "Bundesgasse 1", "3003 Bern")
    p.choose("Langue", "Italien")
    p.press("Mémoriser")
    p.expect_text("Les paramètres ont été mémorisés")
    selected = p.field("Langue").get_attribute("value")
    if selected != "it":
        raise StepFailed("the language shows %r after saving" % selected)
    p.shot("settings")


def narrow(p, lang_button):
    """Every screen of this slice at 320 px: shot, and nothing wider than the window."""
    p.press(lang_button)
    for path in SCREENS:
        p.open(path)
        p.shot("320-%s%s" % (lang_button[:2].lower(), path.replace("/", "-")))
        wide, window, culprits = p.d.execute_script("""
            const w = window.innerWidth, out = [];
            for (const e of document.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.right > w + 1 && !e.closest('.scroll') && out.length < 5) out.push(e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(r.right));
            }
            return [document.documentElement.scrollWidth, w, out];""")
        if wide > window:
            raise StepFailed("%s at 320 px in %s is %d px wide: %s" % (path, lang_button, wide, culprits))


def log_out_everywhere(p, other, outbox):
    step("Déconnecter partout ends the session in another browser")
    log_in(other, outbox, NEW_MAIL, NEW_PASSWORD, NEW_E164)
    other.expect_text("2000.100")
    p.press("Profil d'utilisateur", menu=True)
    p.press("Déconnecter partout")
    p.expect_text("Toutes vos sessions ont pris fin")
    if not p.has_field("Mot de passe"):
        raise StepFailed("after Déconnecter partout the login is not shown")
    other.open("/users")
    if not other.has_field("Mot de passe") or other.has_field("Texte"):
        raise StepFailed("the other browser's session survived (h1 %r)" % other.h1())
    other.shot("other-ended")


def story(args):
    outbox = Outbox(args.outbox)
    # The codes of the set-up's own logins are not this story's: only newer ones count.
    for channel in ("sms", "email"):
        outbox.seen.update(outbox._files(channel))
    d1 = browser(args.downloads)
    d2 = None
    try:
        p = Page(d1, args.url, args.shots, "fiona")
        switch_from_header(p, outbox)
        p.choose("Mandant", "2000.100")
        p.press("Changer")
        second_process(p, Page(d1, args.url2, args.shots, "replica"))
        mandants(p)
        profile_language(p)
        password(p, outbox)
        phone(p, outbox)
        mail(p, outbox)
        settings(p)
        step("Every screen at 320 px, in French and in German")
        d1.set_window_size(320, 900)
        narrow(p, "Deutsch")
        narrow(p, "Français")
        d1.set_window_size(1280, 1000)
        d2 = browser(args.downloads)
        log_out_everywhere(p, Page(d2, args.url, args.shots, "other"), outbox)
    finally:
        d1.quit()
        if d2:
            d2.quit()


def main():
    # --url2: a second portal process sharing the cookie key.
    args = arguments("--url", "--url2", "--outbox", "--shots", "--downloads")
    return play(story, args, "Profile, mandants and settings played through the portal in %.1f s: every step did what it should.")


if __name__ == "__main__":
    sys.exit(main())
