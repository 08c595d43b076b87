// 35_fetch.js — the global fetch() (Fetch §5.6 as Workers implement it) over the host ops
// fetchStart / fetchRead / fetchCancel (README, "Host ops").
//
// - input: string, URL or Request; init as for `new Request(input, init)` (the Request constructor does
//   all validation). A ReadableStream body needs no `duplex` here (Workers accept it without).
// - Only http: and https: (workerd's `fetch_refuses_unknown_protocols`); anything else → TypeError.
// - Request bodies are sent whole: a ReadableStream body is read to its end first (as OpenWorkers does).
// - redirect: "follow" (default, up to 20 hops), "manual" (the 3xx response with its Location),
//   "error" (TypeError).
// - signal: aborted before the call → rejects with signal.reason; during the transfer → rejects (or,
//   once the Response exists, errors its body stream) with the reason, and the transfer is cancelled.
// - The Response has immutable headers, `url` (the last hop, no fragment), `redirected`, and a byte
//   ReadableStream body pulled from the host chunk by chunk (back-pressure reaches the socket).
// - Bodies libcurl decoded (gzip, deflate, br, zstd) arrive decoded, without `content-encoding` and
//   `content-length` (they described the wire bytes; a Response passed through must not keep them).

const fetchNullBodyStatuses = [101, 103, 204, 205, 304];

/** The bytes (or string) to send for a request body record; a promise when a stream must be read. */
function fetchBodyToSend(r) {
  const rec = r.body;
  if (rec === null) return null;
  if (bodyIsUnusable(r)) throw new TypeError_("Failed to execute 'fetch': the request body is already used");
  r.disturbed = true;
  if (rec.kind === "string") return rec.text;
  if (rec.kind === "bytes") return rec.bytes;
  if (rec.source !== null) return rec.source.kind === "string" ? rec.source.text : rec.source.bytes;
  return bodyReadAllBytes(rec.stream);
}

function fetchStripFragment(href) {
  const i = StringPrototypeIndexOf.call(href, "#");
  return i === -1 ? href : StringPrototypeSlice.call(href, 0, i);
}

function fetch(input, init = undefined) {
  let request;
  try {
    requireArguments(arguments.length, 1, "Failed to execute 'fetch'");
    // Workers accept a ReadableStream body without `duplex: "half"`.
    if (isObject(init) && init.duplex === undefined && init.body !== undefined && init.body !== null &&
        bodyIsReadableStream(init.body)) {
      init = ObjectCreate(init, { duplex: { value: "half", enumerable: true } });
    }
    request = new Request(input, init);
  } catch (e) {
    return PromiseReject(e);
  }
  const r = requestState(request);
  const parts = urlParseParts(r.url, undefined);
  if (parts === null || (parts[URL_PROTOCOL] !== "http:" && parts[URL_PROTOCOL] !== "https:")) {
    return PromiseReject(new TypeError_(`Fetch API cannot load: ${r.url} (only http: and https: URLs are supported)`));
  }
  const signal = r.signalSource !== null ? requestGetSignal(r) : null;
  if (signal !== null && signal.aborted) return PromiseReject(signal.reason);

  let body;
  try { body = fetchBodyToSend(r); } catch (e) { return PromiseReject(e); }
  const url = fetchStripFragment(parts[URL_HREF]);
  const headers = headersToFlat(r.headers);
  const method = r.method;
  const redirect = r.redirect;

  return new Promise_((resolve, reject) => {
    let id = -1;             // fetchStart op id (names the transfer)
    let settled = false;     // the fetch promise settled
    let feed = null;         // body stream feed once the Response exists
    let finished = false;    // body ended, failed or was cancelled
    const cleanup = () => {
      finished = true;
      if (signal !== null) removeAbortAlgorithm(signal, onAbort);
    };
    const onAbort = () => {
      const reason = signal.reason;
      if (id !== -1 && !finished) ops.fetchCancel(id);
      if (!settled) {
        settled = true;
        if (id !== -1) pendingHostOps.delete(id);
        reject(reason);
      } else if (feed !== null && !finished) {
        feed.error(reason);
      }
      cleanup();
    };
    if (signal !== null) addAbortAlgorithm(signal, onAbort);

    const begin = (bytes) => {
      if (settled) return;
      let head;
      try {
        head = hostAsync(() => { id = ops.fetchStart(method, url, headers, bytes, redirect); return id; });
      } catch (e) {
        settled = true; cleanup(); reject(e); return;
      }
      PromisePrototypeThen.call(head, (h) => {
        if (settled) return;
        settled = true;
        resolve(fetchMakeResponse(h, method, id, (f) => { feed = f; }, cleanup, () => finished));
      }, (e) => {
        if (settled) return;
        settled = true; cleanup(); reject(e);
      });
    };
    if (body !== null && typeof body === "object" && !(body instanceof Uint8Array_)) {
      // A ReadableStream body: read it whole, then send.
      PromisePrototypeThen.call(body, begin, (e) => {
        if (settled) return;
        settled = true; cleanup(); reject(e);
      });
    } else {
      begin(body);
    }
  });
}

/** Builds the Response from the head `[status, statusText, url, redirected, name, value, …]`. */
function fetchMakeResponse(h, method, id, setFeed, cleanup, isFinished) {
  const status = Number_(h[0]);
  const flat = ArrayPrototypeSlice.call(h, 4);
  const finalURL = h[2];
  const parsed = urlParseParts(finalURL, undefined);
  const responseURL = parsed !== null ? fetchStripFragment(parsed[URL_HREF]) : finalURL;
  const nullBody = method === "HEAD" || ArrayPrototypeIndexOf.call(fetchNullBodyStatuses, status) !== -1;
  let body = null;
  if (nullBody) {
    ops.fetchCancel(id);
    cleanup();
  } else {
    let reading = false;
    const feed = createHostByteStream({
      highWaterMark: 65536,
      pull() {
        if (reading || isFinished()) return;
        reading = true;
        let chunk;
        try {
          chunk = hostAsync(() => ops.fetchRead(id));
        } catch (e) {
          reading = false; cleanup(); feed.error(e); return;
        }
        PromisePrototypeThen.call(chunk, (bytes) => {
          reading = false;
          if (isFinished()) return;
          if (bytes === null) { cleanup(); feed.close(); return; }
          if (feed.push(bytes)) feed.onPull();
        }, (e) => {
          reading = false;
          if (isFinished()) return;
          cleanup();
          feed.error(e);
        });
      },
      cancel() {
        if (isFinished()) return;
        ops.fetchCancel(id);
        cleanup();
      },
    });
    setFeed(feed);
    body = feed.stream;
  }
  return createResponse({ status, statusText: h[1], headers: flat, body, url: responseURL,
                          redirected: h[3] === "1", guard: "immutable" });
}

exposeGlobal("fetch", fetch);
