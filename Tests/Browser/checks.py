"""What every screen must hold, checked in the browser on the page as it is shown:
axe-core finds no serious or critical violation (WCAG 2.1 A/AA), the page works at
320 px (no horizontal scroll, nothing cut off; screenshot taken and checked), error
messages are tied to their fields, the language is the one asked for with no raw
key, no empty label/button/heading and no word of another language."""

import glob
import importlib.util
import os
import re
import struct

from portal import StepFailed

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def find_axe(repo_root):
    """axe.min.js from the wheel axe-playwright-python: `make test-deps` installs it under
    .build/axe; a pip install elsewhere on the path does too (only the script is used)."""
    env = os.environ.get("CONNECT_AXE_JS")
    candidates = [env] if env else []
    candidates += glob.glob(os.path.join(repo_root, ".build", "axe", "axe_playwright_python", "axe.min.js"))
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec and spec.submodule_search_locations:
        candidates += [os.path.join(p, "axe.min.js") for p in spec.submodule_search_locations]
    return next((c for c in candidates if c and os.path.isfile(c)), None)


class Axe:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.source = f.read()
        m = re.search(r"axe v(\d+\.\d+\.\d+)", self.source[:200])
        self.version = m.group(1) if m else "?"
        self.runs = 0
        self.minor = {}

    def check(self, d, where):
        """Injects axe (through WebDriver, so the page's CSP does not apply) and runs it."""
        if not d.execute_script("return !!window.axe"):
            d.execute_script(self.source)
        found = d.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
              .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1).join(' '))}))))
              .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));""", AXE_TAGS)
        self.runs += 1
        bad = [v for v in found if v["impact"] in BLOCKING]
        for v in found:
            if v["impact"] not in BLOCKING:
                self.minor.setdefault("%s (%s)" % (v["id"], v["impact"]), set()).add(where)
        if bad:
            raise StepFailed("axe %s on %s: %d serious/critical violation(s):\n%s" % (self.version, where, len(bad), "\n".join(
                "  [%s] %s: %s\n    %s" % (v["impact"], v["id"], v["help"], "\n    ".join(v["nodes"])) for v in bad)))


# --- 320 px

def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise StepFailed("%s is not a PNG" % path)
    return struct.unpack(">II", head[16:24])


def narrow(d, where, shot_path, width=320):
    """At 320 CSS px (WCAG 1.4.10 reflow): no horizontal scroll, no element cut off at the
    right edge except inside a container that scrolls itself (a wide data table may)."""
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        found = d.execute_script("""
            const w = document.documentElement.clientWidth, out = [];
            const scroller = e => { for (let p = e.parentElement; p; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
            for (const e of document.body.querySelectorAll('*')) {
              const r = e.getBoundingClientRect(), s = getComputedStyle(e);
              if (!r.width || !r.height || s.visibility === 'hidden' || s.position === 'absolute' && r.right < 0) continue;
              if ((r.right > w + 1 || r.left < -1) && !scroller(e)) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                  (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
            }
            return [innerWidth, w, document.documentElement.scrollWidth, document.body.scrollWidth, out.slice(0, 6)];""")
        inner, client, scroll_w, body_w, cut = found
        if inner != width:
            raise StepFailed("%s: the viewport is %d px, not %d" % (where, inner, width))
        d.save_screenshot(shot_path)
        w, _ = png_size(shot_path)
        if w != width:
            raise StepFailed("%s: the 320 px screenshot is %d px wide" % (where, w))
        if max(scroll_w, body_w) > client:
            raise StepFailed("%s at %d px: horizontal scroll (scrollWidth %d > %d); beyond the edge: %s"
                             % (where, width, max(scroll_w, body_w), client, cut))
        if cut:
            raise StepFailed("%s at %d px: cut off at the edge: %s" % (where, width, cut))
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# --- error messages tied to their fields

def errors_tied(d, where, expect=False):
    """Every `<field>-error` is in its field's aria-describedby, and the field is aria-invalid."""
    found = d.execute_script("""
        const out = [];
        for (const e of document.querySelectorAll('.error[id$="-error"]')) {
          const f = document.getElementById(e.id.slice(0, -6));
          if (!f || !/^(INPUT|SELECT|TEXTAREA)$/.test(f.tagName)) { out.push([e.id, null, null, e.textContent.trim()]); continue; }
          out.push([e.id, (f.getAttribute('aria-describedby') || '').split(/\\s+/).includes(e.id), f.getAttribute('aria-invalid'), e.textContent.trim()]);
        }
        return out;""")
    tied = [f for f in found if f[1] is not None]
    for eid, described, invalid, text in tied:
        if not described or invalid != "true":
            raise StepFailed("%s: %s (%r) is not tied to its field (aria-describedby %s, aria-invalid %r)"
                             % (where, eid, text, described, invalid))
        if not text:
            raise StepFailed("%s: %s is empty" % (where, eid))
    if expect and not tied:
        raise StepFailed("%s: no error message beside a field (%s)" % (where, found))
    return len(tied)


# --- focus visible

def luminance(rgb):
    def ch(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb[:3]
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse_color(s):
    m = re.match(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", s or "")
    if not m:
        return None
    return tuple(float(x) for x in m.groups()[:3]) + (float(m.group(4)) if m.group(4) else 1.0,)


FOCUS_JS = """
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    let bg = 'rgb(255, 255, 255)';
    for (let p = e.parentElement; p; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor;
      if (c && c !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(c)) { bg = c; break; }
    }
    return [e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''), s.outlineStyle, s.outlineWidth, s.outlineColor, bg,
            e.matches(':focus-visible'), (e.textContent || e.value || '').trim().slice(0, 30)];"""


def focus_visible(d, where):
    """The focused element shows a :focus-visible outline of at least 2 px whose colour
    contrasts 3:1 with the background around it (WCAG 2.4.7, 1.4.11)."""
    f = d.execute_script(FOCUS_JS)
    if f is None:
        return None
    tag, style, width, color, bg, visible, text = f
    c, b = parse_color(color), parse_color(bg)
    ratio = contrast(c, b) if c and b else 0
    if not visible or style in ("none", "hidden") or float(width.replace("px", "") or 0) < 2 or ratio < 3:
        raise StepFailed("%s: focus on %s %r is not visible (:focus-visible %s, outline %s %s %s on %s, contrast %.2f:1)"
                         % (where, tag, text, visible, style, width, color, bg, ratio))
    return ratio


# --- languages

# The guide's words (and the portal's own) that belong to one language only. Words the
# languages share (Menu, OK, SMS, Export PDF, Detail, Description, Password, connect,
# Mandant…) are not listed; a word in two lists is dropped for both.
WORDS = {
    "fr": ["Utilisateur", "utilisateurs", "Enregistrer", "Enregistrement", "Annuler", "Continuer", "Mémoriser", "Mot de passe",
           "Adresse e-mail", "Prénom", "Nom de famille", "Langue", "Chercher", "Recherche", "Redémarrer", "Désactivé",
           "Déconnecter", "Créer", "Retour", "Gestion des", "Paramètres", "Tâches", "Nouveautés", "Détail", "Editer",
           "Nouveau", "Connexion", "oublié", "Bloqué", "Autorisation", "Référence", "Code d'accès", "Numéro de téléphone",
           "Aucune entrée", "Veuillez", "Entrez", "Accueil", "obligatoire", "Choisir", "Accepter", "Refuser", "Texte",
           "Ouverture de compte", "Saisir", "Profil d'utilisateur", "Aller au contenu", "Erreur", "Cette page"],
    "de": ["Benutzer", "Weiter", "Speichern", "Abbrechen", "Zurück", "Passwort", "Anmeldung", "Abmelden", "Suchen", "Suche",
           "Erstellen", "Bearbeiten", "Sprache", "Vorname", "Nachname", "Einstellungen", "Aufgaben", "Neuigkeiten",
           "Zugangscode", "Telefonnummer", "Deaktiviert", "Bitte", "Startseite", "Pflichtfeld", "Auswählen", "Zum Inhalt",
           "Fehler", "Seite"],
    "it": ["Utente", "utenti", "Continua", "Salva", "Annulla", "Indietro", "Cerca", "Ricerca", "Crea", "Modifica", "Lingua",
           "Cognome", "Impostazioni", "Compiti", "Novità", "Codice", "Disconnetti", "Disattivato", "Nuovo", "Dettaglio",
           "Gestione", "Inserisca", "obbligatorio", "Scegli", "Vai al contenuto", "Errore", "pagina"],
    "en": ["User", "Users", "Continue", "Save", "Cancel", "Back", "Search", "Create", "Edit", "Language", "First name",
           "Last name", "Settings", "Tasks", "News", "Log out", "Log in", "Please", "required", "Choose", "Phone number",
           "Deactivated", "Home", "Skip to content", "Error"],
}

TEXT_JS = """
    const lang = document.documentElement.lang, texts = [], attrs = [], empty = [];
    const mine = e => { const l = e.closest('[lang]'); return !l || l.lang === lang; };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      const p = n.parentElement;
      if (p && !p.closest('script, style') && mine(p) && n.textContent.trim()) texts.push(n.textContent.trim());
    }
    texts.push(document.title);
    for (const e of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], input[type=submit], input[type=button]')) {
      if (!mine(e)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (e.hasAttribute(a)) attrs.push(e.getAttribute(a));
      if (e.tagName === 'INPUT' && /submit|button/.test(e.type)) attrs.push(e.value);
    }
    const named = e => (e.getAttribute('aria-label') || e.textContent || e.value || '').trim() ||
        Array.from(e.querySelectorAll('[aria-label]')).map(x => x.getAttribute('aria-label')).join('').trim();
    for (const e of document.querySelectorAll('label, button, h1, h2, h3, h4, legend, th, option, a[href], summary, caption'))
      if (!named(e)) empty.push(e.outerHTML.slice(0, 140));
    return [lang, texts, attrs, empty];"""

RAW_KEY = re.compile(r"(?<![\w@./:-])[a-z][a-z0-9]+(?:\.[a-z][A-Za-z0-9]+)+(?![\w@/:-])")
DOMAIN = re.compile(r"\.(ch|com|org|net|example|li|de|fr|it)$")
PLACEHOLDER = re.compile(r"\{[A-Za-z]+\}")


def foreign_words(lang):
    own = set(WORDS[lang])
    shared = {w for l, ws in WORDS.items() for w in ws if sum(w in o for o in WORDS.values()) > 1}
    out = []
    for other, words in WORDS.items():
        if other != lang:
            out += [(other, w) for w in words if w not in own and w not in shared]
    return [(other, w, re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)")) for other, w in out]


FOREIGN = {lang: foreign_words(lang) for lang in WORDS}


def language(d, where, lang):
    """The page speaks `lang`: <html lang>, no raw translation key or unfilled {placeholder},
    no empty label/button/heading, no word that belongs to another language."""
    page_lang, texts, attrs, empty = d.execute_script(TEXT_JS)
    if page_lang != lang:
        raise StepFailed("%s: <html lang=%r>, asked for %r" % (where, page_lang, lang))
    problems = ["empty %s" % e for e in empty]
    for t in texts + attrs:
        for m in RAW_KEY.finditer(t):
            if not DOMAIN.search(m.group(0)):
                problems.append("raw key %r in %r" % (m.group(0), t[:80]))
        for m in PLACEHOLDER.finditer(t):
            problems.append("unfilled %s in %r" % (m.group(0), t[:80]))
        for other, word, rx in FOREIGN[lang]:
            if rx.search(t):
                problems.append("%s word %r in %r" % (other, word, t[:80]))
    if problems:
        raise StepFailed("%s (%s): %s" % (where, lang, "; ".join(sorted(set(problems))[:12])))
    return len(texts) + len(attrs)


BROKEN_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Benutzer</title>
<style>#wide { width: 600px } button:focus, button:focus-visible { outline: none }</style></head><body>
<h1></h1><p>Benutzerverwaltung: Enregistrer, menu.audit, {name}</p>
<input id="q"><p class="error" id="q-error">Fehler</p>
<div id="wide">600 px</div><button id="b">Suchen</button></body></html>"""


def prove(d, axe, shots):
    """Each check above fails on a page built to break it: none of them can pass blindly."""
    import urllib.parse
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    d.get("data:text/html;charset=utf-8," + urllib.parse.quote(BROKEN_PAGE))
    ActionChains(d).send_keys(Keys.TAB, Keys.TAB).perform()  # the input, then the button without a ring
    def lang():
        try:
            language(d, "broken page", "de")
        except StepFailed as e:
            missing = [w for w in ("empty <h1>", "fr word 'Enregistrer'", "raw key 'menu.audit'", "unfilled {name}") if w not in str(e)]
            if missing:
                raise AssertionError("the language check missed %s: %s" % (missing, e))
            raise
    cases = [("language", lang),
             ("errors tied", lambda: errors_tied(d, "broken page")),
             ("focus visible", lambda: focus_visible(d, "broken page")),
             ("320 px", lambda: narrow(d, "broken page", os.path.join(shots, "broken-page-320.png")))]
    if axe:
        cases.append(("axe", lambda: axe.check(d, "broken page")))
    caught = []
    for name, check in cases:
        try:
            check()
        except StepFailed as e:
            caught.append(name)
            continue
        raise StepFailed("the %s check passed a page built to fail it" % name)
    if axe:
        axe.runs -= 1
    return caught
