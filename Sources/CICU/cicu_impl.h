// CICU — the few ICU entry points URLStandard needs, as plain C functions.
//
// ICU renames every public symbol with its major version (uidna_openUTS46 -> uidna_openUTS46_72)
// through macros; these `static inline` helpers are compiled in cicu.c only (see include/cicu.h).
#ifndef CICU_IMPL_H
#define CICU_IMPL_H

#include <stdint.h>
#include <unicode/utypes.h>
#include <unicode/uidna.h>

/// Options for UTS #46 as the URL Standard's "domain to ASCII" (beStrict = false) requires:
/// non-transitional processing, CheckBidi, CheckJoiners; UseSTD3ASCIIRules off.
/// CheckHyphens and VerifyDnsLength are off too: ICU has no option for them, so their errors are
/// masked out by `CICU_URL_IGNORED_ERRORS` instead.
#define CICU_URL_UTS46_OPTIONS \
    ((uint32_t)(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII | \
                UIDNA_NONTRANSITIONAL_TO_UNICODE))

/// `UIDNAInfo.errors` bits that the URL Standard does not treat as failures:
/// VerifyDnsLength=false (empty label, label/domain too long) and CheckHyphens=false
/// (leading/trailing hyphen, hyphens in positions 3 and 4).
#define CICU_URL_IGNORED_ERRORS \
    ((uint32_t)(UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG | \
                UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN | \
                UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4))

/// Opens a UTS #46 processor configured for URL host parsing. Returns NULL on failure.
/// The processor is immutable and safe for concurrent use by many threads.
static inline UIDNA *cicu_impl_open(void) {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA *idna = uidna_openUTS46(CICU_URL_UTS46_OPTIONS, &status);
    if (U_FAILURE(status)) {
        return NULL;
    }
    return idna;
}

/// Runs UTS #46 ToASCII on UTF-8 `name`.
///
/// Returns the length of the result (which may exceed `capacity`: call again with a larger buffer),
/// or -1 when ICU failed outright. `*url_errors` receives the IDNA errors that make the URL
/// Standard's "domain to ASCII" fail (0 = success).
static inline int32_t cicu_impl_to_ascii(const UIDNA *idna, const char *name, int32_t length,
                                          char *dest, int32_t capacity, uint32_t *url_errors) {
    UErrorCode status = U_ZERO_ERROR;
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    int32_t written = uidna_nameToASCII_UTF8(idna, name, length, dest, capacity, &info, &status);
    *url_errors = info.errors & ~CICU_URL_IGNORED_ERRORS;
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) {
        return written;
    }
    if (U_FAILURE(status)) {
        return -1;
    }
    return written;
}

#endif
