#!/usr/bin/env bash
# Runs identity, notifier, admin and the portal in the foreground with data under
# ./.connect, each log line prefixed by its program; Ctrl-C (or SIGTERM) stops all four.
set -u
bin="${1:?usage: run-local.sh BIN_DIR}"
export CONNECT_RUN_DIR="${CONNECT_RUN_DIR:-./.connect/run}"
export CONNECT_DATA_DIR="${CONNECT_DATA_DIR:-./.connect/data}"
export PORTAL_LISTEN="${PORTAL_LISTEN:-127.0.0.1:8080}"
case "$PORTAL_LISTEN" in unix:*) url=http://127.0.0.1:8080 ;; *) url="http://$PORTAL_LISTEN" ;; esac
export CONNECT_PORTAL_URL="${CONNECT_PORTAL_URL:-$url}"
mkdir -p "$CONNECT_RUN_DIR" "$CONNECT_DATA_DIR"
# With a replica, Litestream owns the checkpoints (docs/operations.md, "Replication").
[ -n "${CONNECT_REPLICA:-}" ] && export CONNECT_REPLICATED=1
pids=()
for s in notifier identity admin; do
  ( exec "$bin/$s" 2>&1 | sed -u "s/^/[$s] /" ) &
  pids+=($!)
done
if [ -n "${CONNECT_REPLICA:-}" ]; then
  # Once the three files exist: Litestream replicates them until stopped.
  for _ in $(seq 100); do
    [ -f "$CONNECT_DATA_DIR/identity.sqlite" ] && [ -f "$CONNECT_DATA_DIR/notifier.sqlite" ] && [ -f "$CONNECT_DATA_DIR/admin.sqlite" ] && break
    sleep 0.1
  done
  ( exec "$(dirname "$0")/replicate.sh" 2>&1 | sed -u "s/^/[litestream] /" ) &
  replicator=$!
fi
# The portal needs the sockets: wait (briefly) for identity's and admin's.
for _ in $(seq 1 50); do
  [ -S "$CONNECT_RUN_DIR/identity.sock" ] && [ -S "$CONNECT_RUN_DIR/admin.sock" ] && break
  sleep 0.1
done
( exec "$bin/portal" 2>&1 | sed -u "s/^/[portal] /" ) &
pids+=($!)
stop() { trap - INT TERM; [ -n "${replicator:-}" ] && pkill -TERM -P "$replicator" 2>/dev/null; pkill -TERM -f "$bin/(identity|notifier|admin|portal)\$" 2>/dev/null; wait; exit 0; }
trap stop INT TERM
echo "connect: identity, notifier, admin running (sockets in $CONNECT_RUN_DIR)${CONNECT_REPLICA:+, replicated to $CONNECT_REPLICA}; Ctrl-C stops them"
echo "connect: the portal is at $CONNECT_PORTAL_URL"
wait
