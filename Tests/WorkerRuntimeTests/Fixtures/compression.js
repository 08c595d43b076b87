// CompressionStream and DecompressionStream (WHATWG Compression): gzip, deflate, deflate-raw.

const cmpFormats = ["gzip", "deflate", "deflate-raw"];

function cmpConcat(chunks) {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** Writes `chunks` into `stream` while reading its readable side; resolves with the concatenated output. */
async function cmpThrough(stream, chunks) {
  const writer = stream.writable.getWriter();
  const writing = (async () => {
    for (const c of chunks) await writer.write(c);
    await writer.close();
  })();
  const out = [];
  const reader = stream.readable.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      assert(value instanceof Uint8Array, "output chunks are Uint8Arrays");
      out.push(value);
    }
  } finally {
    writing.catch(() => {});
  }
  await writing;
  return cmpConcat(out);
}

/** Splits `bytes` at the given offsets. */
function cmpSplit(bytes, cuts) {
  const parts = [];
  let at = 0;
  for (const c of cuts) { parts.push(bytes.subarray(at, c)); at = c; }
  parts.push(bytes.subarray(at));
  return parts;
}

function cmpPattern(n) {
  // Compressible but not trivial: a slowly changing pseudo-random byte pattern (no Math.random: reproducible).
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = (i % 251) ^ ((x >>> 16) & 0x0f);
  }
  return out;
}

const cmpHello = new TextEncoder().encode("hello");
// Python: gzip.compress(b"hello", mtime=0), zlib.compress(b"hello"), raw deflate of b"hello".
const cmpVectors = {
  "gzip": [31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 203, 72, 205, 201, 201, 7, 0, 134, 166, 16, 54, 5, 0, 0, 0],
  "deflate": [120, 156, 203, 72, 205, 201, 201, 7, 0, 6, 44, 2, 21],
  "deflate-raw": [203, 72, 205, 201, 201, 7, 0],
};

test("globals exist with their toStringTag", () => {
  assertEquals(typeof CompressionStream, "function");
  assertEquals(typeof DecompressionStream, "function");
  assertEquals(Object.prototype.toString.call(new CompressionStream("gzip")), "[object CompressionStream]");
  assertEquals(Object.prototype.toString.call(new DecompressionStream("gzip")), "[object DecompressionStream]");
  assert(new CompressionStream("deflate").readable instanceof ReadableStream);
  assert(new DecompressionStream("deflate").writable instanceof WritableStream);
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, "CompressionStream").enumerable, false);
});

test("an invalid format throws TypeError", () => {
  assertThrows(() => new CompressionStream("zip"), TypeError);
  assertThrows(() => new CompressionStream("GZIP"), TypeError);
  assertThrows(() => new DecompressionStream("brotli"), TypeError);
  assertThrows(() => new CompressionStream(), TypeError);
  assertThrows(() => new DecompressionStream(undefined), TypeError);
});

test("getters throw on the wrong receiver", () => {
  const get = Object.getOwnPropertyDescriptor(CompressionStream.prototype, "readable").get;
  assertThrows(() => get.call({}), TypeError);
  assertThrows(() => get.call(new DecompressionStream("gzip")), TypeError);
});

