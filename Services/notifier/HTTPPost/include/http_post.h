// One HTTP POST through libcurl, loaded with dlopen() on first use, so that a
// notifier whose outboxes are all file: or sendmail: maps no libcurl, TLS or
// Kerberos library at all (issue 8: idle memory). C because curl_easy_setopt is
// variadic, which Swift cannot call.
#ifndef CONNECT_HTTP_POST_H
#define CONNECT_HTTP_POST_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// libcurl could not be loaded (or lacks a function we need).
#define CONNECT_HTTP_UNAVAILABLE (-1)
/// No HTTP answer: DNS, connection refused or reset, TLS, bad URL…
#define CONNECT_HTTP_TRANSPORT (-2)
/// The whole exchange took longer than the timeout.
#define CONNECT_HTTP_TIMEOUT (-3)

/// Loads `library` (NULL: "libcurl.so.4") once for the whole process and
/// initialises it. Returns 0, or CONNECT_HTTP_UNAVAILABLE with the reason in
/// `error`. The first call decides: later calls report its outcome.
int connect_http_load(const char *library, char *error, size_t error_len);

/// POSTs `body` to `url` with `headers` ("Name: value" lines, no CR or LF),
/// following no redirects and discarding the answer's body. Returns the HTTP
/// status (>= 100) or a negative CONNECT_HTTP_* code with libcurl's text in
/// `error`. Safe from any thread (each call uses an easy handle of its own,
/// taken from a small pool so connections are kept alive between calls).
int connect_http_post(const char *url, const char *const *headers, size_t header_count,
                      const void *body, size_t body_len, long timeout_ms,
                      char *error, size_t error_len);

#ifdef __cplusplus
}
#endif

#endif
