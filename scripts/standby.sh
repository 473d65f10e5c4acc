#!/usr/bin/env bash
# Warm standby: keeps DATA_DIR a close copy of the replica by following it
# (`litestream restore -f`), in the foreground until stopped. At failover: fence the
# old host, stop this (SIGTERM), then start the three services on DATA_DIR
# (docs/operations.md, "Warm standby"). Nothing may open the files while it follows.
#
#   usage: standby.sh REPLICA DATA_DIR
#   CONNECT_REPLICA_SERVICES, S3 settings and credentials, LITESTREAM: as for replicate.sh
set -euo pipefail
replica="${1:?usage: standby.sh REPLICA DATA_DIR}"
data="${2:?usage: standby.sh REPLICA DATA_DIR}"
services="${CONNECT_REPLICA_SERVICES:-identity notifier admin}"
litestream="${LITESTREAM:-litestream}"
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/replica-lib.sh"

replica_credentials
mkdir -p "$data"
for s in $services; do
  [ -e "$data/$s.sqlite" ] && { echo "standby: $data/$s.sqlite exists: start from an empty directory" >&2; exit 2; }
done
pids=()
for s in $services; do
  "$litestream" restore -f -follow-interval "${CONNECT_STANDBY_INTERVAL:-1s}" -o "$data/$s.sqlite" "$(replica_url "$replica" "$s")" &
  pids+=($!)
done
stop() { trap - INT TERM; kill -TERM "${pids[@]}" 2>/dev/null; wait; exit 0; }
trap stop INT TERM
echo "standby: following $replica into $data (${services})"
wait
