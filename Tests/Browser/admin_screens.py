#!/usr/bin/python3
"""The admin screens of issue 15 in headless Chromium against the real trio and
portal (started by PortalAdminBrowserTests, which also set up the people):

home's « Tâches » (Claudine invited, variant 2; Paul waiting for his SMS code,
variant 1) → « Renvoyer » and the welcome e-mail again in the notifier's outbox →
« Nouveautés » from the fund's file → « Paramètres de délégation »: Fritz
(fiduciary) gets « Déclarations de salaires » until an end date → Fritz logs in and
sees only that theme → « Révoquer » → Fritz's next page no longer has the
employer → « Journal des modifications »: paging, filter by action and person,
both exports downloaded and read back → the same screens in German.

Usage: admin_screens.py --url URL --outbox DIR --shots DIR --downloads DIR --end-date YYYY-MM-DD --end-shown DD.MM.YYYY
Exit 0 only if every step did what it should; each step is printed.
"""

import glob
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from play import arguments, closed_at_the_end, play, step  # noqa: E402
from portal import Outbox, Page, StepFailed, browser, log_in  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

E, F = "1283.220", "2000.100"
GILBERT, GILBERT_E164 = "gilbert@modelesa.ch", "+41791112233"
FRITZ, FRITZ_E164 = "fritz@treuhand.ch", "+41792223344"
PASSWORD = "Velo-Rouge-2026"
CLAUDINE = "claudine@modelesa.ch"

def full(p, name):
    """A screenshot of the whole page (the screens here are longer than the window)."""
    height = p.d.execute_script("return document.documentElement.scrollHeight")
    p.d.set_window_size(1280, min(max(height + 120, 1000), 4000))
    try:
        return p.shot(name)
    finally:
        p.d.set_window_size(1280, 1000)


def menu_entries(p):
    return [p.norm(a.get_attribute("textContent") or "") for a in p.d.find_elements(By.CSS_SELECTOR, "details.menu a")]


def tasks(g, outbox):
    step("home « Tâches »: Claudine (variant 2) and Paul (variant 1) have not finished")
    g.expect_text("Tâches", "Muster, Claudine (claudine@modelesa.ch) n'a pas encore fait sa première connexion.",
                  "Porte, Paul (paul@modelesa.ch) attend la confirmation du code SMS.")
    step("« Nouveautés » shows the fund's notice, the markup in it as text")
    g.expect_text("Nouveautés", "Fermeture de fin d'année", "<script>alert(1)</script>")
    if g.d.execute_script("return Array.from(document.scripts).filter(s => s.textContent.includes('alert')).length"):
        raise StepFailed("the notice's <script> ran as markup")
    g.shot("home-tasks-news-fr")
    step("« Renvoyer » for Claudine: the welcome e-mail again in the notifier's outbox")
    outbox.seen.update(glob.glob(os.path.join(outbox.dir, "email", "*")))
    g.press("Renvoyer")
    g.expect_text("L'invitation a été renvoyée par e-mail.")
    path, text = outbox.wait("email", CLAUDINE)
    print("    outbox: %s" % os.path.basename(path))
    links = [a.get_attribute("href") for a in g.d.find_elements(By.CSS_SELECTOR, "li.pending a.button")]
    if not links or "/users/edit?id=" not in links[0]:
        raise StepFailed("Paul's « Renvoyer le code SMS » does not open Editer: %s" % links)


def variant1_again(g, outbox):
    step("« Renvoyer le code SMS » for Paul: Editer, his number, a new code to his phone, OK: he is done")
    outbox.seen.update(glob.glob(os.path.join(outbox.dir, "sms", "*")))
    g.press("Renvoyer le code SMS")
    g.type("Numéro de téléphone", "079 333 44 55")
    g.press("Mémoriser")
    if g.has_field("Mot de passe"):
        g.type("Mot de passe", PASSWORD)
        g.press("Continuer")
    code, _ = outbox.code("sms", "+41793334455")
    g.type("Code SMS", code)
    g.shot("paul-sms-again")
    g.press("OK")
    g.expect_text("Le nouveau numéro de téléphone est confirmé")
    g.open("/")
    if "Porte, Paul" in g.text():
        raise StepFailed("Paul is still among the tasks: %s" % g.text()[:800])


