// 15_base64.js — atob / btoa (HTML §8.3, Infra "forgiving-base64").

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** char code (< 256) → 6-bit value, or -1 outside the alphabet. A plain array: no typed arrays in the snapshot. */
const base64Values = [];
for (let c = 0; c < 256; c++) base64Values[c] = -1;
for (let i = 0; i < 64; i++) base64Values[StringPrototypeCharCodeAt.call(base64Alphabet, i)] = i;

const base64WhitespaceRe = /[\t\n\f\r ]+/g;

function base64InvalidCharacter(message) {
  return newDOMException(message, "InvalidCharacterError");
}

/** Forgiving-base64 decode to a byte string (one char per byte). */
function atob(data) {
  requireArguments(arguments.length, 1, "Failed to execute 'atob'");
  let s = StringPrototypeReplace.call(toDOMString(data), base64WhitespaceRe, "");
  let len = s.length;
  if (len % 4 === 0 && len > 0) {
    if (StringPrototypeCharCodeAt.call(s, len - 1) === 0x3d) {
      len--;
      if (StringPrototypeCharCodeAt.call(s, len - 1) === 0x3d) len--;
    }
  }
  if (len % 4 === 1) throw base64InvalidCharacter("The string to be decoded is not correctly encoded.");
  const out = new Uint8Array_(MathFloor(len * 3 / 4));
  let buffer = 0, bits = 0, o = 0;
  for (let i = 0; i < len; i++) {
    const c = StringPrototypeCharCodeAt.call(s, i);
    const v = c < 256 ? base64Values[c] : -1;
    if (v < 0) throw base64InvalidCharacter("The string to be decoded is not correctly encoded.");
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return ops.decodeLatin1(out);
}

/** Base64 of a byte string; code units above 0xFF are an InvalidCharacterError. */
function btoa(data) {
  requireArguments(arguments.length, 1, "Failed to execute 'btoa'");
  const s = toDOMString(data);
  const len = s.length;
  for (let i = 0; i < len; i++) {
    if (StringPrototypeCharCodeAt.call(s, i) > 0xff) {
      throw base64InvalidCharacter("The string to be encoded contains characters outside of the Latin1 range.");
    }
  }
  const parts = [];
  let chunk = "";
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const n = (StringPrototypeCharCodeAt.call(s, i) << 16) | (StringPrototypeCharCodeAt.call(s, i + 1) << 8) | StringPrototypeCharCodeAt.call(s, i + 2);
    chunk += base64Alphabet[n >> 18] + base64Alphabet[(n >> 12) & 63] + base64Alphabet[(n >> 6) & 63] + base64Alphabet[n & 63];
    if (chunk.length >= 8192) { ArrayPrototypePush.call(parts, chunk); chunk = ""; }
  }
  const rest = len - i;
  if (rest === 1) {
    const n = StringPrototypeCharCodeAt.call(s, i) << 16;
    chunk += base64Alphabet[n >> 18] + base64Alphabet[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (StringPrototypeCharCodeAt.call(s, i) << 16) | (StringPrototypeCharCodeAt.call(s, i + 1) << 8);
    chunk += base64Alphabet[n >> 18] + base64Alphabet[(n >> 12) & 63] + base64Alphabet[(n >> 6) & 63] + "=";
  }
  ArrayPrototypePush.call(parts, chunk);
  return ArrayPrototypeJoin.call(parts, "");
}

exposeGlobal("atob", atob);
exposeGlobal("btoa", btoa);
