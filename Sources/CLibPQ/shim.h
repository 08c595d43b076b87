// CLibPQ — libpq (PostgreSQL's C client) for Swift. Imported only by Shared (Sources/Shared/Postgres).
// libpq's API is not variadic, so no wrappers are needed; this header only pulls in libpq-fe.h
// (found through pkg-config libpq: -I/usr/include/postgresql).
#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
