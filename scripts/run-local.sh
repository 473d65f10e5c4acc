#!/usr/bin/env bash
# Runs identity, notifier and admin in the foreground with data under ./.connect,
# each log line prefixed by its service; Ctrl-C (or SIGTERM) stops all three.
set -u
bin="${1:?usage: run-local.sh BIN_DIR}"
export CONNECT_RUN_DIR="${CONNECT_RUN_DIR:-./.connect/run}"
export CONNECT_DATA_DIR="${CONNECT_DATA_DIR:-./.connect/data}"
mkdir -p "$CONNECT_RUN_DIR" "$CONNECT_DATA_DIR"
pids=()
for s in notifier identity admin; do
  ( exec "$bin/$s" 2>&1 | sed -u "s/^/[$s] /" ) &
  pids+=($!)
done
stop() { trap - INT TERM; pkill -TERM -f "$bin/(identity|notifier|admin)\$" 2>/dev/null; wait; exit 0; }
trap stop INT TERM
echo "connect: identity, notifier, admin running (sockets in $CONNECT_RUN_DIR); Ctrl-C stops them"
wait
