#!/usr/bin/python3
"""Screenshots of every screen of Tests/Browser/screens.py, in French and one other
language, on a desktop (1280 px) and at 320 px: the README's and docs/operations.md's
docs/portal/*.png come from it. It plays the accessibility walk (Tests/Browser/
a11y_walk.py: registration and user management by keyboard, then every screen) without
axe, against a running portal whose employer has just been invited by letter.

usage: portal-screenshots.py PORTAL_URL OUTBOX_DIR OUT_DIR [ACCESS_CODE] [--lang de]
  OUTBOX_DIR is the notifier's file outbox (the codes are read from it, as a person
  reads their mail); ACCESS_CODE defaults to the one in its newest letter.
Files: OUT_DIR/<screen>-<lang>.png and OUT_DIR/<screen>-<lang>-320.png."""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the tests
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "Tests", "Browser"))
import a11y_walk  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("url")
ap.add_argument("outbox")
ap.add_argument("out")
ap.add_argument("access_code", nargs="?")
ap.add_argument("--lang", default="de", choices=["de", "it", "en"])
a = ap.parse_args()
langs = "fr," + a.lang
sys.argv = [sys.argv[0], "--url", a.url, "--outbox", a.outbox, "--shots", a.out, "--langs", langs,
            "--narrow-langs", langs, "--shot-langs", langs] + (["--access-code", a.access_code] if a.access_code else [])
sys.exit(a11y_walk.main())