def grant(g, args):
    step("« Paramètres de délégation »: Fritz gets « Déclarations de salaires » until %s" % args.end_shown)
    g.press("Paramètres de délégation", menu=True)
    g.expect_text("Accorder un accès", "Délégations")
    g.shot("delegations-empty-fr")
    g.press("Accorder")
    if "Choisissez au moins un thème." not in g.text() or not g.d.find_elements(By.ID, "themes-error"):
        raise StepFailed("no theme and no e-mail: %s" % g.errors())
    g.type("Adresse e-mail", FRITZ)
    g.tick("Déclarations de salaires")
    # Chromium's date field takes its value in the page's locale segment by segment: set it as the form sends it.
    g.d.execute_script("arguments[0].value = arguments[1]", g.field("Date de fin"), args.end_date)
    g.shot("delegations-form-fr")
    g.press("Accorder")
    if g.has_field("Mot de passe"):
        g.shot("delegations-step-up")
        g.type("Mot de passe", PASSWORD)
        g.press("Continuer")
    g.expect_text("L'accès a été accordé", FRITZ, "Déclarations de salaires", args.end_shown, "active")
    full(g, "delegations-granted-fr")


def delegate_sees_only_the_theme(f, outbox, args):
    step("Fritz logs in, chooses Modèle SA: only « Déclarations de salaires », until %s" % args.end_shown)
    log_in(f, outbox, FRITZ, PASSWORD, FRITZ_E164)
    f.expect_text(E, F)
    old = f.d.find_element(By.TAG_NAME, "html")
    f.d.find_element(By.CSS_SELECTOR, 'button[aria-label^="Choisir %s "]' % E).click()
    f.settle(old)
    f.expect_text("Vos autorisations : Déclarations de salaires", "Accès délégué jusqu'au %s" % args.end_shown)
    body = f.text()
    for other in ("Comptabilité", "Allocations familiales", "Administrateur connect"):
        if other in body:
            raise StepFailed("the delegate sees %r: %s" % (other, body[:800]))
    if "Journal des modifications" in menu_entries(f):
        raise StepFailed("a delegate has the admin's audit in the menu")
    f.shot("delegate-home-fr")


def revoke(g, f):
    step("« Révoquer »: Fritz's next page no longer has Modèle SA")
    g.press("Révoquer")
    g.expect_text("La délégation a été révoquée.", "révoquée")
    if g.has_button("Révoquer"):
        raise StepFailed("still something to revoke")
    full(g, "delegations-revoked-fr")
    f.open("/")
    body = f.text()
    if F not in body or E in body:
        raise StepFailed("after the revocation Fritz's home: %s" % body[:800])
    f.shot("delegate-after-revoke")


