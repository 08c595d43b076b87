// Plain-C interface to V8 (Debian libnode108, V8 10.2). Imported only by WorkerRuntime.
// Every function that takes a runtime enters its isolate under v8::Locker, so a runtime may move
// between threads, but it must be used by one thread at a time (cv8_terminate excepted).
#ifndef CV8BRIDGE_H
#define CV8BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kinds of a flat value crossing the bridge.
typedef enum {
    CV8_UNDEFINED = 0,
    CV8_NULL = 1,
    CV8_BOOL = 2,       ///< `number` is 0 or 1
    CV8_NUMBER = 3,     ///< `number`
    CV8_STRING = 4,     ///< `ptr`/`len`: UTF-8
    CV8_BYTES = 5,      ///< `ptr`/`len`: bytes of an ArrayBuffer or view (into: Uint8Array)
    CV8_STRINGS = 6,    ///< `list`/`len`: an array of `len` CV8_STRING values (into: JS array of strings)
    CV8_OTHER = 7,      ///< an object or other value the flat form does not carry (args only)
} cv8_kind;

typedef struct cv8_value {
    int32_t kind;
    double number;
    const char *ptr;
    size_t len;
    const struct cv8_value *list;
} cv8_value;

/// Outcome of a call into JS.
typedef enum {
    CV8_OK = 0,
    CV8_EXCEPTION = 1,   ///< JS threw; cv8_last_error has the message
    CV8_TERMINATED = 2,  ///< execution was terminated (CPU/wall watchdog, memory limit)
} cv8_status;

/// Why an isolate was terminated (set before or by cv8_terminate; memory set by the bridge).
typedef enum {
    CV8_REASON_NONE = 0,
    CV8_REASON_CPU = 1,
    CV8_REASON_WALL = 2,
    CV8_REASON_MEMORY = 3,
    CV8_REASON_OTHER = 4,
} cv8_reason;

typedef struct cv8_runtime cv8_runtime;
typedef struct cv8_snapshot cv8_snapshot;
/// Builds the return value of a host op (valid only during the op callback).
typedef struct cv8_ret cv8_ret;

/// A host op: JS called `ops.<name>(...)`; `op` is the index of the name given at snapshot creation.
/// Set the result with cv8_ret_*; or throw with cv8_ret_throw. Runs on the isolate's thread.
typedef void (*cv8_host_op)(void *host, int32_t op, const cv8_value *args, int32_t argc, cv8_ret *ret);

/// Once per process, before any other thread exists. `flags` are V8 flags ("--stack-size=N ...").
/// Returns 0 on success.
int cv8_init(const char *argv0, const char *flags);
const char *cv8_version(void);

/// Builds a startup snapshot: a context with the host op functions named `op_names` installed on an
/// object `ops`, then `glue` (a script evaluating to a function) called as glue(ops); its result (the
/// entry object) is kept in the snapshot. If the entry object has `warmUp()`, it is called first with
/// host ops going to `host_op` (so the functions it runs are compiled into the snapshot). On failure
/// returns NULL and, if `error` is non-NULL, a malloc'd message (free with cv8_free).
cv8_snapshot *cv8_snapshot_create(const char *glue, size_t glue_len, const char *glue_name,
                                  const char *const *op_names, int32_t op_count, cv8_host_op host_op, void *host,
                                  char **error);
size_t cv8_snapshot_size(const cv8_snapshot *snapshot);
void cv8_snapshot_free(cv8_snapshot *snapshot);

/// A new isolate + context from the snapshot (which must outlive it). Heap and ArrayBuffer memory are
/// both capped at `heap_max_bytes`. Returns NULL on failure (error as above).
cv8_runtime *cv8_runtime_new(const cv8_snapshot *snapshot, size_t heap_max_bytes,
                             cv8_host_op host_op, void *host, char **error);
/// Frees the runtime; when pinned, call it on the pinned thread.
void cv8_runtime_free(cv8_runtime *rt);
/// Pins the runtime to the calling thread (holds its v8::Locker until unpinned or freed), which makes
/// every later entry on this thread cheaper. Other threads must not use it while pinned.
void cv8_runtime_pin(cv8_runtime *rt);
void cv8_runtime_unpin(cv8_runtime *rt);

/// Evaluates the worker's code. `kind`: 0 auto (module when the source has a top-level
/// import/export), 1 classic script, 2 ES module. With a code cache from a previous compile of the
/// same source it is consumed; when `cache_out` is non-NULL and none was accepted, a fresh one is
/// produced (malloc'd, free with cv8_free). The module namespace (or undefined) is then passed to
/// the entry `loaded`.
cv8_status cv8_load_worker(cv8_runtime *rt, const char *source, size_t len, const char *name, int kind,
                           const uint8_t *cache, size_t cache_len, int *cache_rejected,
                           uint8_t **cache_out, size_t *cache_out_len);

/// Calls the entry function `name` (a property of the glue's entry object) with flat arguments,
/// then runs a microtask checkpoint. A non-NULL `result` receives a flat copy of the return value
/// (strings and bytes malloc'd: release with cv8_value_free).
cv8_status cv8_call(cv8_runtime *rt, const char *name, const cv8_value *args, int32_t argc, cv8_value *result);
void cv8_value_free(cv8_value *value);

/// Message (and stack, when available) of the last exception or termination. Owned by the runtime.
const char *cv8_last_error(cv8_runtime *rt);

/// Thread-safe: stop JS running in `rt` as soon as possible with `reason`.
void cv8_terminate(cv8_runtime *rt, int reason);
/// The reason of the last termination (memory limit set by the bridge itself).
int cv8_termination_reason(cv8_runtime *rt);
/// Heap in use plus ArrayBuffer memory, in bytes.
size_t cv8_memory_used(cv8_runtime *rt);

/// Result builders for host ops.
void cv8_ret_number(cv8_ret *ret, double value);
void cv8_ret_bool(cv8_ret *ret, int value);
void cv8_ret_null(cv8_ret *ret);
void cv8_ret_string(cv8_ret *ret, const char *utf8, size_t len);
void cv8_ret_bytes(cv8_ret *ret, const uint8_t *bytes, size_t len);
/// A JS array of strings.
void cv8_ret_strings(cv8_ret *ret, const char *const *ptrs, const size_t *lens, int32_t count);
/// Throws `new <error_class>(message)`; error_class is "TypeError", "RangeError" or "Error".
void cv8_ret_throw(cv8_ret *ret, const char *error_class, const char *message);

void cv8_free(void *ptr);

/// CPU and wall-clock watch for JS execution. One slot per thread that runs isolates; a single
/// watchdog thread (started with the first slot, after V8 is initialised) checks the active slots
/// every millisecond and terminates the runtime whose budget ran out.
typedef struct cv8_watch cv8_watch;
/// A slot for the calling thread (its CPU clock is the one measured).
cv8_watch *cv8_watch_new(void);
void cv8_watch_free(cv8_watch *watch);
/// JS is about to run in `rt` on this thread: terminate it with CV8_REASON_CPU once this thread has
/// used `cpu_budget_ns` of CPU time from now, or CV8_REASON_WALL after `wall_budget_ns` (<= 0: none).
void cv8_watch_begin(cv8_watch *watch, cv8_runtime *rt, int64_t cpu_budget_ns, int64_t wall_budget_ns);
/// JS stopped running; returns the CPU time this thread used since cv8_watch_begin (entries shorter
/// than a watchdog tick are charged their wall time, an upper bound; longer ones their thread CPU
/// time from the watchdog's first sample on).
int64_t cv8_watch_end(cv8_watch *watch);

#ifdef __cplusplus
}
#endif
#endif
