// Natives behind CompressionStream / DecompressionStream (JS/29_compression.js): streaming zlib codecs
// for the formats "gzip", "deflate" (zlib wrapper) and "deflate-raw".
//
// A codec lives in one process-wide table, locked only while it is looked up, added or removed; the
// zlib work itself runs unlocked, which is safe because a codec belongs to the isolate that started
// it (checked on every call) and an isolate runs on one thread at a time. The table holds at most
// kMaxCodecsPerIsolate codecs per isolate; cv8_compression_release_isolate frees what an isolate
// still holds when its runtime is freed (a worker killed mid-stream never reaches compressionDrop).
//
// Output comes back in pieces of at most kPieceBytes: after a push or finish that returned bytes, the
// glue calls again (push with a null chunk, or finish) until a call returns an empty array. That keeps
// one call's output bounded whatever the compression ratio of the input.
#include "natives.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

using namespace v8;

namespace {

using Info = FunctionCallbackInfo<Value>;

constexpr size_t kPieceBytes = 64 * 1024;
constexpr size_t kMaxCodecsPerIsolate = 64;

enum class CodecError { none, type, range };

struct Codec {
    z_stream zs{};
    Isolate *owner = nullptr;
    bool decompress = false;
    bool initialised = false;
    bool ended = false;   // inflate saw the end of the stream / deflate wrote its trailer
    bool failed = false;  // an error was reported: every later call fails
    std::vector<uint8_t> input; // unconsumed input kept between calls (only when a piece filled up)
    size_t input_pos = 0;

