// Typed wrappers around libcurl's variadic setopt/getinfo calls (see include/ccurl.h).
#define CURL_DISABLE_TYPECHECK 1
#include "ccurl.h"
#include <pthread.h>

static pthread_once_t ccurl_once = PTHREAD_ONCE_INIT;
static int ccurl_init_result = 0;

static void ccurl_do_init(void) { ccurl_init_result = (int)curl_global_init(CURL_GLOBAL_ALL); }

int ccurl_global_init(void) {
    pthread_once(&ccurl_once, ccurl_do_init);
    return ccurl_init_result;
}

int ccurl_easy_setopt_long(CURL *easy, CURLoption option, long value) { return (int)curl_easy_setopt(easy, option, value); }
int ccurl_easy_setopt_off(CURL *easy, CURLoption option, curl_off_t value) { return (int)curl_easy_setopt(easy, option, value); }
int ccurl_easy_setopt_string(CURL *easy, CURLoption option, const char *value) { return (int)curl_easy_setopt(easy, option, value); }
int ccurl_easy_setopt_pointer(CURL *easy, CURLoption option, void *value) { return (int)curl_easy_setopt(easy, option, value); }
int ccurl_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *list) { return (int)curl_easy_setopt(easy, option, list); }

int ccurl_easy_set_body(CURL *easy, const void *bytes, size_t length) {
    CURLcode rc = curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)length);
    if (rc != CURLE_OK) return (int)rc;
    // COPYPOSTFIELDS with a size set first copies exactly `length` bytes (NUL bytes included).
    static const char empty[1] = {0};
    return (int)curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, length > 0 ? (const char *)bytes : empty);
}

int ccurl_easy_set_write_callback(CURL *easy, ccurl_data_callback callback, void *userdata) {
    CURLcode rc = curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, callback);
    if (rc != CURLE_OK) return (int)rc;
    return (int)curl_easy_setopt(easy, CURLOPT_WRITEDATA, userdata);
}

int ccurl_easy_set_header_callback(CURL *easy, ccurl_data_callback callback, void *userdata) {
    CURLcode rc = curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, callback);
    if (rc != CURLE_OK) return (int)rc;
    return (int)curl_easy_setopt(easy, CURLOPT_HEADERDATA, userdata);
}

int ccurl_easy_set_closesocket_callback(CURL *easy, ccurl_closesocket_callback callback, void *userdata) {
    CURLcode rc = curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, callback);
    if (rc != CURLE_OK) return (int)rc;
    return (int)curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, userdata);
}

int ccurl_easy_getinfo_long(CURL *easy, CURLINFO info, long *out) { return (int)curl_easy_getinfo(easy, info, out); }
int ccurl_easy_getinfo_off(CURL *easy, CURLINFO info, curl_off_t *out) { return (int)curl_easy_getinfo(easy, info, out); }
int ccurl_easy_getinfo_string(CURL *easy, CURLINFO info, const char **out) {
    char *s = NULL;
    CURLcode rc = curl_easy_getinfo(easy, info, &s);
    *out = s;
    return (int)rc;
}
int ccurl_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **out) { return (int)curl_easy_getinfo(easy, info, out); }

int ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { return (int)curl_multi_setopt(multi, option, value); }

int ccurl_multi_set_socket_callback(CURLM *multi, ccurl_socket_callback callback, void *userdata) {
    CURLMcode rc = curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
    if (rc != CURLM_OK) return (int)rc;
    return (int)curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, userdata);
}

int ccurl_multi_set_timer_callback(CURLM *multi, ccurl_timer_callback callback, void *userdata) {
    CURLMcode rc = curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
    if (rc != CURLM_OK) return (int)rc;
    return (int)curl_multi_setopt(multi, CURLMOPT_TIMERDATA, userdata);
}

int ccurl_multi_next_done(CURLM *multi, CURL **easy, int *result) {
    int left = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
        if (msg->msg == CURLMSG_DONE) {
            *easy = msg->easy_handle;
            *result = (int)msg->data.result;
            return 1;
        }
    }
    return 0;
}

size_t ccurl_writefunc_pause(void) { return CURL_WRITEFUNC_PAUSE; }
