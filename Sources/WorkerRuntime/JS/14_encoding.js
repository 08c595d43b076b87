// 14_encoding.js — TextEncoder and TextDecoder (WHATWG Encoding).
//
// Extension point: `textDecoderFactories` maps an encoding's canonical name to `(fatal) → decoder`,
// where a decoder has `decode(bytes: Uint8Array, stream: boolean) → string` (throwing a TypeError on
// invalid input when `fatal`). Single-byte encodings only need a 128-character table of the code
// points for bytes 0x80–0xFF ("\ufffd" for an unmapped byte) in `singleByteTables`. Every label of the
// standard is known (`encodingLabels`), so a label whose encoding has no decoder yet gets a clear
// "not supported" RangeError.

const TypedArrayPrototypeSet = TypedArrayPrototype.set;
const StringFromCharCodeApply = (units) => ReflectApply(StringFromCharCode, null, units);

/** Canonical name (lower case, as `TextDecoder.prototype.encoding` reports it) → its labels. */
const encodingLabelList = {
  "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
  "ibm866": "866 cp866 csibm866 ibm866",
  "iso-8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
  "iso-8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
  "iso-8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
  "iso-8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988",
  "iso-8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
  "iso-8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
  "iso-8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual",
  "iso-8859-8-i": "csiso88598i iso-8859-8-i logical",
  "iso-8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
  "iso-8859-13": "iso-8859-13 iso8859-13 iso885913",
  "iso-8859-14": "iso-8859-14 iso8859-14 iso885914",
  "iso-8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
  "iso-8859-16": "iso-8859-16",
  "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
  "koi8-u": "koi8-ru koi8-u",
  "macintosh": "csmacintosh mac macintosh x-mac-roman",
  "windows-874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
  "windows-1250": "cp1250 windows-1250 x-cp1250",
  "windows-1251": "cp1251 windows-1251 x-cp1251",
  "windows-1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
  "windows-1253": "cp1253 windows-1253 x-cp1253",
  "windows-1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
  "windows-1255": "cp1255 windows-1255 x-cp1255",
  "windows-1256": "cp1256 windows-1256 x-cp1256",
  "windows-1257": "cp1257 windows-1257 x-cp1257",
  "windows-1258": "cp1258 windows-1258 x-cp1258",
  "x-mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
  "gbk": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk",
  "gb18030": "gb18030",
  "big5": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
  "euc-jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
  "iso-2022-jp": "csiso2022jp iso-2022-jp",
  "shift_jis": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
  "euc-kr": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949",
  "replacement": "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement",
  "utf-16be": "unicodefffe utf-16be",
  "utf-16le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
  "x-user-defined": "x-user-defined",
};

/** label → canonical name */
const encodingLabels = new Map_();
for (const name of ObjectKeys(encodingLabelList)) {
  for (const label of StringPrototypeSplit.call(encodingLabelList[name], " ")) MapPrototypeSet.call(encodingLabels, label, name);
}

/** Encoding Standard "get an encoding": trims ASCII whitespace, ASCII-lowercases; undefined when unknown. */
const encodingLabelTrimRe = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const encodingNonAsciiRe = /[^\x00-\x7f]/;
function getEncodingName(label) {
  const trimmed = StringPrototypeReplace.call(label, encodingLabelTrimRe, "");
  if (encodingNonAsciiRe.test(trimmed)) return undefined;
  return MapPrototypeGet.call(encodingLabels, StringPrototypeToLowerCase.call(trimmed));
}

/** A Uint8Array over bytes [start, end) of `u8` (no species lookup). */
function u8Range(u8, start, end) {
  return new Uint8Array_(TypedArrayPrototypeGetBuffer.call(u8), TypedArrayPrototypeGetByteOffset.call(u8) + start, end - start);
}

function u8Concat(a, b) {
  const out = new Uint8Array_(a.length + b.length);
  ReflectApply(TypedArrayPrototypeSet, out, [a, 0]);
  ReflectApply(TypedArrayPrototypeSet, out, [b, a.length]);
  return out;
}

function encodingError() {
  return new TypeError_("The encoded data is not valid for this encoding");
}

/**
 * How many trailing bytes of u8[0, len) are a valid but incomplete UTF-8 sequence (0–3). Bytes that
 * can never complete are left to the decoder, which reports them now.
 */
