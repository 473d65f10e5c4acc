"""What the portal's browser tests share: a headless Debian Chromium driven by
Selenium (Debian's python3-selenium, /usr/bin/chromedriver: nothing downloaded),
finding fields by their <label> text and buttons by their visible text as a person
holding the guide would, screenshots of every screen, and the notifier's file
outbox (e-mail, SMS, letters) where the codes arrive."""

import email
import email.policy
import glob
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import (ElementNotInteractableException, NoAlertPresentException, StaleElementReferenceException, TimeoutException,
                                        WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

LONG_CODE = re.compile(r"(?<![A-Z0-9*])[A-Z0-9*]{4} [A-Z0-9*]{4} [A-Z0-9*]{4}(?![A-Z0-9*])")
SMS_CODE = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")


class StepFailed(Exception):
    pass


def browser(downloads):
    """Headless Chromium in French (Accept-Language fr-CH), downloads into `downloads`."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--window-size=1280,1000", "--lang=fr-CH", "--no-first-run", "--disable-extensions",
              "--disable-background-networking", "--disable-sync", "--password-store=basic"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {
        "intl.accept_languages": "fr-CH,fr",
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
    })
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(20)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


class Page:
    """One person's browser: the guide's words → elements, and a screenshot per screen."""

    def __init__(self, driver, base, shots, who):
        self.d = driver
        self.base = base.rstrip("/")
        self.shots = shots
        self.who = who
        self.count = 0

    # --- navigation and evidence

    def open(self, path):
        self.d.get(self.base + path)
        self.no_alert()

    def shot(self, name):
        """A screenshot of this screen; every screen has its language and one <h1> (README agreement)."""
        lang, h1s = self.d.execute_script(
            "return [document.documentElement.lang, document.querySelectorAll('h1').length]")
        if not lang or h1s != 1:
            raise StepFailed("%s on %s: <html lang=%r> and %d <h1> (one expected)" % (name, self.path(), lang, h1s))
        self.count += 1
        path = os.path.join(self.shots, "%s-%02d-%s.png" % (self.who, self.count, name))
        self.d.save_screenshot(path)
        return path

    def no_alert(self):
        try:
            alert = self.d.switch_to.alert
            text = alert.text
            alert.dismiss()
            raise StepFailed("a JavaScript alert opened (%r) on %s" % (text, self.d.current_url))
        except NoAlertPresentException:
            pass

    def text(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def h1(self):
        found = self.d.find_elements(By.TAG_NAME, "h1")
        return found[0].text if found else ""

    def path(self):
        url = self.d.current_url
        return url[len(self.base):] if url.startswith(self.base) else url

    def expect_text(self, *words):
        body = self.text()
        for w in words:
            if w not in body:
                raise StepFailed("%s: %r not on the page %s (h1 %r)\n%s" % (self.who, w, self.path(), self.h1(), body[:1500]))

    def errors(self):
        return [e.text for e in self.d.find_elements(By.CSS_SELECTOR, ".error") if e.text.strip()]

    # --- finding things by the guide's words

    @staticmethod
    def norm(s):
        return " ".join(s.replace("\u00a0", " ").replace("*", "").split()).strip()

    def field(self, label, required=True):
        """The control a <label for> names, by its exact text (required marker excluded)."""
        for _ in range(3):
            try:
                return self._field(label, required)
            except StaleElementReferenceException:
                time.sleep(0.1)
        return self._field(label, required)

    def _field(self, label, required):
        want = self.norm(label)
        for lab in self.d.find_elements(By.TAG_NAME, "label"):
            if self.norm(lab.get_attribute("textContent") or "") == want:
                target = lab.get_attribute("for")
                if target:
                    found = self.d.find_elements(By.ID, target)
                    if found:
                        return found[0]
        if required:
            labels = [self.norm(l.get_attribute("textContent") or "") for l in self.d.find_elements(By.TAG_NAME, "label")]
            raise StepFailed("%s: no field labelled %r on %s (labels: %s; h1 %r; errors %s)"
                             % (self.who, label, self.path(), labels, self.h1(), self.errors()))
        return None

    def has_field(self, label):
        return self.field(label, required=False) is not None

    def type(self, label, value):
        f = self.field(label)
        f.clear()
        f.send_keys(value)
        return f

    def choose(self, label, visible):
        """A <select> by label, an option by (the start of) its visible text."""
        f = self.field(label)
        for o in f.find_elements(By.TAG_NAME, "option"):
            if self.norm(o.text).lower().startswith(visible.lower()):
                o.click()
                return
        raise StepFailed("%s: no option %r in %r (%s)" % (self.who, visible, label, [o.text for o in f.find_elements(By.TAG_NAME, "option")]))

    def tick(self, label, on=True):
        f = self.field(label)
        if f.is_selected() != on:
            try:
                f.click()
            except WebDriverException:
                self.d.execute_script("arguments[0].click()", f)
        if f.is_selected() != on:
            raise StepFailed("%s: checkbox %r did not become %s" % (self.who, label, on))

    def clickable(self, text):
        want = self.norm(text)
        for css in ("button", "input[type=submit]", "a", "[role=button]", "[role=menuitem]"):
            for e in self.d.find_elements(By.CSS_SELECTOR, css):
                shown = self.norm(e.get_attribute("value") or "") if e.tag_name == "input" else self.norm(e.get_attribute("textContent") or "")
                if shown == want:
                    yield e

    def has_button(self, text):
        return any(e.is_displayed() for e in self.clickable(text))

    def press(self, text, menu=False):
        """Clicks the visible button or link with exactly this text (opening the ⋮ menu first if needed)."""
        candidates = list(self.clickable(text))
        shown = [e for e in candidates if e.is_displayed()]
        if not shown and candidates and menu:
            self.open_menu()
            shown = [e for e in candidates if e.is_displayed()]
        if not shown and candidates:
            # Hidden in a closed menu or behind a script: a real person would open it.
            self.open_menu()
            shown = [e for e in candidates if e.is_displayed()]
        if not shown:
            texts = sorted({self.norm(e.get_attribute("textContent") or e.get_attribute("value") or "")
                            for e in self.d.find_elements(By.CSS_SELECTOR, "button, input[type=submit], a")})
            raise StepFailed("%s: no visible %r on %s (h1 %r; buttons/links: %s; errors %s)"
                             % (self.who, text, self.path(), self.h1(), texts, self.errors()))
        old = self.d.find_element(By.TAG_NAME, "html")
        try:
            shown[0].click()
        except ElementNotInteractableException:
            # In a closed <details> menu: open it, as a person would, and click again.
            if not self.open_menu():
                raise
            shown[0].click()
        self.settle(old)
        self.no_alert()

    def open_menu(self):
        for css in ("[aria-haspopup]", "details.menu > summary", "details > summary", "button.menu", "[aria-label*=enu]"):
            for e in self.d.find_elements(By.CSS_SELECTOR, css):
                if e.is_displayed():
                    e.click()
                    time.sleep(0.1)
                    return True
        return False

    def settle(self, old, timeout=10):
        """Waits for the navigation a click started (POST → redirect → GET) to finish: the old
        document gone (a click a script handles in place leaves it, so at most 3 s), then loaded."""
        if old is not None:
            def gone(_):
                try:
                    old.is_enabled()
                    return False
                except WebDriverException:
                    # Stale, or Chromium's "Node … does not belong to the document" while it swaps pages.
                    return True
            try:
                WebDriverWait(self.d, 3).until(gone)
            except TimeoutException:
                pass
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.d.execute_script("return document.readyState") == "complete":
                    return
            except WebDriverException:
                pass
            time.sleep(0.05)

    # --- the user list

    def users_table(self):
        found = self.d.find_elements(By.CSS_SELECTOR, "table#users")
        if not found:
            raise StepFailed("%s: no table#users on %s (h1 %r)\n%s" % (self.who, self.path(), self.h1(), self.text()[:800]))
        return found[0]

    def columns(self):
        return [self.norm(th.text).rstrip("↑↓").strip() for th in self.users_table().find_elements(By.CSS_SELECTOR, "thead th")]

    def rows(self):
        """Each result row as its cells' texts."""
        out = []
        for tr in self.users_table().find_elements(By.CSS_SELECTOR, "tbody tr"):
            out.append([self.norm(td.text) for td in tr.find_elements(By.TAG_NAME, "td")])
        return out

    def row_element(self, name):
        for tr in self.users_table().find_elements(By.CSS_SELECTOR, "tbody tr"):
            if name in tr.text:
                return tr
        raise StepFailed("%s: no row %r in %s" % (self.who, name, self.rows()))

    def names(self):
        return [r for r in (self.norm(tr.text) for tr in self.users_table().find_elements(By.CSS_SELECTOR, "tbody tr"))]


def log_in(p, outbox, mail, password, e164):
    """The login page: e-mail and password, then the SMS code from the outbox; signed in."""
    p.open("/")
    p.type("Adresse e-mail", mail)
    p.type("Mot de passe", password)
    p.press("Continuer")
    code, _ = outbox.code("sms", e164)
    p.type("Code SMS", code)
    p.press("Continuer")
    if p.has_field("Mot de passe"):
        raise StepFailed("%s: still on the login after the SMS code (%s)" % (p.who, p.errors()))


# --- the notifier's file outbox

class Outbox:
    def __init__(self, directory):
        self.dir = directory
        self.seen = set()

    def _files(self, channel):
        return sorted(glob.glob(os.path.join(self.dir, channel, "*")), key=os.path.getmtime)

    def email(self, path):
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        return msg["To"] or "", (msg["Subject"] or "") + "\n" + (body.get_content() if body else "")

    def sms(self, path):
        with open(path, encoding="utf-8") as f:
            o = json.load(f)
        return o.get("to", ""), o.get("text", "")

    def letter(self, path):
        out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, timeout=30)
        return "", out.stdout

    def wait(self, channel, to=None, contains=None, timeout=15):
        """The newest message not seen yet of `channel` to `to`: (file, text)."""
        deadline = time.time() + timeout
        reader = {"email": self.email, "sms": self.sms, "letter": self.letter}[channel]
        while time.time() < deadline:
            for path in reversed(self._files(channel)):
                if path in self.seen or path.endswith(".tmp") or os.path.basename(path).startswith("."):
                    continue
                try:
                    rcpt, text = reader(path)
                except Exception:
                    continue
                if to and to.lower() not in rcpt.lower().replace(" ", ""):
                    continue
                if contains and not re.search(contains, text, re.I):
                    continue
                self.seen.add(path)
                return path, text
            time.sleep(0.05)
        raise StepFailed("no new %s to %s%s in %s within %ss" % (channel, to, " containing %r" % contains if contains else "", self.dir, timeout))

    def code(self, channel, to=None, timeout=15):
        _, text = self.wait(channel, to, contains=r"[0-9]{6}" if channel == "sms" else LONG_CODE.pattern, timeout=timeout)
        m = (SMS_CODE if channel == "sms" else LONG_CODE).search(text)
        return m.group(0), text


# --- raw HTTP, for what a browser would never send

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def raw(url, method="GET", data=None, headers=None):
    """(status, headers, body) without following redirects."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=15) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
