#!/usr/bin/env bash
# make demo: starts identity, notifier and admin on a temporary directory and plays the
# seed's story from start to end through connectctl, printing each step. Exits 0 only
# if every step did what the seed says. Usage: demo.sh BIN_DIR
set -uo pipefail
bin="${1:?usage: demo.sh BIN_DIR}"
work="$(mktemp -d /tmp/connect-demo-XXXXXX)"
. "$(dirname "$0")/story-lib.sh"
export NOTIFIER_FUND_NAME="Caisse de compensation Modèle"
start_trio
say "The three services are up"
"$bin/connectctl" health || fail "health"

say "Fund staff create Modèle SA (1283.220) and send the invitation letter"
"$bin/connectctl" employer create --number 1283.220 --name "Modèle SA" --street "Rue d'Exemple" \
  --postcode 0000 --city "Ville modèle" --language fr || fail "employer create"
"$bin/connectctl" employer invite --number 1283.220 --letter || fail "employer invite"
access=$(wait_code --channel letter) || fail "no letter with an access code in the outbox"
echo "letter delivered; access code: $access"

say "Gilbert registers with the letter's code (seed steps 1-4)"
as gilbert register --access-code "$(echo "$access" | tr 'A-Z' 'a-z')" --email gilbert@modelesa.ch || fail "register start"
activation=$(wait_code --channel email --to gilbert@modelesa.ch) || fail "no activation e-mail"
echo "activation code from the e-mail: $activation"
as gilbert register --activation-code "$activation" --first-name Gilbert --last-name Modele --language fr \
  --password 'Velo-Rouge-1283' --accept-terms --phone "+41(79) 111 22 33" || fail "register account and phone"
sms=$(wait_code --channel sms --to +41791112233) || fail "no SMS enrolment code"
as gilbert register --sms-code "$sms" || fail "register SMS confirm"

say "Gilbert logs in (password, then SMS code)"
as gilbert login --email gilbert@modelesa.ch --password 'Velo-Rouge-1283' || fail "login start"
sms2=$(new_code "$sms" --channel sms --to +41791112233) || fail "no SMS login code"
as gilbert login --sms-code "$sms2" || fail "login finish"
as gilbert mandants || fail "mandants"
as gilbert users list | tee "$work/list1.txt" || fail "users list"
grep -q "Modele, Gilbert" "$work/list1.txt" && grep -q "Administrateur connect" "$work/list1.txt" \
  || fail "Gilbert is not listed as connect administrator"

say "Gilbert creates Lea, variant 1 (she is at hand: her phone gets the SMS code, Gilbert types it)"
as gilbert users new --email lea@modelesa.ch --first-name Lea --last-name Modele --language de \
  --phone "079 222 33 44" --themes accounting || fail "users new (variant 1)"
lea_sms=$(wait_code --channel sms --to +41792223344) || fail "no SMS to Lea's phone"
as gilbert users confirm-phone lea@modelesa.ch --sms-code "$lea_sms" || fail "confirm Lea's phone"

say "Gilbert creates Claudine, variant 2 (she is away: a welcome e-mail goes out)"
as gilbert users new --email claudine@modelesa.ch --first-name Claudine --last-name Modele --language fr \
  || fail "users new (variant 2)"
for _ in $(seq 1 100); do "$bin/connectctl" outbox --dir "$work/outbox" --channel email --to claudine@modelesa.ch \
  | grep -qi "mot de passe oubli" && break; sleep 0.1; done
"$bin/connectctl" outbox --dir "$work/outbox" --channel email --to claudine@modelesa.ch --count 1 \
  | grep -qi "mot de passe oubli" || fail "no welcome e-mail telling Claudine to use forgot password"
echo "welcome e-mail delivered"

say "Claudine sets her password through 'forgot password', enrols her phone and logs in"
as claudine password forgot --email claudine@modelesa.ch || fail "password forgot"
reset=$(wait_code --channel email --to claudine@modelesa.ch) || fail "no reset code"
as claudine password reset --email claudine@modelesa.ch --reset-code "$reset" --new-password 'Lac-Leman-2026' || fail "password reset"
as claudine login --email claudine@modelesa.ch --password 'Lac-Leman-2026' --phone "0041 76 555 66 77" || fail "login with enrolment"
c_sms=$(wait_code --channel sms --to +41765556677) || fail "no enrolment SMS to Claudine"
as claudine login --sms-code "$c_sms" || fail "Claudine's first login"

say "Gilbert makes Lea connect administrator (seed steps 16-17)"
as gilbert users edit lea@modelesa.ch --admin || fail "grant admin"
as gilbert users list --sort -name || fail "users list"

say "Lea logs in and sees the user list as an administrator"
as lea login --email lea@modelesa.ch --password x >/dev/null 2>&1 # Lea has no password yet (variant 1)
as lea password forgot --email lea@modelesa.ch || fail "Lea forgot"
lea_reset=$(wait_code --channel email --to lea@modelesa.ch) || fail "no reset code for Lea"
as lea password reset --email lea@modelesa.ch --reset-code "$lea_reset" --new-password 'Aare-Bern-3011' || fail "Lea reset"
as lea login --email lea@modelesa.ch --password 'Aare-Bern-3011' || fail "Lea login start"
lea_sms2=$(new_code "$lea_sms" --channel sms --to +41792223344) || fail "no login SMS for Lea"
as lea login --sms-code "$lea_sms2" || fail "Lea login"
as lea users list >/dev/null || fail "Lea cannot list users as admin"

say "Lea leaves: Gilbert deactivates her (seed steps 18-20), and her session stops working"
as gilbert users edit lea@modelesa.ch --disable || fail "deactivate Lea"
if as lea users list >/dev/null 2>"$work/lea.err"; then fail "Lea's session still works after deactivation"; fi
cat "$work/lea.err"
as gilbert users list --all | grep "Modele, Lea" || fail "Lea not listed with --all"
if as gilbert users list | grep -q "Modele, Lea"; then fail "deactivated Lea listed without --all"; fi

say "The list is exported to PDF and Excel"
as gilbert users export --pdf -o "$work/users.pdf" --all || fail "export pdf"
as gilbert users export --xlsx -o "$work/users.xlsx" --all || fail "export xlsx"
head -c 5 "$work/users.pdf" | grep -q "%PDF-" || fail "not a PDF"
if command -v pdftotext >/dev/null; then pdftotext "$work/users.pdf" - | grep -q "Modele, Claudine" || fail "PDF lacks Claudine"; fi
if command -v unzip >/dev/null; then unzip -tq "$work/users.xlsx" >/dev/null || fail "XLSX is not a valid zip"; fi

say "The audit trail shows every change"
as gilbert audit | tee "$work/audit.txt" || fail "audit"
[ "$(grep -c . "$work/audit.txt")" -ge 6 ] || fail "audit trail too short"

printf '\n\033[32mThe seed story played through: every step did what the seed says.\033[0m\n'