for (const format of cmpFormats) {
  test(`${format}: decompresses a known vector of "hello"`, async () => {
    const out = await cmpThrough(new DecompressionStream(format), [new Uint8Array(cmpVectors[format])]);
    assertEquals(out, cmpHello);
  });

  test(`${format}: the known vector split into single bytes`, async () => {
    const v = new Uint8Array(cmpVectors[format]);
    const parts = [];
    for (let i = 0; i < v.length; i++) parts.push(v.subarray(i, i + 1));
    assertEquals(await cmpThrough(new DecompressionStream(format), parts), cmpHello);
  });

  test(`${format}: round trip of "hello"`, async () => {
    const packed = await cmpThrough(new CompressionStream(format), [cmpHello]);
    assertEquals(await cmpThrough(new DecompressionStream(format), [packed]), cmpHello);
  });

  test(`${format}: round trip of empty input`, async () => {
    const packed = await cmpThrough(new CompressionStream(format), []);
    assert(packed.length > 0, "an empty stream still has a header/trailer");
    assertEquals(await cmpThrough(new DecompressionStream(format), [packed]), new Uint8Array(0));
  });

  test(`${format}: round trip of empty chunks`, async () => {
    const packed = await cmpThrough(new CompressionStream(format), [new Uint8Array(0), new Uint8Array(0)]);
    assertEquals(await cmpThrough(new DecompressionStream(format), [new Uint8Array(0), packed, new Uint8Array(0)]), new Uint8Array(0));
  });

  test(`${format}: round trip of 1 MiB, byte-exact`, async () => {
    const data = cmpPattern(1 << 20);
    const packed = await cmpThrough(new CompressionStream(format), cmpSplit(data, [1, 1000, 65536, 65537, 500000]));
    assert(packed.length < data.length, "compressed is smaller");
    const back = await cmpThrough(new DecompressionStream(format), cmpSplit(packed, [3, 7, 100, 4096, packed.length - 5, packed.length - 1]));
    assertEquals(back.length, data.length);
    assertEquals(back, data);
  });

  test(`${format}: highly compressible 1 MiB of zeros comes back in bounded pieces`, async () => {
    const data = new Uint8Array(1 << 20);
    const packed = await cmpThrough(new CompressionStream(format), [data]);
    assert(packed.length < 8192, "zeros compress well");
    const ds = new DecompressionStream(format);
    const writer = ds.writable.getWriter();
    writer.write(packed).catch(() => {});
    writer.close().catch(() => {});
    const reader = ds.readable.getReader();
    let total = 0, pieces = 0, largest = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (let i = 0; i < value.length; i++) if (value[i] !== 0) throw new AssertionError("non-zero byte");
      total += value.length;
      pieces++;
      largest = Math.max(largest, value.length);
    }
    assertEquals(total, data.length);
    assert(pieces > 1, "split into several chunks");
    assert(largest <= 65536, "pieces are at most 64 KiB (got " + largest + ")");
  });

  test(`${format}: every chunk boundary of a small stream works`, async () => {
    const data = new TextEncoder().encode("The quick brown fox jumps over the lazy dog. ".repeat(5));
    const packed = await cmpThrough(new CompressionStream(format), [data]);
    for (let cut = 0; cut <= packed.length; cut++) {
      const back = await cmpThrough(new DecompressionStream(format), cmpSplit(packed, [cut]));
      assertEquals(back, data, `cut at ${cut}`);
    }
  });

  test(`${format}: truncated input rejects with TypeError`, async () => {
    const packed = await cmpThrough(new CompressionStream(format), [cmpPattern(5000)]);
    for (const keep of [0, 1, packed.length >> 1, packed.length - 1]) {
      await assertRejects(() => cmpThrough(new DecompressionStream(format), [packed.subarray(0, keep)]), TypeError, `kept ${keep} bytes`);
    }
  });

  test(`${format}: empty input to a decompressor rejects with TypeError`, async () => {
    await assertRejects(() => cmpThrough(new DecompressionStream(format), []), TypeError);
  });

  test(`${format}: trailing data after the end rejects with TypeError`, async () => {
    const v = new Uint8Array(cmpVectors[format]);
    await assertRejects(() => cmpThrough(new DecompressionStream(format), [cmpConcat([v, new Uint8Array([1, 2, 3])])]), TypeError);
    await assertRejects(() => cmpThrough(new DecompressionStream(format), [v, new Uint8Array([0])]), TypeError);
  });

  test(`${format}: a chunk that is not a BufferSource rejects with TypeError`, async () => {
    await assertRejects(() => cmpThrough(new CompressionStream(format), ["hello"]), TypeError);
    await assertRejects(() => cmpThrough(new DecompressionStream(format), [42]), TypeError);
  });

  test(`${format}: accepts ArrayBuffer, DataView and other typed arrays`, async () => {
    const v = new Uint8Array(cmpVectors[format]);
    const ab = v.slice().buffer;
    assertEquals(await cmpThrough(new DecompressionStream(format), [ab]), cmpHello);
    assertEquals(await cmpThrough(new DecompressionStream(format), [new DataView(ab)]), cmpHello);
    const padded = new Uint8Array(v.length + 4);
    padded.set(v, 3);
    assertEquals(await cmpThrough(new DecompressionStream(format), [new Uint8Array(padded.buffer, 3, v.length)]), cmpHello);
  });
}