function utf8IncompleteTail(u8, len) {
  for (let back = 1; back <= 3 && back <= len; back++) {
    const b = u8[len - back];
    if (b < 0x80) return 0;
    if (b < 0xc0) continue;
    if (b < 0xc2 || b > 0xf4) return 0;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    if (back >= need) return 0;
    let lower = 0x80, upper = 0xbf;
    if (b === 0xe0) lower = 0xa0;
    else if (b === 0xed) upper = 0x9f;
    else if (b === 0xf0) lower = 0x90;
    else if (b === 0xf4) upper = 0x8f;
    for (let k = 1; k < back; k++) {
      const c = u8[len - back + k];
      if (c < lower || c > upper) return 0;
      lower = 0x80;
      upper = 0xbf;
    }
    return back;
  }
  return 0;
}

class Utf8StreamDecoder {
  constructor(fatal) {
    this.fatal = fatal;
    this.pending = null;
  }

  decode(input, stream) {
    let bytes = this.pending === null ? input : u8Concat(this.pending, input);
    this.pending = null;
    if (stream) {
      const tail = utf8IncompleteTail(bytes, bytes.length);
      if (tail > 0) {
        const keep = new Uint8Array_(tail);
        for (let k = 0; k < tail; k++) keep[k] = bytes[bytes.length - tail + k];
        this.pending = keep;
        bytes = u8Range(bytes, 0, bytes.length - tail);
      }
    }
    return bytes.length === 0 ? "" : ops.decodeUtf8(bytes, this.fatal);
  }
}

class Utf16StreamDecoder {
  constructor(fatal, bigEndian) {
    this.fatal = fatal;
    this.bigEndian = bigEndian;
    this.leadByte = -1;
    this.leadSurrogate = -1;
  }

  decode(bytes, stream) {
    const units = [];
    let out = "";
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.leadByte < 0) { this.leadByte = b; continue; }
      const unit = this.bigEndian ? (this.leadByte << 8) | b : this.leadByte | (b << 8);
      this.leadByte = -1;
      if (this.leadSurrogate >= 0) {
        const lead = this.leadSurrogate;
        this.leadSurrogate = -1;
        if (unit >= 0xdc00 && unit <= 0xdfff) {
          ArrayPrototypePush.call(units, lead, unit);
          continue;
        }
        this.error(units);
      }
      if (unit >= 0xd800 && unit <= 0xdbff) { this.leadSurrogate = unit; continue; }
      if (unit >= 0xdc00 && unit <= 0xdfff) { this.error(units); continue; }
      ArrayPrototypePush.call(units, unit);
      if (units.length >= 8192) { out += StringFromCharCodeApply(units); units.length = 0; }
    }
    if (!stream && (this.leadByte >= 0 || this.leadSurrogate >= 0)) {
      this.leadByte = -1;
      this.leadSurrogate = -1;
      this.error(units);
    }
    return out + StringFromCharCodeApply(units);
  }

  error(units) {
    if (this.fatal) {
      this.leadByte = -1;
      this.leadSurrogate = -1;
      throw encodingError();
    }
    ArrayPrototypePush.call(units, 0xfffd);
  }
}

/** Bytes 0x80–0xFF of windows-1252 (the Encoding Standard's index); 0x00–0x7F are ASCII. */
const windows1252High = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178" +
  "\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af" +
  "\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00ba\u00bb\u00bc\u00bd\u00be\u00bf" +
  "\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf" +
  "\u00d0\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u00de\u00df" +
  "\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef" +
  "\u00f0\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u00fe\u00ff";

/** x-user-defined: byte b ≥ 0x80 → U+F780 + (b − 0x80). */
let xUserDefinedHigh = "";
for (let b = 0; b < 128; b++) xUserDefinedHigh += StringFromCharCode(0xf780 + b);

/** canonical name → 128-char table for bytes 0x80–0xFF. Legacy single-byte encodings go here. */
const singleByteTables = new Map_([
  ["windows-1252", windows1252High],
  ["x-user-defined", xUserDefinedHigh],
]);

class SingleByteDecoder {
  constructor(fatal, table) {
    this.fatal = fatal;
    this.table = table;
  }

  decode(bytes) {
    if (bytes.length === 0) return "";
    const latin1 = ops.decodeLatin1(bytes);
    const table = this.table;
    const fatal = this.fatal;
    return StringPrototypeReplace.call(latin1, /[\x80-\xff]/g, (c) => {
      const mapped = table[StringPrototypeCharCodeAt.call(c, 0) - 0x80];
      if (fatal && mapped === "\ufffd") throw encodingError();
      return mapped;
    });
  }
}

/** canonical name → (fatal) → decoder */
const textDecoderFactories = new Map_([
  ["utf-8", (fatal) => new Utf8StreamDecoder(fatal)],
  ["utf-16le", (fatal) => new Utf16StreamDecoder(fatal, false)],
  ["utf-16be", (fatal) => new Utf16StreamDecoder(fatal, true)],
]);

