#!/usr/bin/env bash
# Replicates the services' SQLite files in CONNECT_DATA_DIR to CONNECT_REPLICA with
# Litestream, in the foreground until stopped.
#
#   CONNECT_DATA_DIR                 the data directory (identity.sqlite, notifier.sqlite, admin.sqlite)
#   CONNECT_REPLICA                  file:DIR (tests, small funds) or s3://BUCKET/PATH (any S3-compatible store)
#   CONNECT_REPLICA_SERVICES         which files (default "identity notifier admin"; a sidecar names one)
#   CONNECT_REPLICA_ENDPOINT         S3 endpoint of a non-AWS store (e.g. https://s3.example.ch)
#   CONNECT_REPLICA_REGION           S3 region (optional)
#   CONNECT_REPLICA_ACCESS_KEY_FILE, CONNECT_REPLICA_SECRET_KEY_FILE   S3 credentials, read from files
#   CONNECT_REPLICA_RETENTION        how long old states are kept (default 24h: the point-in-time window,
#                                    and the bound on how long old WAL frames, with code hashes, live)
#   CONNECT_REPLICA_SNAPSHOT_INTERVAL  full snapshot every (default 1h)
#   CONNECT_REPLICA_SYNC_INTERVAL    how often new WAL frames are shipped (default 1s: the RPO)
#   LITESTREAM                       the litestream binary (default: litestream on PATH)
set -euo pipefail
data="${CONNECT_DATA_DIR:?CONNECT_DATA_DIR: the data directory to replicate}"
replica="${CONNECT_REPLICA:?CONNECT_REPLICA: file:DIR or s3://BUCKET/PATH}"
services="${CONNECT_REPLICA_SERVICES:-identity notifier admin}"
litestream="${LITESTREAM:-litestream}"
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/replica-lib.sh"

[ -d "$data" ] || { echo "replicate: CONNECT_DATA_DIR: $data is not a directory" >&2; exit 2; }
replica_credentials
replica_url "$replica" check >/dev/null   # a bad CONNECT_REPLICA stops here, with one line
# The configuration reaches Litestream on a file descriptor (nothing written to
# disk); exec, so SIGTERM/SIGINT go straight to Litestream, which syncs and exits.
config() {
  echo "snapshot:"
  echo "  interval: ${CONNECT_REPLICA_SNAPSHOT_INTERVAL:-1h}"
  echo "  retention: ${CONNECT_REPLICA_RETENTION:-24h}"
  echo "dbs:"
  for s in $services; do
    echo "  - path: $(cd "$data" && pwd)/$s.sqlite"
    echo "    monitor-interval: 1s"
    echo "    replica:"
    echo "      url: $(replica_url "$replica" "$s")"
    echo "      sync-interval: ${CONNECT_REPLICA_SYNC_INTERVAL:-1s}"
    replica_s3_settings
  done
}
exec "$litestream" replicate -config <(config)