test("garbage input rejects with TypeError", async () => {
  const junk = new TextEncoder().encode("this is definitely not compressed data, just text");
  for (const format of ["gzip", "deflate"]) {
    await assertRejects(() => cmpThrough(new DecompressionStream(format), [junk]), TypeError, format);
  }
  // deflate-raw: block type 3 is reserved, so 0xff starts an invalid stream.
  await assertRejects(() => cmpThrough(new DecompressionStream("deflate-raw"), [new Uint8Array([0xff, 0xff, 0xff])]), TypeError);
});

test("a corrupted gzip checksum rejects with TypeError", async () => {
  const v = new Uint8Array(cmpVectors.gzip);
  v[v.length - 6] ^= 0xff; // CRC32
  await assertRejects(() => cmpThrough(new DecompressionStream("gzip"), [v]), TypeError);
});

test("gzip output has the gzip magic and deflate output the zlib header", async () => {
  const g = await cmpThrough(new CompressionStream("gzip"), [cmpHello]);
  assertEquals([g[0], g[1], g[2]], [0x1f, 0x8b, 8]);
  const d = await cmpThrough(new CompressionStream("deflate"), [cmpHello]);
  assertEquals(d[0] & 0x0f, 8);
  assertEquals(((d[0] << 8) | d[1]) % 31, 0);
});

test("a format's output is not accepted by another format", async () => {
  const g = await cmpThrough(new CompressionStream("gzip"), [cmpHello]);
  await assertRejects(() => cmpThrough(new DecompressionStream("deflate"), [g]), TypeError);
});

test("pipeThrough with a Response body round-trips text", async () => {
  const text = "caf\u00e9 \u20ac ".repeat(1000);
  const packed = new Response(text).body.pipeThrough(new CompressionStream("gzip"));
  const unpacked = packed.pipeThrough(new DecompressionStream("gzip"));
  assertEquals(await new Response(unpacked).text(), text);
});

test("cancelling the readable side releases the codec and further writes reject", async () => {
  const cs = new CompressionStream("deflate");
  const writer = cs.writable.getWriter();
  const w = writer.write(cmpPattern(100000));
  w.catch(() => {});
  await cs.readable.cancel("stop");
  await assertRejects(() => writer.write(new Uint8Array(1)));
});

test("many streams in sequence do not exhaust codecs", async () => {
  for (let i = 0; i < 200; i++) {
    const packed = await cmpThrough(new CompressionStream("gzip"), [cmpHello]);
    assertEquals(await cmpThrough(new DecompressionStream("gzip"), [packed]), cmpHello);
  }
  // Errored streams release their codec too.
  for (let i = 0; i < 100; i++) {
    await assertRejects(() => cmpThrough(new DecompressionStream("gzip"), [new Uint8Array([1, 2, 3])]), TypeError);
  }
  // Streams that are constructed but never used hold no codec.
  const idle = [];
  for (let i = 0; i < 200; i++) idle.push(new CompressionStream("gzip"));
  assertEquals(await cmpThrough(new DecompressionStream("gzip"), [await cmpThrough(new CompressionStream("gzip"), [cmpHello])]), cmpHello);
});
