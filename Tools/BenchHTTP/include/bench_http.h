// The benchmark's HTTP client: one libcurl easy handle per client thread (its
// keep-alive connection reused), cookies kept as a browser keeps them. C because
// curl_easy_setopt is variadic, which Swift cannot call. The bench only; the
// services never link libcurl (the notifier dlopen()s it, see HTTPPost).
#ifndef CONNECT_BENCH_HTTP_H
#define CONNECT_BENCH_HTTP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_http bench_http;

/// A client sending `cookie` ("name=value; …", may be NULL) on every request, plus
/// whatever cookies the server sets. NULL if libcurl cannot make a handle.
bench_http *bench_http_new(const char *cookie);

/// GETs `url`; returns the HTTP status, or -1 with libcurl's text in `error`.
/// The body stays readable through bench_http_body until the next call.
long bench_http_get(bench_http *client, const char *url, char *error, size_t error_len);

/// POSTs `body` as a form (application/x-www-form-urlencoded) with `Origin: origin`;
/// redirects are not followed. Returns the status, or -1 as bench_http_get.
long bench_http_post(bench_http *client, const char *url, const char *body, const char *origin,
                     char *error, size_t error_len);

/// The last answer's body and its length.
const char *bench_http_body(const bench_http *client, size_t *length);

void bench_http_free(bench_http *client);

#ifdef __cplusplus
}
#endif

#endif
