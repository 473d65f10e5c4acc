"""Walks the screens of screens.py and checks each (checks.py) in every language asked:
the anonymous and signed-in screens by their paths, the flow screens where the
story reaches them (checkpoint)."""

import os
import time

import checks
from portal import StepFailed
from screens import LANGUAGES, by_name, reached_by


class Walk:
    def __init__(self, page, keyboard, shots, langs=LANGUAGES, axe=None, axe_langs=LANGUAGES,
                 narrow_langs=("fr",), shot_langs=("fr",), access_code=None):
        self.p, self.kb, self.d = page, keyboard, page.d
        self.shots, self.langs, self.axe = shots, list(langs), axe
        self.axe_langs, self.narrow_langs, self.shot_langs = set(axe_langs), set(narrow_langs), set(shot_langs)
        self.reached = {}
        self.access_code = access_code
        self.counts = {"pages": 0, "narrow": 0, "errors tied": 0, "texts": 0}
        self.seconds = 0.0
        self.times, self._last = {}, 0.0

    def check_here(self, screen, lang, expect_error=False):
        started = time.time()
        where = "%s %s" % (screen.name, self.p.path())
        h1s = self.d.execute_script("return document.querySelectorAll('h1').length")
        if h1s != 1:
            raise StepFailed("%s (%s): %d <h1> (one expected)" % (where, lang, h1s))
        self.counts["texts"] += checks.language(self.d, where, lang)
        self.counts["errors tied"] += checks.errors_tied(self.d, "%s (%s)" % (where, lang), expect_error)
        self.timed("language", started)
        if self.axe and lang in self.axe_langs:
            self.axe.check(self.d, "%s (%s)" % (where, lang))
            self.timed("axe", started)
        if lang in self.shot_langs:
            self.d.save_screenshot(os.path.join(self.shots, "%s-%s.png" % (screen.name, lang)))
        if lang in self.narrow_langs:
            checks.narrow(self.d, "%s (%s)" % (where, lang), os.path.join(self.shots, "%s-%s-320.png" % (screen.name, lang)))
            self.counts["narrow"] += 1
            self.timed("320 px", started)
        self.counts["pages"] += 1
        self.reached.setdefault(screen.name, []).append(lang)
        self.seconds += time.time() - started

    def timed(self, what, started):
        """Seconds per kind of check (each call adds the time since the previous one)."""
        now = time.time()
        self.times[what] = self.times.get(what, 0.0) + now - max(started, self._last)
        self._last = now

    def checkpoint(self, name, redo=None):
        """The story stands on the flow screen `name` (in French): checks it in every language
        (the switch re-shows the same step; `redo` brings back a state the reload loses, such
        as the open ⋮ menu), then switches back to French. An error screen is the answer to a
        POST: `redo` submits the same refused form again in each language."""
        screen = by_name(name)
        if screen.reach == "flow" and not self.p.path().startswith(screen.path):
            raise StepFailed("checkpoint %s: the story is on %s, the list says %s" % (name, self.p.path(), screen.path))
        if screen.reach == "error":
            self.check_here(screen, "fr", expect_error=True)
            if redo is None:
                return
            for lang in self.langs:
                if lang != "fr":
                    self.kb.language(lang)
                    redo()
                    self.check_here(screen, lang, expect_error=True)
            self.kb.language("fr")
            return
        for lang in self.langs:
            self.kb.language(lang)
            if redo and lang != "fr":
                redo()
            self.check_here(screen, lang)
        self.kb.language("fr")

    def walk(self, reach, **values):
        """Every screen of this reach by its path, language by language (one switch each)."""
        screens = reached_by(reach)
        for lang in self.langs:
            self.kb.language(lang)
            for s in screens:
                self.p.open(s.path.format(**values))
                self.check_here(s, lang)
        self.kb.language("fr")
        return len(screens)

    def unreached(self):
        return [s.name for s in reached_by("anonymous", "admin", "flow", "error") if s.name not in self.reached]
