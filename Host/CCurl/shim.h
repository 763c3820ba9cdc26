#ifndef SMARTDESK_CCURL_SHIM_H
#define SMARTDESK_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt is variadic, which Swift cannot call: one typed setter per argument kind. */
static inline CURLcode sd_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode sd_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode sd_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode sd_curl_set_slist(CURL *curl, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(curl, option, value);
}
typedef size_t (*sd_curl_write_callback)(char *data, size_t size, size_t count, void *userdata);
static inline CURLcode sd_curl_set_write_function(CURL *curl, sd_curl_write_callback callback) {
    return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode sd_curl_get_response_code(CURL *curl, long *code) {
    return curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
}
/* How many new connections the transfer had to open (0: it reused one). */
static inline CURLcode sd_curl_get_new_connections(CURL *curl, long *count) {
    return curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, count);
}

/* A connection (and DNS) cache shared by every streamed request, so requests to the same server
 * reuse a connection. libcurl calls the lock functions (given from Swift) from whichever thread
 * runs a transfer. */
typedef void (*sd_curl_lock_function)(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr);
typedef void (*sd_curl_unlock_function)(CURL *handle, curl_lock_data data, void *userptr);
static inline CURLSH *sd_curl_share_connections(sd_curl_lock_function lock, sd_curl_unlock_function unlock) {
    CURLSH *share = curl_share_init();
    if (share == NULL) return NULL;
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, unlock);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    return share;
}
/* How many connections a transfer's multi handle lets the shared cache hold (libcurl's default is
 * four per easy handle, so with one transfer per multi handle a fifth concurrent stream closed the
 * oldest idle connection, and concurrent calls to one model server kept reconnecting). */
static inline CURLMcode sd_curl_multi_keep_connections(CURLM *multi, long count) {
    return curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, count);
}
#endif
