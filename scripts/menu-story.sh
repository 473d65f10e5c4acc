#!/usr/bin/env bash
# The rest of the seed's menu through connectctl against the three real services:
# user profile, step-up (reauth), mandants (alias, default, search), delegation
# (grant, the delegate sees it, revoke: gone at once), consent to an employer's
# invitation, logout everywhere.
# Exits 0 only if every step did what it should. Usage: menu-story.sh BIN_DIR
# (run by Tests/IntegrationTests/MenuStoryTests.swift).
set -uo pipefail
bin="${1:?usage: menu-story.sh BIN_DIR}"
work="$(mktemp -d /tmp/connect-menu-XXXXXX)"
. "$(dirname "$0")/story-lib.sh"
# A short step-up window, so the story can pass it without waiting ten minutes.
export ADMIN_STEP_UP_SECONDS=3

outbox_has() { # recipient, text: waits until a delivered message to recipient contains text
  for _ in $(seq 1 100); do "$bin/connectctl" outbox --dir "$work/outbox" --to "$1" --count 20 | grep -q "$2" && return 0; sleep 0.1; done; return 1; }

# An employer, its letter, and the registration and login of its first administrator.
admin_of() { # who number name email password phone(E.164)
  local who="$1" number="$2" name="$3" email="$4" password="$5" phone="$6"
  "$bin/connectctl" employer create --number "$number" --name "$name" --street "Rue 1" --postcode 3000 --city Bern \
    --language fr >/dev/null || fail "employer create $number"
  local letter; letter=$(code --channel letter)
  "$bin/connectctl" employer invite --number "$number" --letter >/dev/null || fail "invite $number"
  local access; access=$(new_code "$letter" --channel letter) || fail "no letter for $number"
  as "$who" register --access-code "$access" --email "$email" || fail "register $who"
  local activation; activation=$(new_code "" --channel email --to "$email") || fail "no activation e-mail to $email"
  as "$who" register --activation-code "$activation" --first-name "${who^}" --last-name Modele --language fr \
    --password "$password" --accept-terms --phone "$phone" || fail "register account $who"
  local sms; sms=$(new_code "" --channel sms --to "$phone") || fail "no enrolment SMS to $phone"
  as "$who" register --sms-code "$sms" || fail "register SMS $who"
  as "$who" login --email "$email" --password "$password" || fail "login start $who"
  local sms2; sms2=$(new_code "$sms" --channel sms --to "$phone") || fail "no login SMS to $phone"
  as "$who" login --sms-code "$sms2" || fail "login $who"
}

start_trio

say "Gilbert (Modèle SA) and Fritz (Treuhand AG, a fiduciary) are their employers' administrators"
admin_of gilbert 1283.220 "Modèle SA" gilbert@modelesa.ch 'Velo-Rouge-1283' +41791112233
admin_of fritz 2001.100 "Treuhand AG" fritz@treuhand.ch 'Zuerich-See-2001' +41792223344

say "Profil d'utilisateur: Gilbert sees and changes his profile"
as gilbert profile | tee "$work/p1.txt" || fail "profile"
grep -q "gilbert@modelesa.ch" "$work/p1.txt" && grep -q "+41 79 \*\*\* \*\* 33" "$work/p1.txt" || fail "profile facts"
as gilbert profile language de | grep -q "language:   de" || fail "profile language"
as gilbert profile phone --phone "078 555 66 77" --password 'Velo-Rouge-1283' || fail "profile phone"
as gilbert profile | grep -q "pending phone: +41 78" || fail "the new number is pending, the old one in force"
psms=$(new_code "" --channel sms --to +41785556677) || fail "no SMS code to the new number"
as gilbert profile phone --sms-code "$psms" | grep -q "+41 78 \*\*\* \*\* 77" || fail "profile confirm phone"
outbox_has +41791112233 "ersetzt" || fail "no notice to the old number"
echo "notice sent to the old number"

