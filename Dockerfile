# connect: one image, three services chosen by command (identity, notifier, admin),
# the portal (the browser front end), plus connectctl for health checks and fund
# staff; and a second target, `nginx` (Debian's nginx, TLS in front of the portal).
# See docs/operations.md.
#   docker build -t localhost/connect:latest .     (or: docker compose build)
#   docker run --user 10001:10000 --read-only --tmpfs /tmp -e CONNECT_SERVICE=identity \
#     -v sockets:/run/connect -v identity-data:/var/lib/connect localhost/connect:latest identity
# SWIFT_VERSION: the toolchain the project is tested with (6.0 is the minimum).
ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-bookworm AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libsqlite3-dev libsodium-dev libcurl4-openssl-dev libmicrohttpd-dev \
       pkg-config libcairo2-dev libpango1.0-dev libxlsxwriter-dev libqrencode-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Shared ./Shared
COPY Services ./Services
COPY Tools ./Tools
COPY Portal ./Portal
# The manifest declares the test targets, so their sources must be present to build at all.
COPY Tests ./Tests
# The Swift standard library and Foundation linked in; lld packs the relative relocations
# (DT_RELR, glibc 2.36+): the loader no longer reads 1.3 MiB of them at start.
# connect-bench builds with these same flags, read from here. SWIFT_BUILD_FLAGS="" and
# SERVICE_BUILD_FLAGS="" build dynamically instead (the run image has the Swift runtime too).
ARG SWIFT_BUILD_FLAGS="--static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs"
# identity and admin are static executables, glibc, libsqlite3 and libsodium linked in:
# no loader, no shared-library pages, about 3 MiB less each when idle (docs/benchmarks.md).
# Not the notifier: its http: outbox loads libcurl with dlopen() (nothing links -lcurl, so
# file and sendmail outboxes map no HTTP/TLS library), and libcurl brings the shared glibc
# of the run image; in a static executable that second glibc crashes (SIGSEGV) as soon as
# libcurl resolves a host name (HTTPOutboxTests, testGatewayNamedByHostName…). The run
# image keeps libcurl4 for it. portal, connectctl and connect-documents link libraries
# Debian ships only shared (libmicrohttpd's GnuTLS, cairo, pango).
ARG SERVICE_BUILD_FLAGS="-Xswiftc -static-executable"
# connect-documents: the PDF/XLSX helper notifier and admin start for each letter and export
# (the only program linking cairo, pango and libxlsxwriter), next to them in /opt/connect.
# The services build apart (.build/services): other flags, other objects.
RUN for product in identity admin; do \
        swift build -c release ${SWIFT_BUILD_FLAGS} ${SERVICE_BUILD_FLAGS} --build-path .build/services \
            --product "$product" || exit 1; \
    done \
    && for product in notifier connectctl portal connect-documents; do \
        swift build -c release ${SWIFT_BUILD_FLAGS} --product "$product" || exit 1; \
    done
# The notifier's templates sit next to the binaries (the word list and themes are compiled in).
RUN bin="$(swift build -c release ${SWIFT_BUILD_FLAGS} --show-bin-path)" \
    && services="$(swift build -c release ${SWIFT_BUILD_FLAGS} ${SERVICE_BUILD_FLAGS} --build-path .build/services --show-bin-path)" \
    && mkdir -p /out \
    && cp "$services/identity" "$services/admin" /out/ \
    && cp "$bin/notifier" "$bin/connectctl" "$bin/portal" "$bin/connect-documents" /out/ \
    && cp -R Services/notifier/Core/Templates /out/templates

# The TLS front of the portal (compose.yaml's `nginx` service, `target: nginx`):
# Debian's own nginx, the one `make test` checks deploy/nginx/nginx.conf with
# (`nginx -t`), as a non-root uid on a read-only root. It never reaches the trio's
# sockets, only the portal's (group 10010).
FROM debian:bookworm-slim AS nginx
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends nginx curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10010 portal-web \
    && useradd --uid 10005 --gid 10010 --no-create-home --shell /usr/sbin/nologin web \
    && mkdir -p /run/portal && chown root:10010 /run/portal && chmod 2770 /run/portal
