#!/usr/bin/env bash
# Restores the services' SQLite files from a Litestream replica into DATA_DIR: to the
# latest state, or to TIMESTAMP (RFC 3339, UTC: 2026-12-01T21:26:45Z). Refuses to
# overwrite an existing file; checks PRAGMA integrity_check of each restored file.
#
#   usage: restore.sh REPLICA DATA_DIR [TIMESTAMP]
#   CONNECT_REPLICA_SERVICES   which files (default "identity notifier admin"; one service: "identity")
#   S3 settings and credentials as for replicate.sh; LITESTREAM, the binary; SQLITE3, the sqlite3 tool.
set -euo pipefail
replica="${1:?usage: restore.sh REPLICA DATA_DIR [TIMESTAMP]}"
data="${2:?usage: restore.sh REPLICA DATA_DIR [TIMESTAMP]}"
timestamp="${3:-}"
services="${CONNECT_REPLICA_SERVICES:-identity notifier admin}"
litestream="${LITESTREAM:-litestream}"
sqlite3="${SQLITE3:-sqlite3}"
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/replica-lib.sh"

replica_credentials
mkdir -p "$data"
for s in $services; do
  for f in "$data/$s.sqlite" "$data/$s.sqlite-wal" "$data/$s.sqlite-shm"; do
    [ -e "$f" ] && { echo "restore: $f exists: refusing to overwrite it (move it away first)" >&2; exit 2; }
  done
done
for s in $services; do
  target="$data/$s.sqlite"
  args=(-o "$target")
  [ -n "$timestamp" ] && args+=(-timestamp "$timestamp")
  if ! "$litestream" restore "${args[@]}" "$(replica_url "$replica" "$s")" >"$data/.$s.restore.log" 2>&1; then
    echo "restore: $s: litestream restore failed:" >&2; cat "$data/.$s.restore.log" >&2; exit 1
  fi
  rm -f "$data/.$s.restore.log"
  [ -f "$target" ] || { echo "restore: $s: nothing in the replica at or before ${timestamp:-now}" >&2; exit 1; }
  check="$("$sqlite3" "$target" "PRAGMA integrity_check")"
  [ "$check" = ok ] || { echo "restore: $s: integrity_check: $check" >&2; exit 1; }
  chmod 600 "$target"
  echo "restore: $s.sqlite restored${timestamp:+ to $timestamp}, integrity ok"
done