    ~Codec() {
        if (!initialised) return;
        if (decompress) inflateEnd(&zs);
        else deflateEnd(&zs);
    }
};

struct Table {
    std::mutex mu;
    std::unordered_map<uint32_t, std::unique_ptr<Codec>> codecs;
    std::unordered_map<Isolate *, size_t> per_isolate;
    uint32_t next_id = 1;
};

Table &table() {
    static Table *t = new Table(); // never destroyed: natives may run while the process exits
    return *t;
}

Local<String> str(Isolate *iso, const std::string &s) {
    return String::NewFromUtf8(iso, s.data(), NewStringType::kNormal, int(s.size())).FromMaybe(String::Empty(iso));
}

void throw_type_error(Isolate *iso, const std::string &m) { iso->ThrowException(Exception::TypeError(str(iso, m))); }
void throw_range_error(Isolate *iso, const std::string &m) { iso->ThrowException(Exception::RangeError(str(iso, m))); }

/// The codec `id` if it belongs to the calling isolate; throws otherwise.
Codec *codec_arg(const Info &info) {
    Isolate *iso = info.GetIsolate();
    if (!info[0]->IsUint32()) {
        throw_type_error(iso, "invalid compression handle");
        return nullptr;
    }
    uint32_t id = info[0].As<Uint32>()->Value();
    Table &t = table();
    std::lock_guard<std::mutex> lock(t.mu);
    auto it = t.codecs.find(id);
    if (it == t.codecs.end() || it->second->owner != iso) {
        throw_type_error(iso, "invalid compression handle");
        return nullptr;
    }
    return it->second.get();
}

void free_with_allocator(void *data, size_t length, void *allocator) {
    static_cast<ArrayBuffer::Allocator *>(allocator)->Free(data, length);
}

/// Returns a Uint8Array copy of out[0, n) from the isolate's (capped) allocator.
void return_bytes(const Info &info, const uint8_t *out, size_t n) {
    Isolate *iso = info.GetIsolate();
    ArrayBuffer::Allocator *allocator = iso->GetArrayBufferAllocator();
    void *data = allocator->AllocateUninitialized(n);
    if (!data) return throw_range_error(iso, "Array buffer allocation failed");
    if (n) memcpy(data, out, n);
    std::shared_ptr<BackingStore> store = ArrayBuffer::NewBackingStore(data, n, free_with_allocator, allocator);
    info.GetReturnValue().Set(Uint8Array::New(ArrayBuffer::New(iso, std::move(store)), 0, n));
}

int window_bits(const std::string &format) {
    if (format == "deflate") return 15;
    if (format == "deflate-raw") return -15;
    if (format == "gzip") return 15 + 16;
    return 0;
}

/// compressionStart(format, decompress) → id
void Start(const Info &info) {
    Isolate *iso = info.GetIsolate();
    if (!info[0]->IsString()) return throw_type_error(iso, "the compression format must be a string");
    String::Utf8Value u(iso, info[0]);
    std::string format(*u ? *u : "", *u ? size_t(u.length()) : 0);
    int bits = window_bits(format);
    if (bits == 0) return throw_type_error(iso, "Unsupported compression format: '" + format + "'");
    auto codec = std::make_unique<Codec>();
    codec->owner = iso;
    codec->decompress = info[1]->BooleanValue(iso);
    int rc = codec->decompress ? inflateInit2(&codec->zs, bits)
                               : deflateInit2(&codec->zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) return throw_range_error(iso, "could not start a compression codec (out of memory)");
    codec->initialised = true;

    Table &t = table();
    uint32_t id;
    {
        std::lock_guard<std::mutex> lock(t.mu);
        size_t &count = t.per_isolate[iso];
        if (count >= kMaxCodecsPerIsolate) {
            id = 0;
        } else {
            do { id = t.next_id++; } while (id == 0 || t.codecs.count(id));
            t.codecs.emplace(id, std::move(codec));
            count++;
        }
    }
    if (id == 0) return throw_range_error(iso, "too many compression streams are open in this worker");
    info.GetReturnValue().Set(id);
}

/// Runs the codec over its pending input (or `chunk`, whose unconsumed rest is copied into the codec)
/// until the input is used up, the piece is full, or the stream ends. `finish` asks deflate for its
/// trailer. On success out holds the piece; otherwise *err says which error class to throw.
bool run(Codec *c, const uint8_t *chunk, size_t chunk_len, bool finish, std::vector<uint8_t> *out,
         CodecError *err, std::string *msg) {
    const bool from_chunk = chunk != nullptr;
    z_stream &zs = c->zs;
    if (from_chunk) {
        zs.next_in = const_cast<Bytef *>(chunk);
        zs.avail_in = uInt(chunk_len);
    } else {
        zs.next_in = c->input.data() + c->input_pos;
        zs.avail_in = uInt(c->input.size() - c->input_pos);
    }
    out->resize(kPieceBytes);
    zs.next_out = out->data();
    zs.avail_out = uInt(kPieceBytes);

    if (c->decompress) {
        while (!c->ended && zs.avail_out > 0) {
            if (zs.avail_in == 0) {
                // No input left: one more call may still flush output inflate holds back.
                int rc = inflate(&zs, Z_NO_FLUSH);
                if (rc == Z_STREAM_END) c->ended = true;
                else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                    *err = CodecError::type;
                    *msg = std::string("The compressed data is invalid: ") + (zs.msg ? zs.msg : "zlib error");
                    return false;
                }
                break;
            }
            uInt before_in = zs.avail_in, before_out = zs.avail_out;
            int rc = inflate(&zs, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) { c->ended = true; break; }
            if (rc == Z_MEM_ERROR) { *err = CodecError::range; *msg = "out of memory while decompressing"; return false; }
            if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) {
                *err = CodecError::type;
                *msg = rc == Z_NEED_DICT ? "The compressed data needs a preset dictionary, which is not supported"
                                         : std::string("The compressed data is invalid: ") + (zs.msg ? zs.msg : "zlib error");
                return false;
            }
            if (zs.avail_in == before_in && zs.avail_out == before_out) break; // no progress possible
        }
        if (c->ended && zs.avail_in > 0) {
            *err = CodecError::type;
            *msg = "Junk found after the end of the compressed data";
            return false;
        }
    } else {
        while (zs.avail_out > 0) {
            uInt before_in = zs.avail_in, before_out = zs.avail_out;
            int rc = deflate(&zs, finish ? Z_FINISH : Z_NO_FLUSH);
            if (rc == Z_STREAM_END) { c->ended = true; break; }
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                *err = CodecError::range;
                *msg = std::string("compression failed: ") + (zs.msg ? zs.msg : "zlib error");
                return false;
            }
            if (zs.avail_in == before_in && zs.avail_out == before_out) break;
            if (!finish && zs.avail_in == 0) break;
        }
    }

    out->resize(kPieceBytes - zs.avail_out);
    // Keep what was not consumed for the next call.
    if (from_chunk) {
        c->input.assign(zs.next_in, zs.next_in + zs.avail_in);
        c->input_pos = 0;
    } else {
        c->input_pos = c->input.size() - zs.avail_in;
        if (c->input_pos == c->input.size()) {
            c->input.clear();
            c->input.shrink_to_fit();
            c->input_pos = 0;
        }
    }
    zs.next_in = nullptr;
    zs.avail_in = 0;
    return true;
}

