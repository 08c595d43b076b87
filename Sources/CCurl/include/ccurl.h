// CCurl — typed, non-variadic wrappers around libcurl (curl_easy_setopt/getinfo and
// curl_multi_setopt are variadic, which Swift cannot call). Imported only by Shared's HTTPClient.
// Prefix: ccurl_. Every wrapper returns libcurl's own result code (CURLcode / CURLMcode).
#ifndef CCURL_H
#define CCURL_H

#include <stddef.h>
#include <stdint.h>
#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

/// curl_global_init(CURL_GLOBAL_ALL), once per process (pthread_once); returns its result.
int ccurl_global_init(void);

// ---- easy handle options --------------------------------------------------------------------------
int ccurl_easy_setopt_long(CURL *easy, CURLoption option, long value);
int ccurl_easy_setopt_off(CURL *easy, CURLoption option, curl_off_t value);
/// Strings are copied by libcurl (except CURLOPT_POSTFIELDS, see ccurl_easy_set_body).
int ccurl_easy_setopt_string(CURL *easy, CURLoption option, const char *value);
int ccurl_easy_setopt_pointer(CURL *easy, CURLoption option, void *value);
int ccurl_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *list);

/// The request body: CURLOPT_POSTFIELDSIZE_LARGE + CURLOPT_COPYPOSTFIELDS (libcurl keeps a copy).
int ccurl_easy_set_body(CURL *easy, const void *bytes, size_t length);

typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *userdata);
int ccurl_easy_set_write_callback(CURL *easy, ccurl_data_callback callback, void *userdata);
int ccurl_easy_set_header_callback(CURL *easy, ccurl_data_callback callback, void *userdata);

/// CURLOPT_CLOSESOCKETFUNCTION + CURLOPT_CLOSESOCKETDATA: the callback must close the socket.
typedef int (*ccurl_closesocket_callback)(void *userdata, curl_socket_t socket);
int ccurl_easy_set_closesocket_callback(CURL *easy, ccurl_closesocket_callback callback, void *userdata);

// ---- easy handle info -----------------------------------------------------------------------------
int ccurl_easy_getinfo_long(CURL *easy, CURLINFO info, long *out);
int ccurl_easy_getinfo_off(CURL *easy, CURLINFO info, curl_off_t *out);
/// The string is owned by the easy handle (valid until the next transfer or cleanup); may be NULL.
int ccurl_easy_getinfo_string(CURL *easy, CURLINFO info, const char **out);
int ccurl_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **out);

// ---- multi handle options -------------------------------------------------------------------------
int ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

typedef int (*ccurl_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *userdata, void *socketdata);
typedef int (*ccurl_timer_callback)(CURLM *multi, long timeout_ms, void *userdata);
int ccurl_multi_set_socket_callback(CURLM *multi, ccurl_socket_callback callback, void *userdata);
int ccurl_multi_set_timer_callback(CURLM *multi, ccurl_timer_callback callback, void *userdata);

/// One finished transfer from curl_multi_info_read: returns 1 and fills the outputs, 0 when none is left.
int ccurl_multi_next_done(CURLM *multi, CURL **easy, int *result);

// ---- constants that are macros with casts or expressions in curl.h ---------------------------------
enum {
    CCURL_POLL_IN = 1,          // CURL_POLL_IN
    CCURL_POLL_OUT = 2,         // CURL_POLL_OUT
    CCURL_POLL_INOUT = 3,       // CURL_POLL_INOUT
    CCURL_POLL_REMOVE = 4,      // CURL_POLL_REMOVE
    CCURL_CSELECT_IN = 1,       // CURL_CSELECT_IN
    CCURL_CSELECT_OUT = 2,      // CURL_CSELECT_OUT
    CCURL_CSELECT_ERR = 4,      // CURL_CSELECT_ERR
    CCURL_PAUSE_CONT = 0,       // CURLPAUSE_CONT
};
/// CURL_SOCKET_TIMEOUT (curl_socket_t -1).
#define CCURL_SOCKET_TIMEOUT ((curl_socket_t)-1)
/// CURL_WRITEFUNC_PAUSE, as a size_t a write callback returns.
size_t ccurl_writefunc_pause(void);

#ifdef __cplusplus
}
#endif
#endif
