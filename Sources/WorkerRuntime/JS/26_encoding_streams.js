// 26_encoding_streams.js — TextEncoderStream and TextDecoderStream (WHATWG Encoding §7), each a
// readable/writable pair backed by an internal TransformStream.

const TextDecoderPrototypeDecode = TextDecoder.prototype.decode;
const TextDecoderPrototypeGetEncoding = ObjectGetOwnPropertyDescriptor(TextDecoder.prototype, "encoding").get;
const TextDecoderPrototypeGetFatal = ObjectGetOwnPropertyDescriptor(TextDecoder.prototype, "fatal").get;
const TextDecoderPrototypeGetIgnoreBOM = ObjectGetOwnPropertyDescriptor(TextDecoder.prototype, "ignoreBOM").get;
const encodingStreamFlushOptions = ObjectFreeze({ __proto__: null });
const encodingStreamStreamOptions = ObjectFreeze({ __proto__: null, stream: true });

let textEncoderStreamOf;

class TextEncoderStream {
  #s;

  constructor() {
    const state = { transform: undefined, pendingLead: "" };
    state.transform = createTransformStreamRecord((chunk) => {
      try {
        let input = toDOMString(chunk);
        if (state.pendingLead !== "") {
          input = state.pendingLead + input;
          state.pendingLead = "";
        }
        const last = input.length > 0 ? StringPrototypeCharCodeAt.call(input, input.length - 1) : 0;
        if (last >= 0xd800 && last <= 0xdbff) {
          state.pendingLead = StringPrototypeSlice.call(input, input.length - 1);
          input = StringPrototypeSlice.call(input, 0, input.length - 1);
        }
        if (input.length > 0) transformStreamDefaultControllerEnqueue(state.transform.controller, ops.encodeUtf8(input));
        return PromiseResolve(undefined);
      } catch (e) {
        return PromiseReject(e);
      }
    }, () => {
      try {
        if (state.pendingLead !== "") {
          state.pendingLead = "";
          transformStreamDefaultControllerEnqueue(state.transform.controller, new Uint8Array_([0xef, 0xbf, 0xbd]));
        }
        return PromiseResolve(undefined);
      } catch (e) {
        return PromiseReject(e);
      }
    }, streamsResolvedUndefined);
    this.#s = state;
  }

  get encoding() { textEncoderStreamCheck(this); return "utf-8"; }
  get readable() { return textEncoderStreamCheck(this).transform.readable.api; }
  get writable() { return textEncoderStreamCheck(this).transform.writable.api; }

  static {
    textEncoderStreamOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(TextEncoderStream, "TextEncoderStream");
makeEnumerable(TextEncoderStream, ["encoding", "readable", "writable"]);

function textEncoderStreamCheck(v) {
  const s = textEncoderStreamOf(v);
  if (s === null) throw new TypeError_("Illegal invocation: not a TextEncoderStream");
  return s;
}

let textDecoderStreamOf;

class TextDecoderStream {
  #s;

  constructor(label = "utf-8", options = undefined) {
    const decoder = new TextDecoder(label, options);
    const state = { transform: undefined, decoder };
    const enqueueText = (text) => {
      if (text.length > 0) transformStreamDefaultControllerEnqueue(state.transform.controller, text);
    };
    state.transform = createTransformStreamRecord((chunk) => {
      try {
        const bytes = bufferSourceBytes(chunk);
        if (bytes === null) throw new TypeError_("TextDecoderStream: the chunk is not an ArrayBuffer or ArrayBufferView");
        enqueueText(ReflectApply(TextDecoderPrototypeDecode, decoder, [bytes, encodingStreamStreamOptions]));
        return PromiseResolve(undefined);
      } catch (e) {
        return PromiseReject(e);
      }
    }, () => {
      try {
        enqueueText(ReflectApply(TextDecoderPrototypeDecode, decoder, [undefined, encodingStreamFlushOptions]));
        return PromiseResolve(undefined);
      } catch (e) {
        return PromiseReject(e);
      }
    }, streamsResolvedUndefined);
    this.#s = state;
  }

  get encoding() { return ReflectApply(TextDecoderPrototypeGetEncoding, textDecoderStreamCheck(this).decoder, []); }
  get fatal() { return ReflectApply(TextDecoderPrototypeGetFatal, textDecoderStreamCheck(this).decoder, []); }
  get ignoreBOM() { return ReflectApply(TextDecoderPrototypeGetIgnoreBOM, textDecoderStreamCheck(this).decoder, []); }
  get readable() { return textDecoderStreamCheck(this).transform.readable.api; }
  get writable() { return textDecoderStreamCheck(this).transform.writable.api; }

  static {
    textDecoderStreamOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(TextDecoderStream, "TextDecoderStream");
makeEnumerable(TextDecoderStream, ["encoding", "fatal", "ignoreBOM", "readable", "writable"]);

function textDecoderStreamCheck(v) {
  const s = textDecoderStreamOf(v);
  if (s === null) throw new TypeError_("Illegal invocation: not a TextDecoderStream");
  return s;
}

exposeGlobal("TextEncoderStream", TextEncoderStream);
exposeGlobal("TextDecoderStream", TextDecoderStream);