say "Step-up: creating a user needs a recent password proof (here 3 s)"
sleep 4
if as gilbert users new --email lea@modelesa.ch --first-name Lea --last-name Modele --language de 2>"$work/e1"; then
  fail "users new without a recent proof"
fi
grep -q "reauth_required" "$work/e1" || fail "not reauth_required: $(cat "$work/e1")"
cat "$work/e1"
as gilbert reauth --password 'Velo-Rouge-1283' || fail "reauth"
as gilbert users new --email lea@modelesa.ch --first-name Lea --last-name Modele --language de || fail "users new after reauth"

say "Paramètres de délégation: Gilbert grants Fritz access to Modèle SA for accounting"
as gilbert reauth --password 'Velo-Rouge-1283' >/dev/null || fail "reauth"
as gilbert delegations grant --email fritz@treuhand.ch --themes accounting --until 2030-12-31 | tee "$work/d.txt" \
  || fail "delegations grant"
dlg=$(grep -o 'dlg_[0-9a-f]*' "$work/d.txt" | head -1)
outbox_has fritz@treuhand.ch "Modèle SA" || fail "no delegation e-mail to Fritz"
as gilbert users list | grep "Treu\|Fritz" | grep -q "Délégation jusqu'au 31.12.2030" || fail "delegate not marked in the list"
if as gilbert users edit fritz@treuhand.ch --admin 2>"$work/e2"; then fail "a delegate became admin"; fi
grep -q "forbidden" "$work/e2" || fail "not forbidden: $(cat "$work/e2")"

say "Gestion des mandants: Fritz sees Modèle SA, names it, makes it his default, searches"
as fritz mandants search | grep -q "1283.220" || fail "the delegated employer is not among Fritz's mandants"
as fritz mandants alias 1283.220 "Kunde Modele" >/dev/null || fail "alias"
as fritz mandants default 1283.220 | tee "$work/m.txt" || fail "default"
head -3 "$work/m.txt" | grep -q "^\*  *1283.220" || fail "the default is not first"
as fritz mandants search kunde | grep -q "1283.220" || fail "search by alias"
as fritz mandants search treuhand | grep -q "2001.100" || fail "search by name"

say "Gilbert revokes the delegation: Fritz's open session loses Modèle SA at once"
as gilbert delegations revoke "$dlg" | grep -q revoked || fail "revoke"
if as fritz mandants search | grep -q "1283.220"; then fail "Fritz still sees Modèle SA"; fi
as fritz mandants search | grep -q "2001.100" || fail "Fritz lost his own employer"

say "Consent: Gilbert adds Fritz, who has an account, as a user; nothing is in force until Fritz accepts"
as gilbert reauth --password 'Velo-Rouge-1283' >/dev/null || fail "reauth"
as gilbert users new --email fritz@treuhand.ch --first-name Typed --last-name Name --language de | grep -q invited \
  || fail "users new for an existing account"
as gilbert users list | grep -q "Name, Typed" || fail "the list shows only what Gilbert typed"
outbox_has fritz@treuhand.ch "souhaite vous ajouter" || fail "no consent e-mail to Fritz"
as fritz invitations | grep -q "1283.220" || fail "Fritz has no invitation"
if as fritz mandants search | grep -q "1283.220"; then fail "in force before Fritz's consent"; fi
as fritz invitations accept 1283.220 | grep -q accept || fail "accept"
as fritz mandants search | grep -q "1283.220" || fail "not in force after consent"
as gilbert users list | grep -q "Modele, Fritz" || fail "after consent the list shows Fritz's own names"

say "Déconnecter everywhere: every session of Gilbert ends"
as gilbert logout-all || fail "logout-all"
if as gilbert mandants 2>/dev/null; then fail "Gilbert still logged in"; fi

printf '\n\033[32mThe menu played through: every step did what it should.\033[0m\n'
