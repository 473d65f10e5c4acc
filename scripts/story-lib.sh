# Shared by scripts/demo.sh and scripts/menu-story.sh (sourced, not run): a
# temporary directory for the trio, the step and failure printers, connectctl as
# a given person, reading codes from the file outbox, and starting the services.
# Expects `bin` (the executables' directory) and `work` (a fresh temp directory).
export CONNECT_RUN_DIR="$work/run" CONNECT_DATA_DIR="$work/data"
export NOTIFIER_OUTBOX="file:$work/outbox"
export IDENTITY_ARGON2_MEMORY_KIB="${IDENTITY_ARGON2_MEMORY_KIB:-19456}"
export LANG=fr_CH.UTF-8
mkdir -p "$CONNECT_RUN_DIR" "$CONNECT_DATA_DIR"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  [ "${KEEP_DEMO:-0}" = 1 ] && echo "(kept $work)" || rm -rf "$work"
}
trap cleanup EXIT

step=0
say()  { step=$((step+1)); printf '\n\033[1m%2d. %s\033[0m\n' "$step" "$*"; }
fail() { printf '\033[31mFAILED: %s\033[0m\n' "$*"; echo "--- last log lines:"; tail -n 5 "$work"/*.log; exit 1; }
as()   { local who="$1"; shift; CONNECT_SESSION_FILE="$work/sessions/$who.json" "$bin/connectctl" "$@"; }
code() { "$bin/connectctl" outbox --dir "$work/outbox" --code "$@"; }
wait_code() { # the notifier delivers asynchronously: poll the outbox briefly
  local c=""; for _ in $(seq 1 100); do c=$(code "$@" 2>/dev/null) && [ -n "$c" ] && { echo "$c"; return 0; }; sleep 0.1; done; return 1; }
new_code() { # a code newer than `old` for the same recipient
  local old="$1"; shift; local c=""
  for _ in $(seq 1 100); do c=$(code "$@" 2>/dev/null); [ -n "$c" ] && [ "$c" != "$old" ] && { echo "$c"; return 0; }; sleep 0.1; done; return 1; }

start_trio() {
  for s in notifier identity admin; do
    "$bin/$s" 2>"$work/$s.log" & pids+=($!)
  done
  for _ in $(seq 1 100); do "$bin/connectctl" health >/dev/null 2>&1 && break; sleep 0.1; done
}
