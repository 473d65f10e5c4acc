"""The web tier's rules (portal.md) checked from the browser and with raw requests:
cookie flags, anti-forgery token and Origin, headers, escaping of hostile names,
the exports as downloads, logout ending identity's session."""

import glob
import os
import subprocess
import time
import urllib.parse

from portal import StepFailed, raw

CSP_MUST = ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
            "frame-ancestors 'none'", "form-action 'self'"]
HOSTILE_FIRST = "<img src=x onerror=alert(1)>"
HOSTILE_LAST = "\"><script>alert(2)</script>\u202eevil\u200f"


def session_cookie(p):
    """The session cookie (the __Host- one named …session…)."""
    cookies = [c for c in p.d.get_cookies() if c["name"].startswith("__Host-") and "session" in c["name"]]
    if not cookies:
        raise StepFailed("no __Host-…session cookie in the browser: %s" % [c["name"] for c in p.d.get_cookies()])
    return cookies[0]


def cookie_header(p):
    return "; ".join("%s=%s" % (c["name"], c["value"]) for c in p.d.get_cookies())


def cookie_flags(p):
    others = [c for c in p.d.get_cookies() if c is not session_cookie(p)]
    for c in others:
        if not c["name"].startswith("__Host-") or not c.get("secure") or not c.get("httpOnly"):
            raise StepFailed("cookie %s: every cookie is __Host-, Secure, HttpOnly: %s" % (c["name"], c))
    c = session_cookie(p)
    print("    cookie %s: httpOnly=%s secure=%s sameSite=%s path=%s" % (c["name"], c.get("httpOnly"), c.get("secure"),
                                                                      c.get("sameSite"), c.get("path")))
    if not c.get("httpOnly"):
        raise StepFailed("the session cookie is not HttpOnly")
    if not c.get("secure"):
        raise StepFailed("the session cookie is not Secure")
    if c.get("sameSite") not in ("Lax", "Strict"):
        raise StepFailed("the session cookie's SameSite is %r" % c.get("sameSite"))
    if c.get("path") != "/" or c.get("domain", "").startswith("."):
        raise StepFailed("a __Host- cookie has Path=/ and no Domain: %s" % c)
    if c["value"] in p.d.execute_script("return document.cookie"):
        raise StepFailed("the session token is readable by scripts")
    if c["value"] in p.d.page_source or c["value"] in p.d.current_url:
        raise StepFailed("the session token appears in the page or the URL")


def post_form(p):
    """The logout form of the current page: (action URL, its fields)."""
    forms = p.d.execute_script("""
        return Array.from(document.forms).filter(f => f.method.toLowerCase() === 'post').map(f => ({
            action: f.action, fields: Array.from(f.elements).filter(e => e.name).map(e => [e.name, e.value, e.type])}));""")
    logout = [f for f in forms if f["action"].endswith("/logout")]
    if not logout:
        raise StepFailed("no POST form to /logout on %s: %s" % (p.path(), [f["action"] for f in forms]))
    return logout[0]["action"], logout[0]["fields"]


def token_of(fields):
    hidden = [f for f in fields if f[2] == "hidden"]
    named = [f for f in hidden if "csrf" in f[0].lower() or "token" in f[0].lower()]
    chosen = (named or hidden)
    if not chosen:
        raise StepFailed("the POST form carries no hidden anti-forgery token: %s" % fields)
    return chosen[0][0], chosen[0][1]


