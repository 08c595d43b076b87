// The V8 side of the bridge: isolates, contexts, the startup snapshot, host-op dispatch and limits.
// Swift sees only include/cv8bridge.h. Natives that need no host (UTF-8, random, clocks, structured
// clone) are implemented here so they cost no trip through Swift.
#include "cv8bridge.h"
#include "natives.h"

#include <libplatform/libplatform.h>
#include <v8.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/random.h>
#include <time.h>

using namespace v8;

namespace {

std::unique_ptr<Platform> g_platform;

int64_t monotonic_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

double epoch_ms() {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec / 1000000);
}

char *dup_cstr(const std::string &s) {
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (p) memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

void set_error(char **error, const std::string &message) {
    if (error) *error = dup_cstr(message);
}

/// ArrayBuffer memory counts against the same cap as the heap (V8's heap limit does not see it).
class CappedAllocator final : public ArrayBuffer::Allocator {
public:
    explicit CappedAllocator(size_t cap) : cap_(cap) {}
    void *Allocate(size_t length) override {
        if (!reserve(length)) return nullptr;
        void *p = calloc(length ? length : 1, 1);
        if (!p) used_.fetch_sub(length);
        return p;
    }
    void *AllocateUninitialized(size_t length) override {
        if (!reserve(length)) return nullptr;
        void *p = malloc(length ? length : 1);
        if (!p) used_.fetch_sub(length);
        return p;
    }
    void Free(void *data, size_t length) override {
        free(data);
        used_.fetch_sub(length);
    }
    size_t used() const { return used_.load(std::memory_order_relaxed); }
    cv8_runtime *runtime = nullptr;

private:
    bool reserve(size_t length);
    size_t cap_;
    std::atomic<size_t> used_{0};
    int consecutive_failures_ = 0; // only touched on the isolate's thread
};

} // namespace

struct cv8_snapshot {
    StartupData blob{nullptr, 0};
    std::vector<std::string> op_names;
};

struct cv8_runtime {
    Isolate *isolate = nullptr;
    CappedAllocator *allocator = nullptr;
    Global<Context> context;
    Global<Object> entry;
    std::unordered_map<std::string, Global<Function>> entry_functions;
    cv8_host_op host_op = nullptr;
    void *host = nullptr;
    std::string last_error;
    std::atomic<int> reason{CV8_REASON_NONE};
    std::atomic<bool> terminating{false};
    int64_t mono_start = 0;
    double time_origin = 0;
    size_t heap_max = 0;
    /// The near-heap-limit callback already raised the limit once.
    bool heap_raised = false;
    /// ArrayBuffer memory above which the next host op asks for a young-generation GC (see HostOpCallback).
    size_t external_gc_mark = 16 * 1024 * 1024;
    /// Held while the runtime is pinned to one thread: nested Lockers on that thread are then free,
    /// while a top-level Locker per call archives and restores V8's thread state every time.
    Locker *pinned = nullptr;
    std::vector<Global<Promise>> unhandled_promises;
    std::vector<Global<Value>> unhandled_reasons;
};

namespace {

bool CappedAllocator::reserve(size_t length) {
    size_t now = used_.fetch_add(length) + length;
    if (now > cap_) {
        used_.fetch_sub(length);
        // V8 answers a failed ArrayBuffer allocation with a GC and retries (twice, then once more after
        // a last-resort GC): garbage buffers must not count, so only a failure that survives all of
        // that is the memory limit.
        if (++consecutive_failures_ >= 4 && runtime) cv8_terminate(runtime, CV8_REASON_MEMORY);
        return false;
    }
    consecutive_failures_ = 0;
    return true;
}

cv8_runtime *runtime_of(Isolate *iso) { return static_cast<cv8_runtime *>(iso->GetData(0)); }

Local<String> v8_str(Isolate *iso, const char *s, size_t len) {
    return String::NewFromUtf8(iso, s, NewStringType::kNormal, int(len)).FromMaybe(String::Empty(iso));
}

Local<String> v8_str(Isolate *iso, const char *s) { return v8_str(iso, s, strlen(s)); }

void throw_error(Isolate *iso, const char *cls, const char *message) {
    Local<String> m = v8_str(iso, message);
    Local<Value> e;
    if (!strcmp(cls, "TypeError")) e = Exception::TypeError(m);
    else if (!strcmp(cls, "RangeError")) e = Exception::RangeError(m);
    else e = Exception::Error(m);
    iso->ThrowException(e);
}

/// Bytes of an ArrayBuffer or ArrayBufferView argument; false when it is neither.
bool bytes_of(Local<Value> v, const uint8_t **ptr, size_t *len) {
    if (v->IsArrayBufferView()) {
        Local<ArrayBufferView> view = v.As<ArrayBufferView>();
        Local<ArrayBuffer> buf = view->Buffer();
        *ptr = static_cast<const uint8_t *>(buf->Data()) + view->ByteOffset();
        *len = view->ByteLength();
        return true;
    }
    if (v->IsArrayBuffer()) {
        Local<ArrayBuffer> buf = v.As<ArrayBuffer>();
        *ptr = static_cast<const uint8_t *>(buf->Data());
        *len = buf->ByteLength();
        return true;
    }
    return false;
}

Local<Uint8Array> new_uint8array(Isolate *iso, const uint8_t *bytes, size_t len) {
    Local<ArrayBuffer> ab = ArrayBuffer::New(iso, len);
    if (len) memcpy(ab->Data(), bytes, len);
    return Uint8Array::New(ab, 0, len);
}

std::string to_std_string(Isolate *iso, Local<Value> v) {
    if (v.IsEmpty()) return std::string();
    Local<Context> ctx = iso->GetCurrentContext();
    Local<String> s;
    if (!v->ToString(ctx).ToLocal(&s)) return "[unprintable]";
    String::Utf8Value u(iso, s);
    return *u ? std::string(*u, u.length()) : std::string();
}

// ---------------------------------------------------------------------------------------------
// Flat values: JS → C (host op arguments) and C → JS (call arguments, op results).

/// Owns the UTF-8 buffers that a host op's flat arguments point into.
struct ArgStore {
    std::vector<std::unique_ptr<char[]>> buffers;
    std::vector<std::unique_ptr<cv8_value[]>> lists;

