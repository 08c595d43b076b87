// CNats — nats.c (Debian libnats-dev 3.4.x) for Swift. Imported only by Shared (`internal import CNats`,
// Sources/Shared/NATS). Everything Shared needs is a plain C function of nats.h; the few helpers below
// exist so Swift does not have to rebuild C conventions by hand. Prefix: cnats_.
#ifndef CNATS_SHIM_H
#define CNATS_SHIM_H

#include <stdlib.h>
#include <nats/nats.h>

/// Frees an array nats.c allocated for the caller (natsMsgHeader_Keys / natsMsgHeader_Values); the
/// strings inside it belong to the message and are not freed.
static inline void cnats_free_array(const char **array) { free((void *)array); }

/// NATS_OK as a plain int (the enum constant imports as a natsStatus value; this keeps call sites terse).
static inline int cnats_ok(natsStatus status) { return status == NATS_OK; }

#endif
