#define CURL_DISABLE_TYPECHECK 1
#include "bench_http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bench_http {
    CURL *handle;
    char *body;
    size_t length, capacity;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static size_t collect(char *data, size_t size, size_t count, void *context) {
    bench_http *c = context;
    size_t n = size * count;
    if (c->length + n + 1 > c->capacity) {
        size_t capacity = (c->length + n + 1) * 2;
        char *grown = realloc(c->body, capacity);
        if (!grown) return 0;
        c->body = grown;
        c->capacity = capacity;
    }
    memcpy(c->body + c->length, data, n);
    c->length += n;
    c->body[c->length] = 0;
    return n;
}

bench_http *bench_http_new(const char *cookie) {
    pthread_once(&once, global_init);
    bench_http *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->handle = curl_easy_init();
    if (!c->handle) { free(c); return NULL; }
    curl_easy_setopt(c->handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c->handle, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(c->handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c->handle, CURLOPT_COOKIEFILE, "");  // the in-memory cookie engine
    curl_easy_setopt(c->handle, CURLOPT_ACCEPT_ENCODING, NULL);
    curl_easy_setopt(c->handle, CURLOPT_TCP_NODELAY, 1L);
    if (cookie) curl_easy_setopt(c->handle, CURLOPT_COOKIE, cookie);
    curl_easy_setopt(c->handle, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c->handle, CURLOPT_WRITEDATA, c);
    return c;
}

static long perform(bench_http *c, const char *url, char *error, size_t error_len);

long bench_http_get(bench_http *c, const char *url, char *error, size_t error_len) {
    curl_easy_setopt(c->handle, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c->handle, CURLOPT_HTTPHEADER, NULL);
    return perform(c, url, error, error_len);
}

long bench_http_post(bench_http *c, const char *url, const char *body, const char *origin,
                     char *error, size_t error_len) {
    char header[512];
    snprintf(header, sizeof header, "Origin: %s", origin);
    struct curl_slist *headers = curl_slist_append(NULL, header);
    headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
    curl_easy_setopt(c->handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c->handle, CURLOPT_POSTFIELDS, body);
    long status = perform(c, url, error, error_len);
    curl_easy_setopt(c->handle, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(headers);
    return status;
}

static long perform(bench_http *c, const char *url, char *error, size_t error_len) {
    char detail[CURL_ERROR_SIZE] = "";
    c->length = 0;
    if (c->body) c->body[0] = 0;
    curl_easy_setopt(c->handle, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(c->handle, CURLOPT_URL, url);
    CURLcode rc = curl_easy_perform(c->handle);
    long status = 0;
    if (rc == CURLE_OK) rc = curl_easy_getinfo(c->handle, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK) {
        if (error && error_len) snprintf(error, error_len, "%s", detail[0] ? detail : curl_easy_strerror(rc));
        return -1;
    }
    return status;
}

const char *bench_http_body(const bench_http *c, size_t *length) {
    if (length) *length = c->length;
    return c->body ? c->body : "";
}

void bench_http_free(bench_http *c) {
    if (!c) return;
    curl_easy_cleanup(c->handle);
    free(c->body);
    free(c);
}