COPY deploy/nginx/nginx.conf /etc/nginx/nginx.conf
USER 10005:10010
STOPSIGNAL SIGQUIT
# -e stderr: the compiled-in /var/log/nginx/error.log is on the read-only root.
# curl: the health check (compose.yaml).
CMD ["nginx", "-e", "stderr", "-g", "daemon off;"]

# The slim Swift runtime image: libcurl4, libxml2, tzdata, and the Swift runtime (used
# only if the build above is dynamic). libcurl4 is named below all the same: the
# notifier's http: outbox dlopen()s it, so no ldd would notice it gone.
FROM swift:${SWIFT_VERSION}-bookworm-slim AS run
# sqlite3 (the CLI) is for online backups, see docs/operations.md. cairo, pango and
# libxlsxwriter make the letters and exports (notifier, admin), libqrencode4 the letter's
# QR code (notifier); fonts-dejavu-core is their font (Latin Extended, Greek, Cyrillic,
# Vietnamese), embedded in every PDF. libmicrohttpd12:
# the portal's HTTP; curl: the portal's health check (GET /healthz on its socket);
# socat: the socket bridge of deploy/kubernetes/portal.yaml. Add packages with
# e.g. --build-arg RUNTIME_PACKAGES=msmtp-mta for a sendmail: e-mail outbox.
ARG RUNTIME_PACKAGES=""
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libsqlite3-0 libsodium23 libcurl4 libmicrohttpd12 curl socat sqlite3 ca-certificates \
       libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libxlsxwriter4 libqrencode4 fonts-dejavu-core ${RUNTIME_PACKAGES} \
    && rm -rf /var/lib/apt/lists/*
# Fixed ids (compose.yaml, deploy/kubernetes/): one uid per service, one group for
# the shared socket directory; the sockets are mode 0660.
RUN groupadd --gid 10000 connect \
    && useradd --uid 10001 --gid 10000 --no-create-home --shell /usr/sbin/nologin identity \
    && useradd --uid 10002 --gid 10000 --no-create-home --shell /usr/sbin/nologin notifier \
    && useradd --uid 10003 --gid 10000 --no-create-home --shell /usr/sbin/nologin admin \
    && useradd --uid 10100 --gid 10000 --no-create-home --shell /usr/sbin/nologin staff \
    && groupadd --gid 10010 portal-web \
    && useradd --uid 10004 --gid 10000 --groups 10010 --no-create-home --shell /usr/sbin/nologin portal
# Mount points: an empty named volume takes this owner and mode on first use
# (setgid: files made inside keep the group 10000).
# /run/portal: the portal's socket for nginx, group 10010 (nginx's group, not the trio's).
RUN mkdir -p /run/connect /var/lib/connect/outbox /run/portal \
    && chown root:10000 /run/connect /var/lib/connect /var/lib/connect/outbox \
    && chmod 2770 /run/connect /var/lib/connect /var/lib/connect/outbox \
    && chown root:10010 /run/portal && chmod 2770 /run/portal
COPY --from=build /out/ /opt/connect/
ENV PATH=/opt/connect:$PATH \
    CONNECT_RUN_DIR=/run/connect \
    CONNECT_DATA_DIR=/var/lib/connect \
    NOTIFIER_OUTBOX=file:/var/lib/connect/outbox
# Not root by default; compose and Kubernetes choose each service's uid.
USER 10001:10000
# The services stop gracefully on SIGTERM: finish the requests in flight, close SQLite, remove the socket.
STOPSIGNAL SIGTERM
# Asks the service itself over its socket. CONNECT_SERVICE names which one
# (compose.yaml and the Kubernetes probes give the name on the command line instead).
# CONNECT_SERVICE=portal: GET /healthz where PORTAL_LISTEN says (a TCP address or unix:/path).
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["/bin/sh", "-c", "if [ \"$CONNECT_SERVICE\" = portal ]; then case \"${PORTAL_LISTEN:-127.0.0.1:8080}\" in unix:*) exec curl -fsS -o /dev/null --max-time 5 --unix-socket \"${PORTAL_LISTEN#unix:}\" http://portal/healthz;; *) exec curl -fsS -o /dev/null --max-time 5 \"http://${PORTAL_LISTEN:-127.0.0.1:8080}/healthz\";; esac; fi; exec connectctl health --service \"${CONNECT_SERVICE:?set CONNECT_SERVICE to identity, notifier, admin or portal}\""]
CMD ["connectctl", "--help"]
