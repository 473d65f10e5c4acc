// libcurl through dlopen(): see include/http_post.h for why.
#define CURL_DISABLE_TYPECHECK 1  // the typecheck macros would wrap our pointers' names
#define CURL_NO_OLDIES 1
#include "http_post.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// The functions we use, with their real prototypes taken from <curl/curl.h>.
static struct {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_easy_init) *init;
    __typeof__(curl_easy_setopt) *setopt;
    __typeof__(curl_easy_perform) *perform;
    __typeof__(curl_easy_getinfo) *getinfo;
    __typeof__(curl_easy_reset) *reset;
    __typeof__(curl_easy_cleanup) *cleanup;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
} curl;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int load_state;  // 0 not tried, 1 loaded, -1 failed (load_error says why)
static char load_error[512];

static void copy_error(char *error, size_t error_len, const char *text) {
    if (error && error_len > 0) snprintf(error, error_len, "%s", text);
}

static int load_locked(const char *library) {
    void *lib = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load %s: %s", library, why ? why : "unknown error");
        return -1;
    }
#define FIND(field, symbol)                                                                   \
    if (!(*(void **)&curl.field = dlsym(lib, #symbol))) {                                     \
        snprintf(load_error, sizeof load_error, "%s has no %s", library, #symbol);            \
        return -1;                                                                            \
    }
    FIND(global_init, curl_global_init)
    FIND(init, curl_easy_init)
    FIND(setopt, curl_easy_setopt)
    FIND(perform, curl_easy_perform)
    FIND(getinfo, curl_easy_getinfo)
    FIND(reset, curl_easy_reset)
    FIND(cleanup, curl_easy_cleanup)
    FIND(easy_strerror, curl_easy_strerror)
    FIND(slist_append, curl_slist_append)
    FIND(slist_free_all, curl_slist_free_all)
#undef FIND
    CURLcode rc = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "%s: curl_global_init failed: %s", library, curl.easy_strerror(rc));
        return -1;
    }
    return 1;
}

int connect_http_load(const char *library, char *error, size_t error_len) {
    pthread_mutex_lock(&load_lock);
    if (load_state == 0) load_state = load_locked(library ? library : "libcurl.so.4");
    int state = load_state;
    if (state < 0) copy_error(error, error_len, load_error);
    pthread_mutex_unlock(&load_lock);
    return state > 0 ? 0 : CONNECT_HTTP_UNAVAILABLE;
}

// Idle easy handles: a handle keeps its connections open, so taking one back
// reuses the keep-alive connection to the gateway. A handle serves one thread at a time.
#define POOL_SIZE 8
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static CURL *pool[POOL_SIZE];
static size_t pool_count;

static CURL *take_handle(void) {
    CURL *h = NULL;
    pthread_mutex_lock(&pool_lock);
    if (pool_count > 0) h = pool[--pool_count];
    pthread_mutex_unlock(&pool_lock);
    return h ? h : curl.init();
}

static void give_back(CURL *h) {
    curl.reset(h);  // forgets our options (and pointers to our buffers), keeps the connections
    pthread_mutex_lock(&pool_lock);
    if (pool_count < POOL_SIZE) {
        pool[pool_count++] = h;
        h = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    if (h) curl.cleanup(h);
}

static size_t discard(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

int connect_http_post(const char *url, const char *const *headers, size_t header_count,
                      const void *body, size_t body_len, long timeout_ms,
                      char *error, size_t error_len) {
    if (connect_http_load(NULL, error, error_len) != 0) return CONNECT_HTTP_UNAVAILABLE;
    for (size_t i = 0; i < header_count; i++) {
        if (strpbrk(headers[i], "\r\n")) {
            copy_error(error, error_len, "a header contains a line break");
            return CONNECT_HTTP_TRANSPORT;
        }
    }
    CURL *h = take_handle();
    if (!h) {
        copy_error(error, error_len, "curl_easy_init failed");
        return CONNECT_HTTP_TRANSPORT;
    }
    struct curl_slist *list = NULL;
    int failed = 0;
    for (size_t i = 0; i < header_count && !failed; i++) {
        struct curl_slist *next = curl.slist_append(list, headers[i]);
        if (next) list = next; else failed = 1;
    }
    // A blank "Expect:" stops libcurl's 100-continue round trip for larger bodies.
    struct curl_slist *next = failed ? NULL : curl.slist_append(list, "Expect:");
    if (next) list = next; else failed = 1;
    if (failed) {
        if (list) curl.slist_free_all(list);
        give_back(h);
        copy_error(error, error_len, "out of memory");
        return CONNECT_HTTP_TRANSPORT;
    }

    char detail[CURL_ERROR_SIZE] = "";
    CURLcode rc = CURLE_OK;
#define SET(option, value) if (rc == CURLE_OK) rc = curl.setopt(h, option, value)
    SET(CURLOPT_ERRORBUFFER, detail);
    SET(CURLOPT_URL, url);
    SET(CURLOPT_NOSIGNAL, 1L);  // we run on several threads: no SIGALRM for DNS timeouts
    SET(CURLOPT_TIMEOUT_MS, timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_POST, 1L);
    SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    // Never NULL: a NULL body would make libcurl read the request from stdin.
    SET(CURLOPT_POSTFIELDS, body ? body : (const void *)"");
    SET(CURLOPT_HTTPHEADER, list);
    SET(CURLOPT_WRITEFUNCTION, discard);
#undef SET
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85: CURLOPT_PROTOCOLS_STR
    // http: and https: only (the configuration already checks; an older libcurl ignores this).
    if (rc == CURLE_OK) (void)curl.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#endif

    int result;
    if (rc == CURLE_OK) rc = curl.perform(h);
    long status = 0;
    if (rc == CURLE_OK) rc = curl.getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK && status >= 100) {
        result = (int)status;
    } else {
        result = rc == CURLE_OPERATION_TIMEDOUT ? CONNECT_HTTP_TIMEOUT : CONNECT_HTTP_TRANSPORT;
        copy_error(error, error_len,
                   detail[0] ? detail : rc != CURLE_OK ? curl.easy_strerror(rc) : "no HTTP status in the answer");
    }
    give_back(h);
    curl.slist_free_all(list);
    return result;
}