def audit(g, downloads):
    step("« Journal des modifications » (⋮, admins): newest first, paged by 50")
    if "Journal des modifications" not in menu_entries(g):
        raise StepFailed("no audit in the admin's menu: %s" % menu_entries(g))
    g.press("Journal des modifications", menu=True)
    g.expect_text("Journal des modifications", "Délégation révoquée", "Page 1 de 2")
    rows = g.d.find_elements(By.CSS_SELECTOR, "table#audit tbody tr")
    if len(rows) != 50:
        raise StepFailed("page 1 has %d rows" % len(rows))
    full(g, "audit-fr")
    g.press("Page suivante ›")
    g.expect_text("Page 2 de 2", "Enregistrement terminé")
    g.shot("audit-page2")
    step("filter by action « Délégation accordée », then by person « claudine »")
    g.choose("Action", "Délégation accordée")
    g.press("Chercher")
    cells = [g.norm(tr.find_elements(By.TAG_NAME, "td")[2].text) for tr in g.d.find_elements(By.CSS_SELECTOR, "table#audit tbody tr")]
    if cells != ["Délégation accordée"]:
        raise StepFailed("action filter listed %s" % cells)
    g.expect_text(FRITZ, "(1 entrée(s))")
    g.choose("Action", "Toutes les actions")
    g.type("Personne", "claudine")
    g.press("Chercher")
    targets = {g.norm(tr.find_elements(By.TAG_NAME, "td")[3].text) for tr in g.d.find_elements(By.CSS_SELECTOR, "table#audit tbody tr")}
    if targets != {CLAUDINE}:
        raise StepFailed("person filter listed %s" % targets)
    total = int(re.search(r"\((\d+) entrée", g.text()).group(1))
    g.shot("audit-filtered")
    step("both exports of the filtered trail, read back (openpyxl, pdftotext)")
    for button, suffix in (("Export Excel", ".xlsx"), ("Export PDF", ".pdf")):
        before = set(glob.glob(os.path.join(downloads, "*")))
        g.press(button)
        path = newest(downloads, suffix, before)
        if suffix == ".xlsx":
            import openpyxl
            ws = openpyxl.load_workbook(path).active
            rows = list(ws.iter_rows(values_only=True))
            if rows[0][:4] != ("Date", "Personne", "Action", "Concerne") or len(rows) - 1 != total \
                    or {r[3] for r in rows[1:]} != {CLAUDINE}:
                raise StepFailed("%s: %s" % (os.path.basename(path), rows[:4]))
        else:
            text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, timeout=30).stdout
            if "Journal des modifications — Modèle SA (1283.220)" not in text or "«claudine»" not in text:
                raise StepFailed("%s:\n%s" % (os.path.basename(path), text[:1200]))
        print("    %s → %s (%d bytes)" % (button, os.path.basename(path), os.path.getsize(path)))


def newest(directory, suffix, before, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [p for p in glob.glob(os.path.join(directory, "*" + suffix)) if p not in before]
        if done:
            time.sleep(0.2)
            return done[0]
        time.sleep(0.1)
    raise StepFailed("no %s downloaded into %s" % (suffix, directory))


def german(g):
    step("the same screens in German: news, tasks, delegation, audit")
    g.open("/")
    g.press("Deutsch")
    # The switch becomes the profile's language; admin's copy, which home follows, hears of it a moment later.
    deadline = time.time() + 10
    while g.d.execute_script("return document.documentElement.lang") != "de" and time.time() < deadline:
        time.sleep(0.2)
        g.open("/")
    g.expect_text("Aufgaben", "Neuigkeiten", "Jahresende", "hat sich noch nicht zum ersten Mal angemeldet")
    if "Fermeture" in g.text():
        raise StepFailed("the French notice on the German page")
    g.shot("home-de")
    g.open("/delegations")
    g.expect_text("Delegationseinstellungen", "Zugriff gewähren", "Enddatum", "widerrufen")
    full(g, "delegations-de")
    g.open("/audit")
    g.expect_text("Änderungsprotokoll", "Delegation widerrufen", "Geändert von")
    full(g, "audit-de")
    g.press("Français")


def story(args):
    outbox = Outbox(args.outbox)
    g = Page(browser(args.downloads), args.url, args.shots, "gilbert")
    with closed_at_the_end([g]) as pages:
        step("Gilbert logs in")
        log_in(g, outbox, GILBERT, PASSWORD, GILBERT_E164)
        tasks(g, outbox)
        variant1_again(g, outbox)
        grant(g, args)
        f = Page(browser(args.downloads), args.url, args.shots, "fritz")
        pages.append(f)
        delegate_sees_only_the_theme(f, outbox, args)
        revoke(g, f)
        audit(g, args.downloads)
        german(g)


def main():
    args = arguments("--url", "--outbox", "--shots", "--downloads", "--end-date", "--end-shown")
    return play(story, args, "The admin screens played through the portal in %.1f s: every step did what it should.")


if __name__ == "__main__":
    sys.exit(main())
