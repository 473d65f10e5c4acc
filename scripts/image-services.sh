#!/usr/bin/env bash
# Builds the programs the image links as static executables (identity, admin: the
# Dockerfile's first build loop, with its SWIFT_BUILD_FLAGS and SERVICE_BUILD_FLAGS, all
# read from the Dockerfile) and puts them in OUT_DIR beside the debug build's other
# programs: a CONNECT_BIN_DIR for the suites whose outcome could differ for such a build
# (make test-image). OUT_DIR must be under .build, where the notifier finds its templates.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/image-services.sh OUT_DIR}
swift=${SWIFT:-swift}
arg() { sed -n "s/^ARG $1=\"\(.*\)\"\$/\1/p" Dockerfile; }
flags="$(arg SWIFT_BUILD_FLAGS) $(arg SERVICE_BUILD_FLAGS)"
products=$(sed -n 's/^RUN for product in \(.*\); do \\$/\1/p' Dockerfile | head -1)
[ -n "$products" ] && [ -n "$(arg SERVICE_BUILD_FLAGS)" ] || { echo "no static build loop in the Dockerfile" >&2; exit 1; }
for p in $products; do
    # shellcheck disable=SC2086 # the flags are words
    $swift build -c release $flags --build-path .build/static-services --product "$p"
done
debug="$($swift build --show-bin-path)"
rm -rf "$out"
mkdir -p "$out"
for p in identity notifier admin connectctl portal connect-documents connect-seed; do cp "$debug/$p" "$out/"; done
for p in $products; do
    cp -f ".build/static-services/release/$p" "$out/"
    linked="$(ldd "$out/$p" 2>&1 || true)"
    [[ "$linked" == *"not a dynamic executable"* ]] || { echo "$p is not a static executable: $linked" >&2; exit 1; }
done
echo "$out: $products as the image builds them, the rest from $debug"
