#!/usr/bin/python3
"""Accessibility and languages of every screen (Tests/Browser/screens.py), against the
real trio and portal (started by PortalAccessibilityTests):

1. the anonymous screens in fr, de, it, en;
2. the whole registration with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow
   keys; nothing clicked), then the login, then user management: a variant-1 user with
   the SMS code, a variant-2 user, the admin right, a deactivation, Incl. désactivé,
   the sort, logout. Every flow screen is checked where the story reaches it;
3. the signed-in screens in the four languages.

On every screen, in every language: <html lang>, one <h1>, no raw key, no empty
label/button/heading, no word of another language, errors tied to their fields,
axe-core (no serious or critical violation); at 320 px: no horizontal scroll, a
screenshot checked. At every keyboard focus stop: a visible focus ring (3:1).

Usage: a11y_walk.py --url URL --outbox DIR --shots DIR [--axe PATH] [--langs fr,de,it,en]
       [--axe-langs …] [--narrow-langs …] [--shot-langs …] [--access-code CODE]
Exit 0 only if every check held.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
from checks import Axe  # noqa: E402
from keyboard import Keyboard  # noqa: E402
from play import play  # noqa: E402
from portal import LONG_CODE, Outbox, Page, StepFailed, browser  # noqa: E402
from screens import LANGUAGES, SCREENS  # noqa: E402
from walk import Walk  # noqa: E402

GILBERT, GILBERT_PASSWORD = "gilbert@modelesa.ch", "Velo-Rouge-1283"
GILBERT_PHONE, GILBERT_E164 = "+41(79) 111 22 33", "+41791112233"
LEA, LEA_PHONE, LEA_E164 = "lea@modelesa.ch", "079 222 33 44", "+41792223344"
CLAUDINE = "claudine@modelesa.ch"


def say(text):
    print("  " + text, flush=True)


def access_code(outbox, given=None):
    if given:
        return given
    _, letter = outbox.wait("letter", timeout=30)
    m = LONG_CODE.search(letter)
    if not m:
        raise StepFailed("no access code in the letter:\n" + letter)
    return m.group(0)


def registration(w, kb, p, outbox):
    say("registration by keyboard: a wrong access code first, then the letter's")
    code = access_code(outbox, w.access_code)
    p.open("/register")

    def wrong_code():
        kb.submit("AAAA BBBB CCCC", id="accessCode")
    wrong_code()
    w.checkpoint("register-access-code-refused", redo=wrong_code)
    kb.submit(code, label="Code d'accès")
    w.checkpoint("register-email")
    kb.submit(GILBERT, label="Adresse e-mail")
    w.checkpoint("register-verify")
    activation, _ = outbox.code("email", GILBERT)
    kb.submit(activation, label="Code d'accès")
    w.checkpoint("register-account")

    def mismatch():
        kb.type("Gilbert", id="firstName")
        kb.type(GILBERT_PASSWORD, id="password")
        kb.submit(GILBERT_PASSWORD + "!", id="password2")
    mismatch()
    w.checkpoint("register-account-refused", redo=mismatch)
    kb.type("Gilbert", label="Prénom")
    kb.type("Modele", label="Nom de famille")
    kb.choose("Fran", label="Langue")
    kb.type(GILBERT_PASSWORD, label="Mot de passe")
    kb.type(GILBERT_PASSWORD, label="Répéter le mot de passe")
    kb.tick(label="J'accepte les conditions d'utilisation")
    kb.press("Créer")
    w.checkpoint("register-sms")
    kb.submit(GILBERT_PHONE, label="Numéro de téléphone")
    sms, _ = outbox.code("sms", GILBERT_E164)
    kb.submit(sms, label="Code SMS")
    if not p.path().startswith("/register/done"):
        raise StepFailed("the SMS code did not finish the registration (%s, h1 %r, errors %s)" % (p.path(), p.h1(), p.errors()))
    kb.press("Continuer")


def login(w, kb, p, outbox):
    say("login by keyboard: without the password first, then with it and the SMS code")
    p.open("/")

    def no_password():
        kb.submit(GILBERT, id="email")
    no_password()
    w.checkpoint("login-refused", redo=no_password)
    kb.type(GILBERT, label="Adresse e-mail")
    kb.submit(GILBERT_PASSWORD, label="Mot de passe")
    w.checkpoint("login-sms")
    sms, _ = outbox.code("sms", GILBERT_E164)
    kb.submit(sms, label="Code SMS")
    p.expect_text("1283.220", "Modèle SA")


def step_up(kb, p):
    if p.d.find_elements("id", "reauthPassword"):
        kb.submit(GILBERT_PASSWORD, id="reauthPassword")


def new_user(kb, mail):
    kb.press("Nouveau")
    kb.submit(mail, label="Adresse e-mail")


def names(kb, first, language):
    kb.type(first, label="Prénom")
    kb.type("Modele", label="Nom de famille")
    kb.choose(language, label="Langue")


def row_box(p, name):
    return p.row_element(name).find_elements("css selector", "input[type=checkbox][name=id]")[0]


def edit(kb, p, name, tick_label):
    box = row_box(p, name)
    kb.focus(box)
    kb.keys(" ")
    if not box.is_selected():
        raise StepFailed("Space did not select %s's row" % name)
    kb.press("Détail")
    kb.press("Editer")
    kb.tick(label=tick_label)
    kb.press("Mémoriser")
    step_up(kb, p)
    if not p.path().startswith("/users/detail"):
        raise StepFailed("Mémoriser did not save %s (%s, errors %s)" % (name, p.path(), p.errors()))
    kb.press("Retour")


def users(w, kb, p, outbox):
    say("user management by keyboard: ⋮ → Gestion des utilisateurs, Nouveau (variant 1 and 2), rights, deactivation")
    kb.open_menu()
    w.checkpoint("home-menu", redo=kb.open_menu)
    kb.press("Gestion des utilisateurs")
    p.users_table()
    new_user(kb, LEA)
    w.checkpoint("new-user-account")
    names(kb, "Lea", "Allemand")
    kb.press("Créer")
    w.checkpoint("new-user-sms")
    kb.submit(LEA_PHONE, label="Numéro de téléphone")
    step_up(kb, p)
    sms, _ = outbox.code("sms", LEA_E164)
    kb.submit(sms, label="Code SMS")
    kb.press("Mémoriser")
    step_up(kb, p)
    p.row_element("Modele, Lea")

    new_user(kb, CLAUDINE)
    names(kb, "Claudine", "Fran")
    kb.press("Mémoriser")
    step_up(kb, p)
    p.row_element("Modele, Claudine")

    edit(kb, p, "Modele, Lea", "Administrateur connect")
    if "Administrateur connect" not in p.row_element("Modele, Lea").text:
        raise StepFailed("Lea's row after granting: " + p.row_element("Modele, Lea").text)
    edit(kb, p, "Modele, Claudine", "Désactivé")
    if any("Modele, Claudine" in n for n in p.names()):
        raise StepFailed("deactivated Claudine still listed: %s" % p.names())
    kb.tick(label="Incl. désactivé")
    kb.press("Chercher")
    p.row_element("Modele, Claudine")
    before = p.names()
    sort = [a for th in p.users_table().find_elements("css selector", "thead th") for a in th.find_elements("css selector", "a")]
    kb.press_element(sort[0])
    if p.names() != list(reversed(before)):
        raise StepFailed("Enter on « Nom d'affichage » did not turn the order: %s → %s" % (before, p.names()))
    return row_box(p, "Modele, Lea").get_attribute("value")


def logout(kb, p):
    say("Déconnecter by keyboard (⋮ opened with Enter)")
    p.open("/")
    kb.press("Déconnecter")
    if not p.has_field("Mot de passe"):
        raise StepFailed("after « Déconnecter » no login page (%s)" % p.path())


def run(args):
    axe = Axe(args.axe) if args.axe else None
    say("axe-core %s from %s" % (axe.version, args.axe) if axe else "axe-core not given: the other checks only")
    outbox = Outbox(args.outbox)
    p = Page(browser(args.shots), args.url, args.shots, "a11y")
    p.d.set_script_timeout(60)
    kb = Keyboard(p)
    w = Walk(p, kb, args.shots, langs=args.langs, axe=axe, axe_langs=args.axe_langs,
             narrow_langs=args.narrow_langs, shot_langs=args.shot_langs, access_code=args.access_code)
    timings = []
    try:
        def part(name, fn, *a, **kw):
            started = time.time()
            out = fn(*a, **kw)
            timings.append("%s %.1f s" % (name, time.time() - started))
            return out
        caught = part("checks proven", checks.prove, p.d, axe, args.shots)
        say("every check fails on a page built to break it: %s" % "; ".join(caught))
        p.open("/")
        n = part("anonymous walk", w.walk, "anonymous")
        say("%d anonymous screens in %s" % (n, ", ".join(w.langs)))
        part("registration", registration, w, kb, p, outbox)
        part("login", login, w, kb, p, outbox)
        lea = part("users", users, w, kb, p, outbox)
        n = part("signed-in walk", w.walk, "admin", user=lea)
        say("%d signed-in screens in %s" % (n, ", ".join(w.langs)))
        part("logout", logout, kb, p)
    except Exception:
        try:
            p.d.save_screenshot(os.path.join(args.shots, "failure.png"))
            print("--- on %s (h1 %r):\n%s" % (p.d.current_url, p.h1(), p.text()[:1500]))
        except Exception:
            pass
        raise
    finally:
        p.d.quit()
    missing = w.unreached()
    if missing:
        raise StepFailed("screens of screens.py never checked: %s" % missing)
    report(w, kb, axe, timings)


def report(w, kb, axe, timings):
    print("  keyboard: %d Tab presses (%d of them Shift+Tab), %d focus stops each with a visible ring (>= 3:1); nothing clicked"
          % (kb.tabs, kb.back_tabs, kb.stops))
    print("  %d screens × languages checked (%d texts), %d at 320 px, %d error messages tied to their fields"
          % (w.counts["pages"], w.counts["texts"], w.counts["narrow"], w.counts["errors tied"]))
    if axe:
        print("  axe-core %s: %d runs, no serious or critical violation" % (axe.version, axe.runs))
        for rule, where in sorted(axe.minor.items()):
            print("    (moderate/minor, not blocking) %s on %d page(s), e.g. %s" % (rule, len(where), sorted(where)[0]))
    else:
        print("  axe-core: not run (no --axe given)")
    print("  time: %s; checks %.1f s (%s)" % (", ".join(timings), w.seconds,
                                            ", ".join("%s %.1f s" % kv for kv in sorted(w.times.items()))))


def langs(s):
    out = [x for x in s.split(",") if x]
    bad = [x for x in out if x not in LANGUAGES]
    if bad:
        raise argparse.ArgumentTypeError("unknown language %s" % bad)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--outbox", required=True)
    ap.add_argument("--shots", required=True)
    ap.add_argument("--axe")
    ap.add_argument("--langs", type=langs, default=LANGUAGES)
    # axe on every screen in two languages (the markup is the same in all four; the walk checks the words in four)
    ap.add_argument("--axe-langs", type=langs, default=["fr", "de"])
    ap.add_argument("--narrow-langs", type=langs, default=["fr", "de"])
    # Desktop screenshots too (README, docs/operations.md): CONNECT_SHOT_LANGS=fr,de
    ap.add_argument("--shot-langs", type=langs, default=langs(os.environ.get("CONNECT_SHOT_LANGS", "")))
    ap.add_argument("--access-code", help="instead of the one in the newest letter of the outbox")
    args = ap.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    return play(run, args, "%d screens in %d languages%s: keyboard-only, 320 px, every language its own, in %%.1f s."
                % (len(SCREENS), len(args.langs), ", axe-clean" if args.axe else ""))


if __name__ == "__main__":
    sys.exit(main())
