#!/usr/bin/env bash
# The uid wiring of compose.yaml on a host without a container engine (needs root
# and setpriv): each service as its own uid with group 10000, sockets in a
# root:10000 2770 directory, the uid lists of compose.yaml. Checks that the
# services reach each other, that only the staff uid may send admin.employer.*,
# that a uid outside group 10000 cannot open the sockets, and that a letter
# invitation lands in the outbox.
#   sudo scripts/check-container-uids.sh "$(swift build -c release --show-bin-path)"
set -u
bin="${1:?usage: check-container-uids.sh BIN_DIR}"
[ "$(id -u)" = 0 ] || { echo "run as root (it switches to the services' uids)"; exit 2; }
command -v setpriv >/dev/null || { echo "needs setpriv (util-linux)"; exit 2; }
root="$(mktemp -d /tmp/cx-uids-XXXXXX)"
chmod 755 "$root"
# The executables where every uid can read them (a build directory may be private).
mkdir -p "$root/opt" && cp -R "$bin"/identity "$bin"/notifier "$bin"/admin "$bin"/connectctl "$root/opt/"
cp -R "$(dirname "$0")/../Services/notifier/Core/Templates" "$root/opt/templates"
chmod -R a+rX "$root/opt"
mkdir -p "$root/run" "$root/identity-data" "$root/notifier-data" "$root/admin-data" "$root/outbox" "$root/secrets"
chown root:10000 "$root/run" "$root"/*-data "$root/outbox"
chmod 2770 "$root/run" "$root"/*-data "$root/outbox"
openssl rand -hex 32 > "$root/secrets/identity_key"
echo placeholder > "$root/secrets/notifier_http_token"
chown 10001 "$root/secrets/identity_key"; chown 10002 "$root/secrets/notifier_http_token"
chmod 600 "$root"/secrets/*

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait; rm -rf "$root"; }
trap cleanup EXIT
as() { local uid=$1 gid=$2; shift 2; setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all env -i PATH=/usr/bin:/bin "$@"; }
# A service in the background, its pid the service's own (exec), its output in a log.
start() { local uid=$1 name=$2; shift 2; ( exec setpriv --reuid="$uid" --regid=10000 --clear-groups --inh-caps=-all \
    env -i PATH=/usr/bin:/bin "$@" "$root/opt/$name" >"$root/$name.log" 2>&1 ) & pids+=($!); }
common=(CONNECT_RUN_DIR="$root/run" CONNECT_STAFF_UIDS=10100 CONNECT_IDENTITY_UIDS=10001 CONNECT_NOTIFIER_UIDS=10002 CONNECT_ADMIN_UIDS=10003 CONNECT_LOG_LEVEL=info)
start 10002 notifier "${common[@]}" CONNECT_DATA_DIR="$root/notifier-data" NOTIFIER_OUTBOX="file:$root/outbox" \
    NOTIFIER_HTTP_TOKEN_FILE="$root/secrets/notifier_http_token"
start 10001 identity "${common[@]}" CONNECT_DATA_DIR="$root/identity-data" IDENTITY_KEY_FILE="$root/secrets/identity_key"
start 10003 admin "${common[@]}" CONNECT_DATA_DIR="$root/admin-data"

failures=0
expect() { # expect STATUS DESCRIPTION COMMAND...
  local want=$1 what=$2; shift 2
  "$@" >/dev/null 2>&1; local got=$?
  if [ "$got" = "$want" ]; then echo "ok   $what"; else echo "FAIL $what (exit $got, wanted $want)"; failures=$((failures + 1)); fi
}
ctl() { local uid=$1 gid=$2; shift 2; as "$uid" "$gid" CONNECT_RUN_DIR="$root/run" "$root/opt/connectctl" "$@"; }
for _ in $(seq 100); do ctl 10003 10000 health >/dev/null 2>&1 && break; sleep 0.1; done
for s in identity notifier admin; do expect 0 "health check of $s (as its neighbour's uid)" ctl 10003 10000 health --service "$s"; done
expect 0 "staff (10100) creates an employer" ctl 10100 10000 employer create --number 1283.220 --name "Modèle SA" \
    --street "Rue d'Exemple 1" --postcode 3000 --city Bern --language fr
expect 1 "admin's uid (10003) is not staff" ctl 10003 10000 employer create --number 1283.221 --name "Autre SA" \
    --street "Rue 1" --postcode 3000 --city Bern --language fr
expect 1 "staff is not a service: notifier.send is forbidden" ctl 10100 10000 call notifier notifier.send '{}'
expect 1 "a uid outside group 10000 cannot open the sockets" ctl 20000 20000 health --service identity
expect 0 "staff invites by letter (admin → identity → notifier)" ctl 10100 10000 employer invite --number 1283.220 --letter
for _ in $(seq 100); do ls "$root"/outbox/letter/*.pdf >/dev/null 2>&1 && break; sleep 0.1; done
expect 0 "the letter is in the outbox" sh -c "ls '$root'/outbox/letter/*.pdf"
ls -ln "$root/run"
[ "$failures" = 0 ] || { tail -n 5 "$root"/*.log; exit 1; }
echo "all checks passed"
