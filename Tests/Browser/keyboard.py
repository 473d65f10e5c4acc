"""A person without a mouse: Tab / Shift+Tab to a control, Enter or Space to use it,
arrow keys in a <select>, typing into the focused field. Nothing is clicked; at
every focus stop the focus must be visible (checks.focus_visible)."""

import time

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from checks import focus_visible
from portal import StepFailed

DIRECTION_JS = """
    const a = document.activeElement, b = arguments[0];
    if (a === b) return 0;
    if (!a || a === document.body) return 1;
    return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) ? 1 : -1;"""


class Keyboard:
    def __init__(self, page):
        self.p = page
        self.d = page.d
        self.tabs = 0
        self.back_tabs = 0
        self.stops = 0

    def keys(self, *keys):
        ActionChains(self.d).send_keys(*keys).perform()

    def shift_tab(self):
        ActionChains(self.d).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()

    def focus(self, el, limit=120):
        """Tab (forwards) or Shift+Tab (backwards) until `el` has the focus."""
        where = self.p.path()
        trail = []
        for _ in range(limit):
            direction = self.d.execute_script(DIRECTION_JS, el)
            if direction == 0:
                focus_visible(self.d, where)
                return el
            if direction > 0:
                self.keys(Keys.TAB)
            else:
                self.shift_tab()
                self.back_tabs += 1
            self.tabs += 1
            if focus_visible(self.d, where) is not None:
                self.stops += 1
            trail.append(self.d.execute_script("const a = document.activeElement; return a.tagName + ' ' + (a.textContent || a.value || '').trim().slice(0, 20)"))
        desc = self.d.execute_script("return arguments[0].outerHTML.slice(0, 120)", el)
        raise StepFailed("%s: %s not reached with %d Tab presses (focus went %s)" % (where, desc, limit, " → ".join(trail[:12])))

    def wait_navigation(self, old):
        self.p.settle(old)
        self.p.no_alert()

    # --- fields by their label (the guide's words), or by id

    def field(self, label=None, id=None):
        if id:
            found = self.d.find_elements("id", id)
            if not found:
                raise StepFailed("%s: no field #%s" % (self.p.path(), id))
            return found[0]
        return self.p.field(label)

    def type(self, text, label=None, id=None):
        f = self.focus(self.field(label, id))
        if f.get_attribute("value"):
            self.keys(Keys.CONTROL + "a", Keys.BACKSPACE)
        self.keys(text)
        return f

    def submit(self, text, label=None, id=None):
        """Types into a field, then Enter submits its form (the form's default button)."""
        self.type(text, label, id)
        old = self.d.find_element("tag name", "html")
        self.keys(Keys.ENTER)
        self.wait_navigation(old)

    def tick(self, label=None, id=None, on=True):
        f = self.focus(self.field(label, id))
        if f.is_selected() != on:
            self.keys(Keys.SPACE)
        if f.is_selected() != on:
            raise StepFailed("%s: Space did not %s %r" % (self.p.path(), "tick" if on else "untick", label or id))

    def choose(self, visible, label=None, id=None):
        """Arrow keys in a closed <select> until the option starting with `visible` is chosen."""
        f = self.focus(self.field(label, id))
        count = len(f.find_elements("tag name", "option"))
        for key in [Keys.HOME] + [Keys.ARROW_DOWN] * count:
            shown = self.d.execute_script("return arguments[0].selectedOptions[0].textContent", f)
            if self.p.norm(shown).lower().startswith(visible.lower()):
                return
            self.keys(key)
        raise StepFailed("%s: no option %r reached with the arrow keys in %r" % (self.p.path(), visible, label or id))

    # --- buttons and links by their visible text

    def control(self, text):
        """The control with this text; one in the closed ⋮ menu (which WebDriver calls
        displayed) after opening the menu with Enter on its summary."""
        found = list(self.p.clickable(text))
        closed = [e for e in found if self.d.execute_script("return !!arguments[0].closest('details:not([open])')", e)]
        shown = [e for e in found if e not in closed and e.is_displayed()]
        if shown:
            return shown[0]
        hidden = closed
        if hidden:
            summary = self.d.execute_script("return arguments[0].closest('details').querySelector('summary')", hidden[0])
            self.focus(summary)
            self.keys(Keys.ENTER)  # a <details> summary opens with Enter (or Space)
            time.sleep(0.05)
            if hidden[0].is_displayed():
                return hidden[0]
        raise StepFailed("%s: no visible %r" % (self.p.path(), text))

    def open_menu(self):
        """Enter on the ⋮ summary opens the menu (a <details>)."""
        summary = self.d.find_element("css selector", "details.menu > summary")
        self.focus(summary)
        self.keys(Keys.ENTER)
        if not self.d.execute_script("return document.querySelector('details.menu').open"):
            raise StepFailed("%s: Enter on ⋮ did not open the menu" % self.p.path())

    def press(self, text, key=Keys.ENTER):
        el = self.focus(self.control(text))
        old = self.d.find_element("tag name", "html")
        self.keys(key)
        self.wait_navigation(old)

    def press_element(self, el, key=Keys.ENTER):
        self.focus(el)
        old = self.d.find_element("tag name", "html")
        self.keys(key)
        self.wait_navigation(old)

    def language(self, lang):
        """The language switch on every page, by keyboard."""
        buttons = self.d.find_elements("css selector", "form.langs button[value=%s]" % lang)
        if not buttons:
            raise StepFailed("%s: no language switch to %s" % (self.p.path(), lang))
        if buttons[0].get_attribute("aria-pressed") == "true":
            return
        self.press_element(buttons[0])
        got = None
        deadline = time.time() + 15  # POST /language → 303 → the same page again, on a loaded machine
        while time.time() < deadline:
            try:
                got = self.d.execute_script("return document.readyState === 'complete' && document.documentElement.lang")
            except WebDriverException:
                got = None
            if got == lang:
                return
            time.sleep(0.05)
        if got != lang:
            raise StepFailed("%s: the switch to %s gave <html lang=%r>" % (self.p.path(), lang, got))
