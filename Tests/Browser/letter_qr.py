#!/usr/bin/python3
"""The invitation letter's QR code, followed as a person with a phone would: the
letter's PDF (from the notifier's file outbox) rendered at 300 dpi by pdftoppm, the
symbol read by zbarimg, the link opened in headless Chromium: step 1 with the access
code already in « Code d'accès », then the registration carried on to its end. The
page carries the fund's branding (logo, colour, name, support line): checked and
photographed. Started by PortalBrowserTests.

Usage: letter_qr.py --url URL --outbox DIR --shots DIR --colour #rrggbb --fund NAME --support LINE
Exit 0 only if every step did what it should; each step is printed (never the code).
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from play import arguments, play, step  # noqa: E402
from portal import LONG_CODE, Outbox, Page, StepFailed, browser  # noqa: E402
from portal_story import account_form, sms_dialog, wait_for  # noqa: E402

MAIL, PHONE, E164, PASSWORD = "qr@modelesa.ch", "079 333 44 55", "+41793334455", "Scan-Code-2026"


def decode(pdf):
    """Every QR symbol zbar finds on the letter's first page at 300 dpi."""
    with tempfile.TemporaryDirectory() as d:
        prefix = os.path.join(d, "page")
        subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile", pdf, prefix],
                       check=True, timeout=60)
        out = subprocess.run(["zbarimg", "--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable", prefix + ".png"],
                             capture_output=True, text=True, timeout=60)
        return [l for l in out.stdout.splitlines() if l]


def rgb(hex_colour):
    h = hex_colour.lstrip("#")
    return "rgb(%d, %d, %d)" % (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def branding(p, args):
    step("The page wears the fund's branding: logo, colour, name and support line")
    logo = p.d.execute_script("""var i = document.querySelector('header .brand img');
        return i ? [i.complete && i.naturalWidth > 0, i.alt, i.getBoundingClientRect().height] : null""")
    if not logo or not logo[0]:
        raise StepFailed("no logo loaded in the header: %r" % (logo,))
    if logo[1] != args.fund:
        raise StepFailed("the logo's text is %r, not the fund's name %r" % (logo[1], args.fund))
    button = p.d.execute_script("var b = document.querySelector('button.primary'); return b && getComputedStyle(b).backgroundColor")
    if button != rgb(args.colour):
        raise StepFailed("the primary button is %s, not the fund's %s" % (button, args.colour))
    footer = p.d.execute_script("return document.querySelector('footer.support').textContent")
    if args.fund not in footer or args.support not in footer:
        raise StepFailed("the footer %r lacks %r or %r" % (footer, args.fund, args.support))
    print("    logo %d px high, buttons %s, footer %r" % (logo[2], button, footer.strip()))


def story(args):
    outbox = Outbox(args.outbox)
    step("The letter's QR code, read back from the PDF at 300 dpi")
    pdf, text = outbox.wait("letter", timeout=30)
    printed = LONG_CODE.search(text)
    if not printed:
        raise StepFailed("no access code printed in the letter")
    code = printed.group(0)
    expected = args.url.rstrip("/") + "/register?code=" + code.replace(" ", "")
    found = decode(pdf)
    if found != [expected]:
        # The code is a secret: say what differs without printing it.
        raise StepFailed("the letter's QR codes %s are not exactly the registration link with its code (%d symbols)"
                         % ([f.split("code=")[0] + "code=…" for f in found], len(found)))
    print("    one symbol: %scode=… (the code printed beside it)" % expected.split("code=")[0])

    d = browser(args.shots)
    try:
        p = Page(d, args.url, args.shots, "qr")
        step("The scanned link opens step 1 with « Code d'accès » prefilled, and leaves the address bar")
        d.get(found[0])
        value = p.field("Code d'accès").get_attribute("value")
        if value.replace(" ", "").upper() != code.replace(" ", ""):
            raise StepFailed("« Code d'accès » holds %d characters, not the letter's code" % len(value))
        if not wait_for(lambda: "code=" not in d.current_url, 5):
            raise StepFailed("the code stays in the address bar")
        branding(p, args)
        p.shot("register-from-qr")

        step("Continuer: the code is accepted, then the e-mail, the activation code, the account and the SMS")
        p.press("Continuer")
        p.type("Adresse e-mail", MAIL)
        p.press("Continuer")
        activation, _ = outbox.code("email", MAIL)
        label = "Code d'activation" if p.has_field("Code d'activation") else "Code d'accès"
        p.type(label, activation)
        p.press("Continuer")
        account_form(p, "Quentin", "Scanner", PASSWORD)
        p.press("Créer")
        sms_dialog(p, outbox, PHONE, E164, "Quentin")
        p.expect_text("Enregistrement terminé")
        p.shot("register-done-from-qr")
        p.press("Continuer")
        if not p.has_field("Adresse e-mail") or not p.has_field("Mot de passe"):
            raise StepFailed("« Continuer » after the registration does not lead to the login (%s)" % p.path())
    finally:
        d.quit()


def main():
    args = arguments("--url", "--outbox", "--shots", "--colour", "--fund", "--support")
    return play(story, args, "the letter's QR code registered a person in %.1f s")


if __name__ == "__main__":
    sys.exit(main())
