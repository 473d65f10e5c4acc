# Shared by replicate.sh and restore.sh: the replica URL of one service, S3 settings
# and credentials (read from files, never from the command line).

# replica_url REPLICA SERVICE → file:///abs/dir/SERVICE or s3://bucket/path/SERVICE
replica_url() {
  case "$1" in
    file:*) local dir="${1#file:}"; dir="${dir#//}"; mkdir -p "$dir"; echo "file://$(cd "$dir" && pwd)/$2" ;;
    s3://*) echo "${1%/}/$2" ;;
    *) echo "replica: CONNECT_REPLICA: '$1' is neither file:DIR nor s3://BUCKET/PATH" >&2; exit 2 ;;
  esac
}

replica_credentials() {
  if [ -n "${CONNECT_REPLICA_ACCESS_KEY_FILE:-}" ]; then
    [ -r "$CONNECT_REPLICA_ACCESS_KEY_FILE" ] || { echo "replica: CONNECT_REPLICA_ACCESS_KEY_FILE: cannot read $CONNECT_REPLICA_ACCESS_KEY_FILE" >&2; exit 2; }
    LITESTREAM_ACCESS_KEY_ID="$(tr -d '[:space:]' < "$CONNECT_REPLICA_ACCESS_KEY_FILE")"
    AWS_ACCESS_KEY_ID="$LITESTREAM_ACCESS_KEY_ID"; export LITESTREAM_ACCESS_KEY_ID AWS_ACCESS_KEY_ID
  fi
  if [ -n "${CONNECT_REPLICA_SECRET_KEY_FILE:-}" ]; then
    [ -r "$CONNECT_REPLICA_SECRET_KEY_FILE" ] || { echo "replica: CONNECT_REPLICA_SECRET_KEY_FILE: cannot read $CONNECT_REPLICA_SECRET_KEY_FILE" >&2; exit 2; }
    LITESTREAM_SECRET_ACCESS_KEY="$(tr -d '[:space:]' < "$CONNECT_REPLICA_SECRET_KEY_FILE")"
    AWS_SECRET_ACCESS_KEY="$LITESTREAM_SECRET_ACCESS_KEY"; export LITESTREAM_SECRET_ACCESS_KEY AWS_SECRET_ACCESS_KEY
  fi
}

# Extra replica lines (YAML, 6 spaces) for an S3-compatible store.
replica_s3_settings() {
  [ -n "${CONNECT_REPLICA_ENDPOINT:-}" ] && echo "      endpoint: $CONNECT_REPLICA_ENDPOINT" && echo "      force-path-style: true"
  [ -n "${CONNECT_REPLICA_REGION:-}" ] && echo "      region: $CONNECT_REPLICA_REGION"
  return 0
}