void report(const Info &info, Codec *c, bool ok, const std::vector<uint8_t> &out, CodecError err, const std::string &msg) {
    if (!ok) {
        c->failed = true;
        if (err == CodecError::range) return throw_range_error(info.GetIsolate(), msg);
        return throw_type_error(info.GetIsolate(), msg);
    }
    return_bytes(info, out.data(), out.size());
}

/// compressionPush(id, chunk | null) → Uint8Array (empty when nothing more is ready)
void Push(const Info &info) {
    Isolate *iso = info.GetIsolate();
    Codec *c = codec_arg(info);
    if (!c) return;
    if (c->failed) return throw_type_error(iso, "the compression stream has already failed");
    const uint8_t *chunk = nullptr;
    size_t len = 0;
    Local<Value> v = info[1];
    if (!(v->IsNull() || v->IsUndefined())) {
        if (v->IsArrayBufferView()) {
            Local<ArrayBufferView> view = v.As<ArrayBufferView>();
            const uint8_t *base = static_cast<const uint8_t *>(view->Buffer()->Data());
            len = view->ByteLength();
            chunk = base ? base + view->ByteOffset() : nullptr;
        } else if (v->IsArrayBuffer()) {
            Local<ArrayBuffer> buf = v.As<ArrayBuffer>();
            chunk = static_cast<const uint8_t *>(buf->Data());
            len = buf->ByteLength();
        } else {
            return throw_type_error(iso, "the chunk must be an ArrayBuffer or a view");
        }
        if (c->input_pos < c->input.size()) return throw_type_error(iso, "the previous chunk is not consumed yet");
        if (len > UINT32_MAX) return throw_range_error(iso, "the chunk is too large");
        static const uint8_t empty = 0;
        if (!chunk) chunk = &empty;
        if (c->decompress && c->ended && len > 0) {
            c->failed = true;
            return throw_type_error(iso, "Junk found after the end of the compressed data");
        }
    }
    std::vector<uint8_t> out;
    CodecError err = CodecError::none;
    std::string msg;
    bool ok = run(c, chunk, len, false, &out, &err, &msg);
    report(info, c, ok, out, err, msg);
}

/// compressionFinish(id) → Uint8Array (empty once everything was returned)
void Finish(const Info &info) {
    Isolate *iso = info.GetIsolate();
    Codec *c = codec_arg(info);
    if (!c) return;
    if (c->failed) return throw_type_error(iso, "the compression stream has already failed");
    std::vector<uint8_t> out;
    CodecError err = CodecError::none;
    std::string msg;
    if (c->decompress) {
        // Drain what is left; the stream must have reached its end by then.
        bool ok = run(c, nullptr, 0, false, &out, &err, &msg);
        if (ok && out.empty() && !c->ended) {
            ok = false;
            err = CodecError::type;
            msg = "The compressed data ended early";
        }
        return report(info, c, ok, out, err, msg);
    }
    if (c->ended && c->input_pos >= c->input.size()) return return_bytes(info, nullptr, 0);
    bool ok = run(c, nullptr, 0, true, &out, &err, &msg);
    report(info, c, ok, out, err, msg);
}

/// compressionDrop(id): frees the codec (unknown ids are ignored)
void Drop(const Info &info) {
    if (!info[0]->IsUint32()) return;
    uint32_t id = info[0].As<Uint32>()->Value();
    std::unique_ptr<Codec> doomed;
    Table &t = table();
    {
        std::lock_guard<std::mutex> lock(t.mu);
        auto it = t.codecs.find(id);
        if (it == t.codecs.end() || it->second->owner != info.GetIsolate()) return;
        doomed = std::move(it->second);
        t.codecs.erase(it);
        auto n = t.per_isolate.find(info.GetIsolate());
        if (n != t.per_isolate.end() && --n->second == 0) t.per_isolate.erase(n);
    }
    // `doomed` is freed here, outside the lock.
}

} // namespace

void cv8_compression_release_isolate(Isolate *iso) {
    std::vector<std::unique_ptr<Codec>> doomed;
    Table &t = table();
    {
        std::lock_guard<std::mutex> lock(t.mu);
        for (auto it = t.codecs.begin(); it != t.codecs.end();) {
            if (it->second->owner == iso) {
                doomed.push_back(std::move(it->second));
                it = t.codecs.erase(it);
            } else {
                ++it;
            }
        }
        t.per_isolate.erase(iso);
    }
}

const cv8_native_def *cv8_compression_natives() {
    static const cv8_native_def natives[] = {
        {"compressionStart", Start},
        {"compressionPush", Push},
        {"compressionFinish", Finish},
        {"compressionDrop", Drop},
        {nullptr, nullptr},
    };
    return natives;
}
