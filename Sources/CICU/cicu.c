#include "cicu.h"
#include "cicu_impl.h"

void *cicu_uts46_open_for_url(void) { return cicu_impl_open(); }

int32_t cicu_uts46_to_ascii(const void *idna, const char *name, int32_t length, char *dest, int32_t capacity,
                            uint32_t *url_errors) {
    return cicu_impl_to_ascii((const UIDNA *)idna, name, length, dest, capacity, url_errors);
}
