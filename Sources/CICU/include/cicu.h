// CICU — the few ICU entry points URLStandard needs, as plain C functions over plain C types.
//
// The public header deliberately includes no ICU header: Foundation ships its own private ICU
// (`_FoundationICU`) whose `UErrorCode` differs from the system ICU's, and a Swift module that sees
// both fails to build. ICU is included only by cicu.c. Only the URLStandard module imports CICU.
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

/// Opens a UTS #46 processor configured for URL host parsing (non-transitional, CheckBidi,
/// CheckJoiners, no STD3 rules). Returns NULL on failure. Immutable and safe for concurrent use.
void *cicu_uts46_open_for_url(void);

/// Runs UTS #46 ToASCII on UTF-8 `name`. Returns the length of the result (which may exceed
/// `capacity`: call again with a larger buffer), or -1 when ICU failed outright. `*url_errors`
/// receives the IDNA errors that make the URL Standard's "domain to ASCII" fail (0 = success).
int32_t cicu_uts46_to_ascii(const void *idna, const char *name, int32_t length, char *dest, int32_t capacity,
                            uint32_t *url_errors);

#endif