function textDecoderFactory(name) {
  const factory = MapPrototypeGet.call(textDecoderFactories, name);
  if (factory !== undefined) return factory;
  const table = MapPrototypeGet.call(singleByteTables, name);
  if (table !== undefined) return (fatal) => new SingleByteDecoder(fatal, table);
  return undefined;
}

let textEncoderIsInstance; // (value) → boolean, set by the class's static block

class TextEncoder {
  get encoding() {
    if (!textEncoderIsInstance(this)) throw new TypeError_("Illegal invocation: not a TextEncoder");
    return "utf-8";
  }

  encode(input = "") {
    if (!textEncoderIsInstance(this)) throw new TypeError_("Illegal invocation: not a TextEncoder");
    return ops.encodeUtf8(toDOMString(input));
  }

  encodeInto(source, destination) {
    if (!textEncoderIsInstance(this)) throw new TypeError_("Illegal invocation: not a TextEncoder");
    requireArguments(arguments.length, 2, "Failed to execute 'encodeInto' on 'TextEncoder'");
    const s = toDOMString(source);
    if (!ArrayBufferIsView(destination) || ReflectApply(TypedArrayPrototypeGetSymbolToStringTag, destination, []) !== "Uint8Array") {
      throw new TypeError_("Failed to execute 'encodeInto' on 'TextEncoder': the destination is not a Uint8Array");
    }
    const r = ops.encodeUtf8Into(s, destination);
    return { read: r[0], written: r[1] };
  }

  #brand() {}
  static {
    textEncoderIsInstance = (v) => isObject(v) && #brand in v;
  }
}
setToStringTag(TextEncoder, "TextEncoder");
makeEnumerable(TextEncoder, ["encoding", "encode", "encodeInto"]);

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #factory;
  #decoder = null;
  #doNotFlush = false;
  #bomSeen = false;

  constructor(label = "utf-8", options = undefined) {
    const labelString = toDOMString(label);
    const opts = toDictionary(options, "Failed to construct 'TextDecoder'");
    const fatal = opts === null ? false : !!opts.fatal;
    const ignoreBOM = opts === null ? false : !!opts.ignoreBOM;
    const name = getEncodingName(labelString);
    if (name === undefined || name === "replacement") {
      throw new RangeError_(`Failed to construct 'TextDecoder': the encoding label provided ('${labelString}') is invalid`);
    }
    const factory = textDecoderFactory(name);
    if (factory === undefined) {
      throw new RangeError_(`Failed to construct 'TextDecoder': the encoding '${name}' is not supported`);
    }
    this.#encoding = name;
    this.#fatal = fatal;
    this.#ignoreBOM = ignoreBOM;
    this.#factory = factory;
  }

  static #check(v) {
    if (!isObject(v) || !(#encoding in v)) throw new TypeError_("Illegal invocation: not a TextDecoder");
    return v;
  }

  get encoding() { return TextDecoder.#check(this).#encoding; }
  get fatal() { return TextDecoder.#check(this).#fatal; }
  get ignoreBOM() { return TextDecoder.#check(this).#ignoreBOM; }

  decode(input = undefined, options = undefined) {
    TextDecoder.#check(this);
    let bytes;
    if (input === undefined) {
      bytes = new Uint8Array_(0);
    } else {
      bytes = bufferSourceBytes(input);
      if (bytes === null) throw new TypeError_("Failed to execute 'decode' on 'TextDecoder': the input is not an ArrayBuffer or ArrayBufferView");
    }
    const opts = toDictionary(options, "Failed to execute 'decode' on 'TextDecoder'");
    const stream = opts === null ? false : !!opts.stream;
    if (!this.#doNotFlush || this.#decoder === null) {
      this.#decoder = this.#factory(this.#fatal);
      this.#bomSeen = false;
    }
    this.#doNotFlush = stream;
    let out;
    try {
      out = this.#decoder.decode(bytes, stream);
    } catch (e) {
      this.#decoder = null;
      this.#doNotFlush = false;
      throw e;
    }
    if (!this.#bomSeen && out.length > 0) {
      const name = this.#encoding;
      if (name === "utf-8" || name === "utf-16le" || name === "utf-16be") {
        this.#bomSeen = true;
        if (!this.#ignoreBOM && StringPrototypeCharCodeAt.call(out, 0) === 0xfeff) out = StringPrototypeSlice.call(out, 1);
      }
    }
    return out;
  }
}
setToStringTag(TextDecoder, "TextDecoder");
makeEnumerable(TextDecoder, ["encoding", "fatal", "ignoreBOM", "decode"]);

consoleRegisterInspectable(TextEncoder, "attributes");
consoleRegisterInspectable(TextDecoder, "attributes");

exposeGlobal("TextEncoder", TextEncoder);
exposeGlobal("TextDecoder", TextDecoder);