    const char *utf8(Isolate *iso, Local<String> s, size_t *len) {
        int n = s->Utf8Length(iso);
        char *buf = new char[size_t(n) + 1];
        s->WriteUtf8(iso, buf, n, nullptr, String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
        buf[n] = 0;
        buffers.emplace_back(buf);
        *len = size_t(n);
        return buf;
    }
};

void flatten(Isolate *iso, Local<Context> ctx, Local<Value> v, cv8_value *out, ArgStore &store, bool nested) {
    memset(out, 0, sizeof *out);
    if (v->IsUndefined()) { out->kind = CV8_UNDEFINED; return; }
    if (v->IsNull()) { out->kind = CV8_NULL; return; }
    if (v->IsBoolean()) { out->kind = CV8_BOOL; out->number = v->IsTrue() ? 1 : 0; return; }
    if (v->IsNumber()) { out->kind = CV8_NUMBER; out->number = v.As<Number>()->Value(); return; }
    if (v->IsString()) {
        out->kind = CV8_STRING;
        out->ptr = store.utf8(iso, v.As<String>(), &out->len);
        return;
    }
    const uint8_t *p; size_t n;
    if (bytes_of(v, &p, &n)) { out->kind = CV8_BYTES; out->ptr = reinterpret_cast<const char *>(p); out->len = n; return; }
    if (!nested && v->IsArray()) {
        Local<Array> a = v.As<Array>();
        uint32_t count = a->Length();
        cv8_value *items = new cv8_value[count ? count : 1];
        store.lists.emplace_back(items);
        for (uint32_t i = 0; i < count; i++) {
            Local<Value> item;
            if (!a->Get(ctx, i).ToLocal(&item)) item = Undefined(iso);
            if (item->IsString()) {
                memset(&items[i], 0, sizeof items[i]);
                items[i].kind = CV8_STRING;
                items[i].ptr = store.utf8(iso, item.As<String>(), &items[i].len);
            } else {
                flatten(iso, ctx, item, &items[i], store, true);
            }
        }
        out->kind = CV8_STRINGS;
        out->list = items;
        out->len = count;
        return;
    }
    out->kind = CV8_OTHER;
}

Local<Value> unflatten(Isolate *iso, const cv8_value &v) {
    switch (v.kind) {
    case CV8_NULL: return Null(iso);
    case CV8_BOOL: return Boolean::New(iso, v.number != 0);
    case CV8_NUMBER: return Number::New(iso, v.number);
    case CV8_STRING: return v8_str(iso, v.ptr ? v.ptr : "", v.len);
    case CV8_BYTES: return new_uint8array(iso, reinterpret_cast<const uint8_t *>(v.ptr), v.len);
    case CV8_STRINGS: {
        std::vector<Local<Value>> items(v.len);
        for (size_t i = 0; i < v.len; i++) items[i] = unflatten(iso, v.list[i]);
        return Array::New(iso, items.data(), items.size());
    }
    default: return Undefined(iso);
    }
}

void copy_out(Isolate *iso, Local<Value> v, cv8_value *out) {
    memset(out, 0, sizeof *out);
    if (v.IsEmpty() || v->IsUndefined()) { out->kind = CV8_UNDEFINED; return; }
    if (v->IsNull()) { out->kind = CV8_NULL; return; }
    if (v->IsBoolean()) { out->kind = CV8_BOOL; out->number = v->IsTrue(); return; }
    if (v->IsNumber()) { out->kind = CV8_NUMBER; out->number = v.As<Number>()->Value(); return; }
    if (v->IsString()) {
        Local<String> s = v.As<String>();
        int n = s->Utf8Length(iso);
        char *buf = static_cast<char *>(malloc(size_t(n) + 1));
        s->WriteUtf8(iso, buf, n, nullptr, String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
        buf[n] = 0;
        out->kind = CV8_STRING; out->ptr = buf; out->len = size_t(n);
        return;
    }
    const uint8_t *p; size_t n;
    if (bytes_of(v, &p, &n)) {
        char *buf = static_cast<char *>(malloc(n ? n : 1));
        if (n) memcpy(buf, p, n);
        out->kind = CV8_BYTES; out->ptr = buf; out->len = n;
        return;
    }
    out->kind = CV8_OTHER;
}

} // namespace

struct cv8_ret {
    Isolate *isolate;
    Local<Value> value;
    bool threw = false;
};

namespace {

// ---------------------------------------------------------------------------------------------
// Natives

void HostOpCallback(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    cv8_runtime *rt = runtime_of(iso);
    if (!rt || !rt->host_op) {
        throw_error(iso, "Error", "host operations are not available during startup");
        return;
    }
    int32_t op = info.Data().As<Int32>()->Value();
    Local<Context> ctx = iso->GetCurrentContext();
    ArgStore store;
    int argc = info.Length();
    cv8_value stack_args[8];
    std::unique_ptr<cv8_value[]> heap_args;
    cv8_value *args = stack_args;
    if (argc > 8) { heap_args.reset(new cv8_value[argc]); args = heap_args.get(); }
    for (int i = 0; i < argc; i++) flatten(iso, ctx, info[i], &args[i], store, false);
    cv8_ret ret{iso, Local<Value>(), false};
    rt->host_op(rt->host, op, args, argc, &ret);
    if (!ret.threw && !ret.value.IsEmpty()) info.GetReturnValue().Set(ret.value);
    // ArrayBuffers live outside the V8 heap, and V8 collects them only after ~64 MiB of external growth.
    // A worker streaming fresh chunks would hold that much garbage; a GC per 16 MiB keeps it flat.
    if (rt->allocator && rt->allocator->used() > rt->external_gc_mark) {
        iso->MemoryPressureNotification(MemoryPressureLevel::kCritical);
        iso->MemoryPressureNotification(MemoryPressureLevel::kNone);
        rt->external_gc_mark = rt->allocator->used() + 16 * 1024 * 1024;
    }
}

void NativeEncodeUtf8(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    Local<String> s;
    if (!info[0]->ToString(iso->GetCurrentContext()).ToLocal(&s)) return;
    int n = s->Utf8Length(iso);
    Local<ArrayBuffer> ab = ArrayBuffer::New(iso, size_t(n));
    if (n) s->WriteUtf8(iso, static_cast<char *>(ab->Data()), n, nullptr,
                        String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
    info.GetReturnValue().Set(Uint8Array::New(ab, 0, size_t(n)));
}

void NativeEncodeUtf8Into(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    Local<Context> ctx = iso->GetCurrentContext();
    Local<String> s;
    if (!info[0]->ToString(ctx).ToLocal(&s)) return;
    if (!info[1]->IsUint8Array()) { throw_error(iso, "TypeError", "encodeInto needs a Uint8Array"); return; }
    Local<Uint8Array> dest = info[1].As<Uint8Array>();
    char *out = static_cast<char *>(dest->Buffer()->Data()) + dest->ByteOffset();
    int read = 0;
    int written = s->WriteUtf8(iso, out, int(dest->ByteLength()), &read,
                               String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
    Local<Value> pair[2] = {Integer::New(iso, read), Integer::New(iso, written)};
    info.GetReturnValue().Set(Array::New(iso, pair, 2));
}

/// WHATWG UTF-8 validity (no overlongs, no surrogates, max U+10FFFF).
bool utf8_valid(const uint8_t *p, size_t n, bool *ascii) {
    size_t i = 0;
    *ascii = true;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) { i++; continue; }
        *ascii = false;
        size_t need; uint8_t lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
        else return false;
        if (i + need >= n) return false;
        uint8_t c1 = p[i + 1];
        if (c1 < lo || c1 > hi) return false;
        for (size_t k = 2; k <= need; k++) if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
        i += need + 1;
    }
    return true;
}

/// WHATWG UTF-8 decode with U+FFFD replacement (maximal subparts), into UTF-16.
Local<String> utf8_decode_replacing(Isolate *iso, const uint8_t *p, size_t n) {
    std::vector<uint16_t> out;
    out.reserve(n);
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) { out.push_back(c); i++; continue; }
        size_t need; uint32_t cp; uint8_t lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
        else { out.push_back(0xFFFD); i++; continue; }
        size_t j = i + 1, seen = 0;
        bool bad = false;
        while (seen < need) {
            if (j >= n) { bad = true; break; }
            uint8_t b = p[j];
            uint8_t l = seen == 0 ? lo : 0x80, h = seen == 0 ? hi : 0xBF;
            if (b < l || b > h) { bad = true; break; }
            cp = (cp << 6) | (b & 0x3F);
            j++; seen++;
        }
        if (bad) { out.push_back(0xFFFD); i = j; continue; }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out.push_back(uint16_t(0xD800 + (cp >> 10)));
            out.push_back(uint16_t(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(uint16_t(cp));
        }
        i = j;
    }
    return String::NewFromTwoByte(iso, out.data(), NewStringType::kNormal, int(out.size())).FromMaybe(String::Empty(iso));
}

void NativeDecodeUtf8(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    const uint8_t *p; size_t n;
    if (!bytes_of(info[0], &p, &n)) { throw_error(iso, "TypeError", "The provided value is not of type '(ArrayBuffer or ArrayBufferView)'"); return; }
    bool fatal = info[1]->BooleanValue(iso);
    bool ascii;
    bool valid = utf8_valid(p, n, &ascii);
    if (valid) {
        MaybeLocal<String> s = ascii
            ? String::NewFromOneByte(iso, p, NewStringType::kNormal, int(n))
            : String::NewFromUtf8(iso, reinterpret_cast<const char *>(p), NewStringType::kNormal, int(n));
        info.GetReturnValue().Set(s.FromMaybe(String::Empty(iso)));
        return;
    }
    if (fatal) { throw_error(iso, "TypeError", "The encoded data was not valid for encoding utf-8"); return; }
    info.GetReturnValue().Set(utf8_decode_replacing(iso, p, n));
}

void NativeDecodeLatin1(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    const uint8_t *p; size_t n;
    if (!bytes_of(info[0], &p, &n)) { throw_error(iso, "TypeError", "expected bytes"); return; }
    info.GetReturnValue().Set(String::NewFromOneByte(iso, p, NewStringType::kNormal, int(n)).FromMaybe(String::Empty(iso)));
}

bool fill_random(uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) return false;
        p += got; n -= size_t(got);
    }
    return true;
}