def forgery(g, c):
    """POSTs to /logout that must all be refused with 403, after which Gilbert is still logged in."""
    g.open("/users")
    action, fields = post_form(g)
    name, token = token_of(fields)
    c.open("/")
    _, c_fields = post_form(c)
    _, claudine_token = token_of(c_fields)
    origin = g.base
    cookie = cookie_header(g)
    form = "application/x-www-form-urlencoded"

    def post(body, headers):
        h = {"Cookie": cookie, "Content-Type": form}
        h.update(headers)
        return raw(action, "POST", urllib.parse.urlencode(body).encode(), h)

    tampered = token[:-1] + ("A" if token[-1:] != "A" else "B")
    cases = [
        ("without the token", {}, {"Origin": origin}),
        ("with a foreign Origin", {name: token}, {"Origin": "https://evil.example"}),
        ("cross-site (Sec-Fetch-Site)", {name: token}, {"Sec-Fetch-Site": "cross-site"}),
        ("with another session's token", {name: claudine_token}, {"Origin": origin}),
        ("with a tampered token", {name: tampered}, {"Origin": origin}),
    ]
    for what, body, headers in cases:
        status, _, _ = post(body, headers)
        print("    POST /logout %s → %s" % (what, status))
        if status != 403:
            raise StepFailed("POST /logout %s answered %s, not 403" % (what, status))
    # The same from the page itself (a script that forgot the token).
    status = g.d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/logout', {method: 'POST', credentials: 'same-origin', redirect: 'manual',
                          headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'x=1'})
            .then(r => done(r.status)).catch(e => done(String(e)));""")
    print("    fetch('/logout') from the page without the token → %s" % status)
    if status != 403:
        raise StepFailed("a POST from the page without the token answered %s" % status)
    # GET changes nothing.
    status, _, _ = raw(g.base + "/logout", "GET", None, {"Cookie": cookie})
    print("    GET /logout → %s" % status)
    g.open("/users")
    g.users_table()  # still logged in


def stale_token(c, relogin):
    """A token from the page of an earlier session of the same person is refused after she logs in again."""
    c.open("/")
    action, fields = post_form(c)
    name, old = token_of(fields)
    c.press("Déconnecter", menu=True)
    relogin()
    status, _, _ = raw(action, "POST", urllib.parse.urlencode({name: old}).encode(),
                       {"Cookie": cookie_header(c), "Origin": c.base, "Content-Type": "application/x-www-form-urlencoded"})
    print("    POST /logout with the token of her previous session → %s" % status)
    if status != 403:
        raise StepFailed("a stale token (previous session) answered %s, not 403" % status)
    c.open("/")
    c.expect_text("1283.220")


def headers(g):
    cookie = cookie_header(g)
    pages = ["/", "/users", "/users?text=Modele&all=1&sort=-name", "/register", "/no-such-page"]
    for path in pages:
        for with_cookie in (True, False):
            status, h, body = raw(g.base + path, "GET", None, {"Cookie": cookie} if with_cookie else {})
            csp = h.get("Content-Security-Policy", "")
            missing = [d for d in CSP_MUST if d not in csp]
            if missing:
                raise StepFailed("GET %s (%s): CSP lacks %s: %r" % (path, status, missing, csp))
            if "unsafe-inline" in csp:
                raise StepFailed("GET %s: CSP allows inline script: %r" % (path, csp))
            if h.get("X-Content-Type-Options", "").lower() != "nosniff":
                raise StepFailed("GET %s: X-Content-Type-Options %r" % (path, h.get("X-Content-Type-Options")))
            if h.get("Referrer-Policy", "").lower() != "no-referrer":
                raise StepFailed("GET %s: Referrer-Policy %r" % (path, h.get("Referrer-Policy")))
            if with_cookie and path.startswith("/users") and "no-store" not in h.get("Cache-Control", ""):
                raise StepFailed("GET %s: personal page without Cache-Control: no-store (%r)" % (path, h.get("Cache-Control")))
            if g.base.startswith("http://") and h.get("Strict-Transport-Security"):
                raise StepFailed("HSTS over plain http")
    print("    CSP, nosniff, no-referrer on %d responses; no-store on the personal pages" % (len(pages) * 2))
    g.open("/users")
    inline = g.d.execute_script("""return [document.querySelectorAll('script:not([src])').length,
        Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
        Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(l => l.href),
        Array.from(document.querySelectorAll('script[src]')).map(s => s.src)]""")
    if inline[0] or inline[1]:
        raise StepFailed("inline script on /users: %d <script> without src, %d on* attributes" % (inline[0], inline[1]))
    assets = inline[2] + inline[3]
    if not inline[2] or not inline[3]:
        raise StepFailed("expected one CSS file and one script file, found %s" % assets)
    for url in assets:
        status, h, _ = raw(url)
        etag, cache = h.get("ETag"), h.get("Cache-Control", "")
        if status != 200 or not etag or "max-age" not in cache:
            raise StepFailed("%s: %s, ETag %r, Cache-Control %r" % (url, status, etag, cache))
        age = int(cache.split("max-age=")[1].split(",")[0])
        if age < 86400:
            raise StepFailed("%s: max-age %d is not long-lived" % (url, age))
        again, _, _ = raw(url, "GET", None, {"If-None-Match": etag})
        if again != 304:
            raise StepFailed("%s with If-None-Match: %s, not 304" % (url, again))
    print("    static %s: long-lived caching, ETag, 304" % [u.rsplit("/", 1)[-1] for u in assets])


def newest(directory, suffix, before, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [f for f in glob.glob(os.path.join(directory, "*" + suffix)) if f not in before]
        if done and not glob.glob(os.path.join(directory, "*.crdownload")):
            return done[0]
        time.sleep(0.1)
    raise StepFailed("no %s downloaded into %s (%s)" % (suffix, directory, os.listdir(directory)))


def exports(g, downloads, names):
    cookie = cookie_header(g)
    for button, suffix, mime in (("Export PDF", ".pdf", "application/pdf"),
                                 ("Export Excel", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        links = [e for e in g.clickable(button)]
        href = links[0].get_attribute("href") if links and links[0].tag_name == "a" else None
        before = set(glob.glob(os.path.join(downloads, "*")))
        g.press(button)
        path = newest(downloads, suffix, before)
        print("    %s → %s (%d bytes)" % (button, os.path.basename(path), os.path.getsize(path)))
        if suffix == ".pdf":
            text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, timeout=30).stdout
        else:
            import openpyxl
            wb = openpyxl.load_workbook(path, read_only=True)
            text = "\n".join(" | ".join("" if v is None else str(v) for v in row)
                             for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
        missing = [n for n in names if n not in text]
        if missing:
            raise StepFailed("%s lacks %s (the list as filtered, incl. deactivated):\n%s" % (os.path.basename(path), missing, text[:1500]))
        # The same download by its address (the list as filtered: incl. deactivated).
        href = href or "%s/users/export%s?all=1" % (g.base, suffix)
        if "all=1" not in href:
            raise StepFailed("%s does not export the list as filtered: %s" % (button, href))
        status, h, _ = raw(href, "GET", None, {"Cookie": cookie})
        disposition = h.get("Content-Disposition", "")
        if status != 200 or not h.get("Content-Type", "").startswith(mime) or "attachment" not in disposition \
                or suffix not in disposition:
            raise StepFailed("%s: %s %r %r" % (href, status, h.get("Content-Type"), disposition))
        if "no-store" not in h.get("Cache-Control", ""):
            raise StepFailed("%s: personal data without Cache-Control: no-store" % href)
        print("    GET %s → %s, %s" % (href[len(g.base):], h.get("Content-Type"), disposition))


def hostile_names(g, new_user, save_user):
    g.open("/users")
    new_user(g, "hostile@modelesa.ch", HOSTILE_FIRST, HOSTILE_LAST, "Fran")
    save_user(g)
    g.open("/users?all=1")
    g.no_alert()
    body = g.text()
    if HOSTILE_FIRST not in body or "<script>alert(2)</script>" not in body:
        raise StepFailed("the hostile names are not shown as text on /users:\n%s" % body[:1500])
    injected = g.d.execute_script("""return [document.querySelectorAll('img[src="x"]').length,
        Array.from(document.scripts).filter(s => s.textContent.includes('alert')).length]""")
    if injected != [0, 0]:
        raise StepFailed("the hostile names became markup: %s" % injected)
    g.shot("hostile-names")
    # Echoed in the search field and in the detail.
    g.type("Texte", HOSTILE_FIRST)
    g.press("Chercher")
    g.no_alert()
    tr = g.row_element(HOSTILE_FIRST)
    box = tr.find_elements("css selector", "input[type=checkbox]")
    box[0].click()
    g.press("Détail")
    g.no_alert()
    if HOSTILE_FIRST not in g.text():
        raise StepFailed("the detail does not show the hostile name as text")
    injected = g.d.execute_script("return document.querySelectorAll('img[src=\"x\"]').length")
    if injected:
        raise StepFailed("the hostile name became an <img> on the detail")
    g.shot("hostile-detail")
    print("    <img onerror>, \"><script>, RTL marks: text on the list, the search field and the detail; no alert")


def logout(g):
    cookie = cookie_header(g)
    g.open("/")
    g.press("Déconnecter", menu=True)
    if not g.has_field("Mot de passe"):
        raise StepFailed("after « Déconnecter » the login page is not shown (%s, h1 %r)" % (g.path(), g.h1()))
    if any(c["value"] for c in g.d.get_cookies() if c["name"].startswith("__Host-") and "session" in c["name"]):
        raise StepFailed("the session cookie is still set in the browser after logout")
    status, h, body = raw(g.base + "/users", "GET", None, {"Cookie": cookie})
    if status == 200 and b'id="users"' in body:
        raise StepFailed("the old session cookie still opens /users after logout")
    if status not in (302, 303) or not h.get("Location", "").startswith(("/", g.base + "/")):
        raise StepFailed("the old session cookie on /users: %s, not a redirect to the login page" % status)
    print("    the old cookie on /users → %s %s" % (status, h.get("Location", "")))
