#!/usr/bin/python3
"""Walks the guide's story through the portal in headless Chromium and saves a
screenshot of each main screen (README's docs/portal-*.png).

usage: portal-screenshots.py PORTAL_URL OUTBOX_DIR OUT_DIR ACCESS_CODE
Needs the trio and the portal running, the employer invited (connectctl), and
connectctl on PATH to read the codes from the file outbox."""
import subprocess, sys, time
from selenium import webdriver
from selenium.webdriver.common.by import By

url, outbox, out, access = sys.argv[1:5]
opts = webdriver.ChromeOptions()
for a in ["--headless=new", "--no-sandbox", "--window-size=1280,900", "--lang=fr"]:
    opts.add_argument(a)
opts.add_experimental_option("prefs", {"intl.accept_languages": "fr"})
d = webdriver.Chrome(options=opts)

def code(to):
    for _ in range(40):
        r = subprocess.run(["connectctl", "outbox", "--dir", outbox, "--to", to, "--code"], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip()
        time.sleep(0.25)
    raise SystemExit(f"no code for {to}")

def field(label):
    for l in d.find_elements(By.TAG_NAME, "label"):
        if " ".join(l.text.split()).rstrip(" *") == label:
            return d.find_element(By.ID, l.get_attribute("for"))
    raise SystemExit(f"no field {label} on {d.current_url}")

def button(text):
    for b in d.find_elements(By.CSS_SELECTOR, "button, a"):
        if b.is_displayed() and " ".join(b.text.split()) == text:
            return b
    raise SystemExit(f"no button {text} on {d.current_url}")

def shot(name):
    d.save_screenshot(f"{out}/portal-{name}.png")

def fill(label, value):
    f = field(label); f.clear(); f.send_keys(value)

d.get(url + "/register?code=" + access); shot("1-access-code"); button("Continuer").click()
fill("Adresse e-mail", "gilbert@modelesa.ch"); shot("2-email"); button("Continuer").click()
shot("3-activation"); fill("Code d'accès", code("gilbert@modelesa.ch")); button("Continuer").click()
fill("Prénom", "Gilbert"); fill("Nom de famille", "Modele")
fill("Mot de passe", "Velo-Rouge-2026"); fill("Répéter le mot de passe", "Velo-Rouge-2026")
field("J'accepte les conditions d'utilisation").click(); shot("4-account"); button("Créer").click()
fill("Numéro de téléphone", "+41(79) 111 22 33"); button("OK").click()
fill("Code SMS", code("+41791112233")); shot("5-sms"); button("OK").click()
shot("6-done"); button("Continuer").click()
fill("Adresse e-mail", "gilbert@modelesa.ch"); fill("Mot de passe", "Velo-Rouge-2026"); shot("7-login"); button("Continuer").click()
fill("Code SMS", code("+41791112233")); button("Continuer").click()
d.find_element(By.CSS_SELECTOR, "details.menu summary").click(); shot("8-home")
button("Gestion des utilisateurs").click(); shot("9-users")
button("Nouveau").click(); fill("Adresse e-mail", "lea@modelesa.ch"); button("Continuer").click()
fill("Prénom", "Lea"); fill("Nom de famille", "Modele"); shot("10-new-user"); button("Créer").click()
fill("Numéro de téléphone", "079 222 33 44"); button("OK").click()
if d.find_elements(By.ID, "reauthPassword"):
    fill("Mot de passe", "Velo-Rouge-2026"); button("Continuer").click()
fill("Code SMS", code("+41792223344")); shot("11-new-user-sms"); button("OK").click()
button("Mémoriser").click(); shot("12-users")
d.find_elements(By.CSS_SELECTOR, "#users tbody input[type=checkbox][name=id]")[-1].click()
button("Détail").click(); shot("13-detail"); button("Editer").click(); shot("14-edit")
print("ok", d.current_url)
d.quit()