void NativeRandomFill(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    if (!info[0]->IsArrayBufferView()) { throw_error(iso, "TypeError", "expected an ArrayBufferView"); return; }
    Local<ArrayBufferView> view = info[0].As<ArrayBufferView>();
    uint8_t *p = static_cast<uint8_t *>(view->Buffer()->Data()) + view->ByteOffset();
    if (!fill_random(p, view->ByteLength())) { throw_error(iso, "Error", "the system random source failed"); return; }
    info.GetReturnValue().Set(info[0]);
}

void NativeRandomUUID(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    uint8_t b[16];
    if (!fill_random(b, 16)) { throw_error(iso, "Error", "the system random source failed"); return; }
    b[6] = (b[6] & 0x0F) | 0x40;
    b[8] = (b[8] & 0x3F) | 0x80;
    char s[37];
    snprintf(s, sizeof s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    info.GetReturnValue().Set(v8_str(iso, s, 36));
}

void NativeNow(const FunctionCallbackInfo<Value> &info) {
    cv8_runtime *rt = runtime_of(info.GetIsolate());
    if (!rt) { info.GetReturnValue().Set(0.0); return; }
    int64_t ticks = (monotonic_ns() - rt->mono_start) / 100000; // 0.1 ms resolution
    info.GetReturnValue().Set(double(ticks) / 10.0);
}

void NativeTimeOrigin(const FunctionCallbackInfo<Value> &info) {
    cv8_runtime *rt = runtime_of(info.GetIsolate());
    info.GetReturnValue().Set(rt ? rt->time_origin : 0.0);
}

/// `ops.transferArrayBuffer(buffer)` → a new ArrayBuffer over the same memory; `buffer` is detached
/// (what the streams spec's "transfer" needs; V8 10.2 has no ArrayBuffer.prototype.transfer).
void NativeTransferArrayBuffer(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    if (!info[0]->IsArrayBuffer()) { throw_error(iso, "TypeError", "expected an ArrayBuffer"); return; }
    Local<ArrayBuffer> ab = info[0].As<ArrayBuffer>();
    if (!ab->IsDetachable()) { throw_error(iso, "TypeError", "the ArrayBuffer cannot be transferred"); return; }
    std::shared_ptr<BackingStore> store = ab->GetBackingStore();
    Local<ArrayBuffer> moved = ArrayBuffer::New(iso, store);
    ab->Detach();
    info.GetReturnValue().Set(moved);
}

class CloneSerializerDelegate final : public ValueSerializer::Delegate {
public:
    explicit CloneSerializerDelegate(Isolate *iso) : iso_(iso) {}
    void ThrowDataCloneError(Local<String> message) override {
        Local<Value> e = Exception::Error(message);
        Local<Context> ctx = iso_->GetCurrentContext();
        e.As<Object>()->Set(ctx, v8_str(iso_, "name"), v8_str(iso_, "DataCloneError")).Check();
        iso_->ThrowException(e);
    }
private:
    Isolate *iso_;
};

void NativeStructuredClone(const FunctionCallbackInfo<Value> &info) {
    Isolate *iso = info.GetIsolate();
    Local<Context> ctx = iso->GetCurrentContext();
    CloneSerializerDelegate delegate(iso);
    ValueSerializer serializer(iso, &delegate);
    serializer.WriteHeader();
    if (!serializer.WriteValue(ctx, info[0]).FromMaybe(false)) return; // exception pending
    std::pair<uint8_t *, size_t> data = serializer.Release();
    ValueDeserializer deserializer(iso, data.first, data.second);
    Local<Value> out;
    if (deserializer.ReadHeader(ctx).FromMaybe(false) && deserializer.ReadValue(ctx).ToLocal(&out)) {
        info.GetReturnValue().Set(out);
    }
    free(data.first);
}

const cv8_native_def kCoreNatives[] = {
    {"encodeUtf8", NativeEncodeUtf8},
    {"encodeUtf8Into", NativeEncodeUtf8Into},
    {"decodeUtf8", NativeDecodeUtf8},
    {"decodeLatin1", NativeDecodeLatin1},
    {"randomFill", NativeRandomFill},
    {"randomUUID", NativeRandomUUID},
    {"now", NativeNow},
    {"timeOrigin", NativeTimeOrigin},
    {"structuredClone", NativeStructuredClone},
    {"transferArrayBuffer", NativeTransferArrayBuffer},
    {nullptr, nullptr},
};

/// Every native installed on `ops`: the core ones here, then each area's table.
const std::vector<cv8_native_def> &all_natives() {
    static std::vector<cv8_native_def> all = [] {
        std::vector<cv8_native_def> v;
        for (const cv8_native_def *table : {kCoreNatives, cv8_crypto_natives(), cv8_compression_natives()}) {
            for (const cv8_native_def *d = table; d->name; d++) v.push_back(*d);
        }
        return v;
    }();
    return all;
}

const intptr_t *external_references() {
    static std::vector<intptr_t> refs = [] {
        std::vector<intptr_t> r;
        r.push_back(reinterpret_cast<intptr_t>(HostOpCallback));
        for (const cv8_native_def &d : all_natives()) r.push_back(reinterpret_cast<intptr_t>(d.fn));
        r.push_back(0);
        return r;
    }();
    return refs.data();
}

// ---------------------------------------------------------------------------------------------
// Errors, promises, limits

void record_exception(cv8_runtime *rt, TryCatch &tc) {
    Isolate *iso = rt->isolate;
    if (tc.HasTerminated() || iso->IsExecutionTerminating()) {
        rt->last_error = "execution terminated";
        return;
    }
    Local<Value> ex = tc.Exception();
    std::string text;
    Local<Context> ctx = iso->GetCurrentContext();
    Local<Value> stack;
    if (tc.StackTrace(ctx).ToLocal(&stack) && stack->IsString()) text = to_std_string(iso, stack);
    if (text.empty()) text = to_std_string(iso, ex);
    Local<Message> msg = tc.Message();
    if (!msg.IsEmpty() && text.find('\n') == std::string::npos) {
        std::string where = to_std_string(iso, msg->GetScriptResourceName());
        int line = msg->GetLineNumber(ctx).FromMaybe(0);
        if (!where.empty() && where != "undefined") text += "\n    at " + where + ":" + std::to_string(line);
    }
    rt->last_error = text;
}

void PromiseRejected(PromiseRejectMessage message) {
    Local<Promise> promise = message.GetPromise();
    Isolate *iso = promise->GetIsolate();
    cv8_runtime *rt = runtime_of(iso);
    if (!rt) return;
    switch (message.GetEvent()) {
    case kPromiseRejectWithNoHandler:
        rt->unhandled_promises.emplace_back(iso, promise);
        rt->unhandled_reasons.emplace_back(iso, message.GetValue());
        break;
    case kPromiseHandlerAddedAfterReject:
        for (size_t i = 0; i < rt->unhandled_promises.size(); i++) {
            if (rt->unhandled_promises[i] == promise) {
                rt->unhandled_promises.erase(rt->unhandled_promises.begin() + long(i));
                rt->unhandled_reasons.erase(rt->unhandled_reasons.begin() + long(i));
                break;
            }
        }
        break;
    default: break;
    }
}

size_t NearHeapLimit(void *data, size_t current, size_t initial) {
    (void)initial;
    cv8_runtime *rt = static_cast<cv8_runtime *>(data);
    cv8_terminate(rt, CV8_REASON_MEMORY);
    // Room for V8 to finish the allocation in progress and unwind to the termination check; without it
    // V8 aborts the whole process. One allocation can be large (a FixedArray or string backing store is
    // at most ~1 GiB), so the first time the room is that big; the isolate is discarded afterwards.
    size_t room = rt->heap_raised ? size_t(256) << 20 : size_t(1200) << 20;
    rt->heap_raised = true;
    return current + room;
}

bool AllowWasmCodegen(Local<Context>, Local<String>) { return true; }

Local<Function> entry_function(cv8_runtime *rt, const char *name) {
    Isolate *iso = rt->isolate;
    auto it = rt->entry_functions.find(name);
    if (it != rt->entry_functions.end()) return it->second.Get(iso);
    Local<Context> ctx = rt->context.Get(iso);
    Local<Value> v;
    if (!rt->entry.Get(iso)->Get(ctx, v8_str(iso, name)).ToLocal(&v) || !v->IsFunction()) return Local<Function>();
    Local<Function> f = v.As<Function>();
    rt->entry_functions.emplace(name, Global<Function>(iso, f));
    return f;
}

/// Runs the isolate's pending foreground platform tasks (async WebAssembly compilation, finalization
/// callbacks, GC follow-ups); V8 posts them to the platform and only the embedder can run them.
void pump_platform(Isolate *iso) {
    while (platform::PumpMessageLoop(g_platform.get(), iso, platform::MessageLoopBehavior::kDoNotWait)) {
        if (iso->IsExecutionTerminating()) return;
    }
}

/// Runs the microtask queue, then reports still-unhandled rejections to the entry `unhandledRejection`.
void settle(cv8_runtime *rt) {
    Isolate *iso = rt->isolate;
    iso->PerformMicrotaskCheckpoint();
    pump_platform(iso);
    if (!iso->IsExecutionTerminating()) iso->PerformMicrotaskCheckpoint();
    if (rt->unhandled_promises.empty() || iso->IsExecutionTerminating()) return;
    std::vector<Global<Value>> reasons;
    reasons.swap(rt->unhandled_reasons);
    rt->unhandled_promises.clear();
    Local<Function> report = entry_function(rt, "unhandledRejection");
    if (report.IsEmpty()) return;
    Local<Context> ctx = rt->context.Get(iso);
    for (Global<Value> &r : reasons) {
        Local<Value> arg = r.Get(iso);
        TryCatch tc(iso);
        (void)report->Call(ctx, Undefined(iso), 1, &arg);
        if (iso->IsExecutionTerminating()) return;
    }
    iso->PerformMicrotaskCheckpoint();
}

/// Common ending of every entry: terminated → TERMINATED (flag cleared), exception → EXCEPTION.
cv8_status finish(cv8_runtime *rt, TryCatch &tc, bool ok) {
    Isolate *iso = rt->isolate;
    if (tc.HasTerminated() || iso->IsExecutionTerminating() || rt->terminating.load()) {
        if (rt->last_error.empty()) rt->last_error = "execution terminated";
        iso->CancelTerminateExecution();
        return CV8_TERMINATED;
    }
    if (!ok || tc.HasCaught()) {
        record_exception(rt, tc);
        return CV8_EXCEPTION;
    }
    return CV8_OK;
}

bool looks_like_module(const char *src, size_t len) {
    // A line whose first token is `import` (not `import(` / `import.meta`) or `export`.
    size_t i = 0;
    while (i < len) {
        while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r')) i++;
        auto starts = [&](const char *kw) {
            size_t k = strlen(kw);
            if (i + k > len || memcmp(src + i, kw, k) != 0) return false;
            char next = i + k < len ? src[i + k] : ' ';
            return next == ' ' || next == '\t' || next == '{' || next == '*' || next == '"' || next == '\'';
        };
        if (starts("export") || starts("import")) return true;
        while (i < len && src[i] != '\n') i++;
        i++;
    }
    return false;
}

MaybeLocal<Module> RefuseImport(Local<Context> ctx, Local<String> specifier, Local<FixedArray>, Local<Module>) {
    Isolate *iso = ctx->GetIsolate();
    std::string s = "import of '" + to_std_string(iso, specifier) +
                    "' is not supported: bundle the worker into a single file";
    throw_error(iso, "Error", s.c_str());
    return MaybeLocal<Module>();
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Public C API

extern "C" {

int cv8_init(const char *argv0, const char *flags) {
    if (g_platform) return 0;
    V8::InitializeICUDefaultLocation(argv0 ? argv0 : "");
    V8::InitializeExternalStartupData(argv0 ? argv0 : "");
    if (flags && *flags) V8::SetFlagsFromString(flags);
    g_platform = platform::NewDefaultPlatform();
    V8::InitializePlatform(g_platform.get());
    return V8::Initialize() ? 0 : 1;
}

const char *cv8_version(void) { return V8::GetVersion(); }

cv8_snapshot *cv8_snapshot_create(const char *glue, size_t glue_len, const char *glue_name,
                                  const char *const *op_names, int32_t op_count, cv8_host_op host_op, void *host,
                                  char **error) {
    auto *snap = new cv8_snapshot();
    for (int32_t i = 0; i < op_count; i++) snap->op_names.emplace_back(op_names[i]);
    bool ok = false;
    std::string failure;
    {
        SnapshotCreator creator(external_references());
        Isolate *iso = creator.GetIsolate();
        // Host ops during the warm-up below go to `host_op` (no real runtime exists yet).
        cv8_runtime warm_rt;
        warm_rt.isolate = iso;
        warm_rt.host_op = host_op;
        warm_rt.host = host;
        iso->SetData(0, &warm_rt);
        {
            HandleScope hs(iso);
            Local<Context> ctx = Context::New(iso);
            Context::Scope cs(ctx);
            TryCatch tc(iso);
            Local<Object> ops = Object::New(iso);
            for (int32_t i = 0; i < op_count; i++) {
                Local<FunctionTemplate> t = FunctionTemplate::New(iso, HostOpCallback, Integer::New(iso, i),
                                                                  Local<Signature>(), 0, ConstructorBehavior::kThrow);
                Local<Function> f = t->GetFunction(ctx).ToLocalChecked();
                f->SetName(v8_str(iso, op_names[i]));
                ops->Set(ctx, v8_str(iso, op_names[i]), f).Check();
            }
            for (const cv8_native_def &d : all_natives()) {
                Local<FunctionTemplate> t = FunctionTemplate::New(iso, d.fn, Local<Value>(), Local<Signature>(), 0,
                                                                  ConstructorBehavior::kThrow);
                Local<Function> f = t->GetFunction(ctx).ToLocalChecked();
                f->SetName(v8_str(iso, d.name));
                ops->Set(ctx, v8_str(iso, d.name), f).Check();
            }
            ScriptOrigin origin(iso, v8_str(iso, glue_name));
            Local<Script> script;
            Local<Value> fn;
            Local<Value> entry;
            Local<Value> arg = ops;
            if (ScriptCompiler::Compile(ctx, new ScriptCompiler::Source(v8_str(iso, glue, glue_len), origin)).ToLocal(&script) &&
                script->Run(ctx).ToLocal(&fn) && fn->IsFunction() &&
                fn.As<Function>()->Call(ctx, Undefined(iso), 1, &arg).ToLocal(&entry) && entry->IsObject()) {
                iso->PerformMicrotaskCheckpoint();
                // Run the request path once so its functions are compiled into the snapshot (kKeep):
                // otherwise every new isolate compiles them lazily on its first request.
                Local<Value> warm;
                if (host_op && entry.As<Object>()->Get(ctx, v8_str(iso, "warmUp")).ToLocal(&warm) && warm->IsFunction()) {
                    Local<Value> ignored;
                    if (!warm.As<Function>()->Call(ctx, Undefined(iso), 0, nullptr).ToLocal(&ignored)) {
                        failure = "the glue's warmUp() threw";
                    }
                    iso->PerformMicrotaskCheckpoint();
                }
            }
            if (failure.empty() && !entry.IsEmpty() && entry->IsObject() && !tc.HasCaught()) {
                creator.AddData(ctx, entry.As<Object>());
                creator.SetDefaultContext(ctx);
                ok = true;
            } else {
                if (tc.HasCaught()) {
                    Local<Value> stack;
                    if (tc.StackTrace(ctx).ToLocal(&stack) && stack->IsString()) failure = to_std_string(iso, stack);
                    else failure = to_std_string(iso, tc.Exception());
                    Local<Message> msg = tc.Message();
                    if (!msg.IsEmpty()) failure += " (line " + std::to_string(msg->GetLineNumber(ctx).FromMaybe(0)) + ")";
                } else {
                    failure = "the glue did not evaluate to a function returning an entry object";
                }
            }
        }
        iso->SetData(0, nullptr);
        warm_rt.unhandled_promises.clear();
        warm_rt.unhandled_reasons.clear();
        if (ok) {
            snap->blob = creator.CreateBlob(SnapshotCreator::FunctionCodeHandling::kKeep);
            if (!snap->blob.data) { ok = false; failure = "V8 could not create the snapshot blob"; }
        } else {
            // A SnapshotCreator must create a blob before it is destroyed.
            StartupData unused = creator.CreateBlob(SnapshotCreator::FunctionCodeHandling::kClear);
            delete[] unused.data;
        }
    }
    if (!ok) {
        set_error(error, failure);
        delete snap;
        return nullptr;
    }
    return snap;
}

size_t cv8_snapshot_size(const cv8_snapshot *snapshot) { return snapshot ? size_t(snapshot->blob.raw_size) : 0; }

void cv8_snapshot_free(cv8_snapshot *snapshot) {
    if (!snapshot) return;
    delete[] snapshot->blob.data;
    delete snapshot;
}

cv8_runtime *cv8_runtime_new(const cv8_snapshot *snapshot, size_t heap_max_bytes, cv8_host_op host_op, void *host,
                             char **error) {
    auto *rt = new cv8_runtime();
    rt->host_op = host_op;
    rt->host = host;
    rt->heap_max = heap_max_bytes;
    rt->allocator = new CappedAllocator(heap_max_bytes);
    rt->allocator->runtime = rt;
    rt->mono_start = monotonic_ns();
    rt->time_origin = epoch_ms();

    Isolate::CreateParams params;
    params.array_buffer_allocator = rt->allocator;
    params.snapshot_blob = const_cast<StartupData *>(&snapshot->blob);
    params.external_references = external_references();
    params.constraints.ConfigureDefaultsFromHeapSize(0, heap_max_bytes);
    Isolate *iso = Isolate::New(params);
    if (!iso) {
        set_error(error, "V8 could not create an isolate");
        delete rt->allocator;
        delete rt;
        return nullptr;
    }
    rt->isolate = iso;
    iso->SetData(0, rt);
    iso->AddNearHeapLimitCallback(NearHeapLimit, rt);
    iso->SetMicrotasksPolicy(MicrotasksPolicy::kExplicit);
    iso->SetPromiseRejectCallback(PromiseRejected);
    iso->SetAllowWasmCodeGenerationCallback(AllowWasmCodegen);
    {
        Locker locker(iso);
        Isolate::Scope is(iso);
        HandleScope hs(iso);
        Local<Context> ctx = Context::New(iso);
        Local<Object> entry;
        if (ctx.IsEmpty() || !ctx->GetDataFromSnapshotOnce<Object>(0).ToLocal(&entry)) {
            set_error(error, "the startup snapshot has no entry object");
        } else {
            rt->context.Reset(iso, ctx);
            rt->entry.Reset(iso, entry);
        }
    }
    if (rt->entry.IsEmpty()) {
        cv8_runtime_free(rt);
        return nullptr;
    }
    return rt;
}

void cv8_runtime_pin(cv8_runtime *rt) {
    if (!rt->pinned) rt->pinned = new Locker(rt->isolate);
}

void cv8_runtime_unpin(cv8_runtime *rt) {
    delete rt->pinned;
    rt->pinned = nullptr;
}

void cv8_runtime_free(cv8_runtime *rt) {
    if (!rt) return;
    if (rt->isolate) {
        {
            Locker locker(rt->isolate);
            Isolate::Scope is(rt->isolate);
            rt->entry_functions.clear();
            rt->unhandled_promises.clear();
            rt->unhandled_reasons.clear();
            rt->entry.Reset();
            rt->context.Reset();
        }
        cv8_runtime_unpin(rt);
        cv8_compression_release_isolate(rt->isolate);
        rt->isolate->Dispose();
    }
    delete rt->allocator;
    delete rt;
}

cv8_status cv8_load_worker(cv8_runtime *rt, const char *source, size_t len, const char *name, int kind,
                           const uint8_t *cache, size_t cache_len, int *cache_rejected,
                           uint8_t **cache_out, size_t *cache_out_len) {
    Isolate *iso = rt->isolate;
    Locker locker(iso);
    Isolate::Scope is(iso);
    HandleScope hs(iso);
    Local<Context> ctx = rt->context.Get(iso);
    Context::Scope cs(ctx);
    TryCatch tc(iso);
    rt->last_error.clear();
    if (cache_rejected) *cache_rejected = 0;
    if (cache_out) { *cache_out = nullptr; *cache_out_len = 0; }

    bool module = kind == 2 || (kind == 0 && looks_like_module(source, len));
    Local<String> code = v8_str(iso, source, len);
    ScriptCompiler::CachedData *cached = nullptr;
    auto make_cache = [&]() -> ScriptCompiler::CachedData * {
        return cache && cache_len
            ? new ScriptCompiler::CachedData(cache, int(cache_len), ScriptCompiler::CachedData::BufferNotOwned)
            : nullptr;
    };
    bool ok = false;
    Local<Value> ns = Undefined(iso);
    Local<UnboundScript> unbound_script;
    Local<Module> mod;
    bool cache_was_rejected = false;
    if (!module) {
        ScriptOrigin origin(iso, v8_str(iso, name), 0, 0, false, -1, Local<Value>(), false, false, false);
        cached = make_cache();
        ScriptCompiler::Source src(code, origin, cached); // owns `cached`
        Local<Script> script;
        if (ScriptCompiler::Compile(ctx, &src, cached ? ScriptCompiler::kConsumeCodeCache : ScriptCompiler::kNoCompileOptions)
                .ToLocal(&script)) {
            cache_was_rejected = cached && src.GetCachedData() && src.GetCachedData()->rejected;
            unbound_script = script->GetUnboundScript();
            Local<Value> result;
            if (script->Run(ctx).ToLocal(&result)) { settle(rt); ok = true; }
        } else if (kind == 0 && tc.HasCaught() && !tc.HasTerminated()) {
            // `export`/`import` somewhere the line scan missed: it is a module after all.
            std::string message = to_std_string(iso, tc.Exception());
            if (message.find("SyntaxError") == 0 &&
                (message.find("export") != std::string::npos || message.find("import") != std::string::npos)) {
                tc.Reset();
                module = true;
            }
        }
    }
    if (module) {
        ScriptOrigin origin(iso, v8_str(iso, name), 0, 0, false, -1, Local<Value>(), false, false, true);
        cached = make_cache();
        ScriptCompiler::Source src(code, origin, cached);
        if (ScriptCompiler::CompileModule(iso, &src, cached ? ScriptCompiler::kConsumeCodeCache : ScriptCompiler::kNoCompileOptions)
                .ToLocal(&mod)) {
            cache_was_rejected = cached && src.GetCachedData() && src.GetCachedData()->rejected;
            if (mod->InstantiateModule(ctx, RefuseImport).FromMaybe(false)) {
                Local<Value> result;
                if (mod->Evaluate(ctx).ToLocal(&result)) {
                    // A rejected evaluation is reported below as the load's exception, not also as an
                    // unhandled rejection.
                    if (result->IsPromise()) result.As<Promise>()->MarkAsHandled();
                    settle(rt);
                    if (result->IsPromise() && result.As<Promise>()->State() == Promise::kRejected) {
                        iso->ThrowException(result.As<Promise>()->Result());
                    } else if (result->IsPromise() && result.As<Promise>()->State() == Promise::kPending) {
                        throw_error(iso, "Error", "the worker's top-level await did not settle during startup");
                    } else {
                        ns = mod->GetModuleNamespace();
                        ok = true;
                    }
                }
            }
        }
    }
    if (cache_rejected) *cache_rejected = cache_was_rejected ? 1 : 0;
    if (ok) {
        Local<Function> loaded = entry_function(rt, "loaded");
        if (!loaded.IsEmpty()) {
            Local<Value> result;
            ok = loaded->Call(ctx, Undefined(iso), 1, &ns).ToLocal(&result);
            if (ok) settle(rt);
        }
    }
    cv8_status status = finish(rt, tc, ok);
    if (status == CV8_OK) {
        // eval/new Function are allowed while the worker starts up, refused afterwards.
        ctx->AllowCodeGenerationFromStrings(false);
        bool want_cache = cache_out && (!(cache && cache_len) || cache_was_rejected);
        if (want_cache) {
            ScriptCompiler::CachedData *fresh = module
                ? ScriptCompiler::CreateCodeCache(mod->GetUnboundModuleScript())
                : ScriptCompiler::CreateCodeCache(unbound_script);
            if (fresh && fresh->length > 0) {
                *cache_out = static_cast<uint8_t *>(malloc(size_t(fresh->length)));
                memcpy(*cache_out, fresh->data, size_t(fresh->length));
                *cache_out_len = size_t(fresh->length);
            }
            delete fresh;
        }
    }
    return status;
}

cv8_status cv8_call(cv8_runtime *rt, const char *name, const cv8_value *args, int32_t argc, cv8_value *result) {
    Isolate *iso = rt->isolate;
    Locker locker(iso);
    Isolate::Scope is(iso);
    HandleScope hs(iso);
    Local<Context> ctx = rt->context.Get(iso);
    Context::Scope cs(ctx);
    TryCatch tc(iso);
    rt->last_error.clear();
    if (result) memset(result, 0, sizeof *result);
    Local<Function> fn = entry_function(rt, name);
    if (fn.IsEmpty()) {
        rt->last_error = std::string("no entry point named ") + name;
        return CV8_EXCEPTION;
    }
    Local<Value> stack_args[8];
    std::vector<Local<Value>> heap_args;
    Local<Value> *argv = stack_args;
    if (argc > 8) { heap_args.resize(size_t(argc)); argv = heap_args.data(); }
    for (int32_t i = 0; i < argc; i++) argv[i] = unflatten(iso, args[i]);
    Local<Value> ret;
    bool ok = fn->Call(ctx, Undefined(iso), argc, argv).ToLocal(&ret);
    if (ok && result) copy_out(iso, ret, result);
    if (!iso->IsExecutionTerminating()) settle(rt);
    return finish(rt, tc, ok);
}

void cv8_value_free(cv8_value *value) {
    if (!value) return;
    if (value->kind == CV8_STRING || value->kind == CV8_BYTES) free(const_cast<char *>(value->ptr));
    memset(value, 0, sizeof *value);
}

const char *cv8_last_error(cv8_runtime *rt) { return rt->last_error.c_str(); }

void cv8_terminate(cv8_runtime *rt, int reason) {
    int expected = CV8_REASON_NONE;
    rt->reason.compare_exchange_strong(expected, reason);
    rt->terminating.store(true);
    rt->isolate->TerminateExecution();
}

int cv8_termination_reason(cv8_runtime *rt) { return rt->reason.load(); }

size_t cv8_memory_used(cv8_runtime *rt) {
    Locker locker(rt->isolate);
    HeapStatistics hs;
    rt->isolate->GetHeapStatistics(&hs);
    return hs.used_heap_size() + rt->allocator->used();
}

void cv8_ret_number(cv8_ret *ret, double value) { ret->value = Number::New(ret->isolate, value); }
void cv8_ret_bool(cv8_ret *ret, int value) { ret->value = Boolean::New(ret->isolate, value != 0); }
void cv8_ret_null(cv8_ret *ret) { ret->value = Null(ret->isolate); }
void cv8_ret_string(cv8_ret *ret, const char *utf8, size_t len) { ret->value = v8_str(ret->isolate, utf8, len); }
void cv8_ret_bytes(cv8_ret *ret, const uint8_t *bytes, size_t len) { ret->value = new_uint8array(ret->isolate, bytes, len); }
void cv8_ret_strings(cv8_ret *ret, const char *const *ptrs, const size_t *lens, int32_t count) {
    std::vector<Local<Value>> items;
    items.resize(size_t(count));
    for (int32_t i = 0; i < count; i++) items[size_t(i)] = v8_str(ret->isolate, ptrs[i], lens[i]);
    ret->value = Array::New(ret->isolate, items.data(), items.size());
}
void cv8_ret_throw(cv8_ret *ret, const char *error_class, const char *message) {
    throw_error(ret->isolate, error_class, message);
    ret->threw = true;
}

void cv8_free(void *ptr) { free(ptr); }

} // extern "C"
