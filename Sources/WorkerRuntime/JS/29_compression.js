// 29_compression.js — CompressionStream and DecompressionStream (WHATWG Compression), each a
// readable/writable pair backed by an internal TransformStream over a native zlib codec
// (CV8Bridge/compression.cpp):
//
//   ops.compressionStart(format, decompress) → id
//   ops.compressionPush(id, chunk | null) → Uint8Array   (a piece of output; null = continue draining)
//   ops.compressionFinish(id) → Uint8Array               (a piece of the tail; throws if the input ended early)
//   ops.compressionDrop(id)
//
// A call returns at most one bounded piece; the glue calls again until a call returns an empty array.
// The codec starts on the first chunk (or at flush), and is dropped when the stream finishes, errors
// or is cancelled, so an unused stream holds no native memory. A stream abandoned mid-way keeps its
// codec until the isolate goes (the bridge frees it then); the native table caps open codecs per
// isolate (64). The FinalizationRegistry below is best effort only: V8 runs its cleanup as a platform
// task, which this bridge does not pump today.

const compressionFormatNames = new Set_(["deflate", "deflate-raw", "gzip"]);
const compressionSetHas = Set_.prototype.has;
let compressionRegistry = null; // FinalizationRegistry(id → drop), created at first use (not in the snapshot)

function compressionReadFormat(args, context) {
  requireArguments(args.length, 1, context);
  const format = toDOMString(args[0]);
  if (!ReflectApply(compressionSetHas, compressionFormatNames, [format])) {
    throw new TypeError_(`${context}: Unsupported compression format: '${format}'`);
  }
  return format;
}

function compressionDropCodec(state) {
  if (state.id < 0) return;
  const id = state.id;
  state.id = -1;
  if (state.registered) { state.registered = false; compressionRegistry.unregister(state); }
  ops.compressionDrop(id);
}

function compressionEnsureCodec(state) {
  if (state.id >= 0) return;
  if (state.done) throw new TypeError_("The compression stream is closed");
  state.id = ops.compressionStart(state.format, state.decompress);
  if (compressionRegistry === null && typeof FinalizationRegistry === "function") {
    compressionRegistry = new FinalizationRegistry((id) => { try { ops.compressionDrop(id); } catch { /* already gone */ } });
  }
  if (compressionRegistry !== null) {
    // The state is reachable from the readable/writable pair for as long as the stream is in use.
    compressionRegistry.register(state, state.id, state);
    state.registered = true;
  }
}

function compressionEnqueueAll(state, first, next) {
  let out = first;
  while (out.length > 0) {
    transformStreamDefaultControllerEnqueue(state.transform.controller, out);
    out = next();
  }
}

/** The transform record shared by both classes. */
function compressionCreateState(format, decompress) {
  const state = { format, decompress, id: -1, registered: false, done: false, transform: undefined };
  state.transform = createTransformStreamRecord((chunk) => {
    try {
      const bytes = bufferSourceBytes(chunk);
      if (bytes === null) throw new TypeError_("The chunk is not an ArrayBuffer or ArrayBufferView");
      compressionEnsureCodec(state);
      compressionEnqueueAll(state, ops.compressionPush(state.id, bytes), () => ops.compressionPush(state.id, null));
      return PromiseResolve(undefined);
    } catch (e) {
      state.done = true;
      compressionDropCodec(state);
      return PromiseReject(e);
    }
  }, () => {
    try {
      compressionEnsureCodec(state);
      compressionEnqueueAll(state, ops.compressionFinish(state.id), () => ops.compressionFinish(state.id));
      state.done = true;
      compressionDropCodec(state);
      return PromiseResolve(undefined);
    } catch (e) {
      state.done = true;
      compressionDropCodec(state);
      return PromiseReject(e);
    }
  }, () => {
    state.done = true;
    compressionDropCodec(state);
    return PromiseResolve(undefined);
  });
  return state;
}

let compressionStreamOf;

class CompressionStream {
  #s;

  constructor(format) {
    const f = compressionReadFormat(arguments, "Failed to construct 'CompressionStream'");
    this.#s = compressionCreateState(f, false);
  }

  get readable() { return compressionStreamCheck(this).transform.readable.api; }
  get writable() { return compressionStreamCheck(this).transform.writable.api; }

  static {
    compressionStreamOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(CompressionStream, "CompressionStream");
makeEnumerable(CompressionStream, ["readable", "writable"]);

function compressionStreamCheck(v) {
  const s = compressionStreamOf(v);
  if (s === null) throw new TypeError_("Illegal invocation: not a CompressionStream");
  return s;
}

let decompressionStreamOf;

class DecompressionStream {
  #s;

  constructor(format) {
    const f = compressionReadFormat(arguments, "Failed to construct 'DecompressionStream'");
    this.#s = compressionCreateState(f, true);
  }

  get readable() { return decompressionStreamCheck(this).transform.readable.api; }
  get writable() { return decompressionStreamCheck(this).transform.writable.api; }

  static {
    decompressionStreamOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(DecompressionStream, "DecompressionStream");
makeEnumerable(DecompressionStream, ["readable", "writable"]);

function decompressionStreamCheck(v) {
  const s = decompressionStreamOf(v);
  if (s === null) throw new TypeError_("Illegal invocation: not a DecompressionStream");
  return s;
}

exposeGlobal("CompressionStream", CompressionStream);
exposeGlobal("DecompressionStream", DecompressionStream);
