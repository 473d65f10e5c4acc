"""How a browser story runs, the same for every script started by the Swift tests: its
command line, its numbered steps, its browsers (shown on a failure, always closed) and
its exit status (0 only if every step held)."""

import argparse
import contextlib
import os
import time
import traceback

from portal import StepFailed

step_no = 0


def step(text):
    global step_no
    step_no += 1
    print("%2d. %s" % (step_no, text), flush=True)


def arguments(*names):
    """The command line: every one of `names` (--url, --outbox, …) required; the --shots and
    --downloads directories, where named, are made."""
    ap = argparse.ArgumentParser()
    for name in names:
        ap.add_argument(name, required=True)
    args = ap.parse_args()
    for directory in (getattr(args, "shots", None), getattr(args, "downloads", None)):
        if directory:
            os.makedirs(directory, exist_ok=True)
    return args


@contextlib.contextmanager
def closed_at_the_end(pages):
    """The story's browsers (`pages` may grow inside): on a failure each one's screenshot,
    address, <h1> and text are printed; at the end every one is quit."""
    try:
        yield pages
    except Exception:
        for page in pages:
            try:
                page.shot("failure")
                print("--- %s was on %s (h1 %r):\n%s" % (page.who, page.d.current_url, page.h1(), page.text()[:2000]))
            except Exception:
                pass
        raise
    finally:
        for page in pages:
            page.d.quit()


def play(story, args, done):
    """Runs story(args); exit status 0 and `done` (its %.1f the seconds taken) only if it
    raised nothing. A failed step is printed as FAILED, anything else with its traceback."""
    started = time.time()
    try:
        story(args)
    except StepFailed as e:
        print("FAILED: %s" % e, flush=True)
        return 1
    except Exception:
        traceback.print_exc()
        return 1
    print(done % (time.time() - started))
    return 0
