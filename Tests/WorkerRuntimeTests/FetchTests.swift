import Foundation
import Shared
import Synchronization
import Testing
@testable import WorkerRuntime

/// The upstream server the fetch tests talk to: our own `HTTPServer` on 127.0.0.1:0, one loop
/// (its threads never enter V8).
final class FetchUpstream: Sendable {
    static let shared: FetchUpstream = {
        do { return try FetchUpstream() } catch { fatalError("the fetch test upstream could not start: \(error)") }
    }()

    let server: HTTPServer
    let port: Int
    /// Requests in flight on /slow (and the most seen at once).
    let inFlight = Mutex<(now: Int, max: Int)>((0, 0))

    var base: String { "http://127.0.0.1:\(port)" }

    private init() throws {
        _ = RuntimeHarness.shared  // V8 first (design.md §4), then the server's threads
        var config = HTTPServerConfiguration()
        config.loopCount = 1
        config.threadStackSize = 1 << 20
        let me = Box()
        server = HTTPServer(configuration: config) { loop in FetchUpstreamHandler(loop: loop, owner: me) }
        try server.start()
        port = server.port
        me.value = self
    }

    func resetInFlight() { inFlight.withLock { $0 = (0, 0) } }
    var maxInFlight: Int { inFlight.withLock { $0.max } }

    final class Box: @unchecked Sendable {
        // Safety: written once before the server takes requests, then only read.
        weak var value: FetchUpstream?
    }

    /// gzip of `FetchUpstream.plain` (Python `gzip.compress(plain, mtime=0)`).
    static let plain = "gzip body: " + String(repeating: "hello compressed world! ", count: 20)
    static let gzipped: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 75, 175, 202, 44, 80, 72, 202, 79, 169, 180, 82, 200,
        72, 205, 201, 201, 87, 72, 206, 207, 45, 40, 74, 45, 46, 78, 77, 81, 40, 207, 47, 202, 73, 81, 28, 21, 31, 38,
        226, 0, 127, 126, 19, 158, 235, 1, 0, 0]
}

final class FetchUpstreamHandler: HTTPHandler {
    let loop: EventLoop
    let owner: FetchUpstream.Box

    init(loop: EventLoop, owner: FetchUpstream.Box) {
        self.loop = loop
        self.owner = owner
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let (path, query) = Self.split(request.target)
        switch path {
        case "/text":
            responder.respond(status: 200, headers: [("content-type", "text/plain;charset=utf-8"), ("set-cookie", "a=1"),
                                                     ("set-cookie", "b=2"), ("x-upstream", "yes")],
                              body: Array("hello from upstream".utf8))
        case "/json":
            responder.respond(status: 200, headers: [("content-type", "application/json")], body: Array(#"{"ok":true,"n":42}"#.utf8))
        case "/gzip":
            responder.respond(status: 200, headers: [("content-type", "text/plain"), ("content-encoding", "gzip")],
                              body: FetchUpstream.gzipped)
        case "/stream":
            responder.startStream(status: 200, headers: [("content-type", "text/plain")])
            streamChunks(responder, index: 0, count: Int(query["chunks"] ?? "") ?? 5)
        case "/big":
            let total = (Int(query["kb"] ?? "") ?? 1024) * 1024
            responder.startStream(status: 200, headers: [])
            let pump = UpstreamPump(responder: responder, total: total)
            responder.onWritable = { pump.run() }
            pump.run()
        case "/slowbody":
            responder.startStream(status: 200, headers: [("content-type", "text/plain")])
            responder.write(Array("first part;".utf8))
            loop.schedule(afterNanoseconds: 3_000_000_000) {
                responder.write(Array("late part".utf8))
                responder.end(error: false)
            }
        case "/slow":
            let ms = Int64(query["ms"] ?? "") ?? 100
            owner.value?.inFlight.withLock { s in s.now += 1; s.max = max(s.max, s.now) }
            loop.schedule(afterNanoseconds: ms * 1_000_000) { [owner] in
                owner.value?.inFlight.withLock { $0.now -= 1 }
                responder.respond(status: 200, headers: [], body: Array("slow done".utf8))
            }
        case "/redirect":
            let code = Int(query["code"] ?? "") ?? 302
            let to = (query["to"] ?? "/text").removingPercentEncoding ?? "/text"
            responder.respond(status: code, headers: [("location", to)], body: Array("redirecting".utf8))
        case "/chain":
            let n = Int(query["n"] ?? "") ?? 0
            let to = n <= 1 ? "/text" : "/chain?n=\(n - 1)"
            responder.respond(status: 302, headers: [("location", to)], body: [])
        case "/loop":
            responder.respond(status: 302, headers: [("location", "/loop")], body: [])
        case "/echo":
            var headers: [String: String] = [:]
            for h in request.headers { headers[h.name.lowercased(), default: ""] += headers[h.name.lowercased()] == nil ? h.value : ", " + h.value }
            let object: [String: Any] = ["method": request.method, "target": request.target, "headers": headers,
                                         "body": String(decoding: request.body, as: UTF8.self), "length": request.body.count]
            let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            responder.respond(status: 200, headers: [("content-type", "application/json")], body: Array(json))
        default:
            responder.respond(status: 404, headers: [], body: Array("not found".utf8))
        }
    }

    private func streamChunks(_ responder: HTTPResponder, index: Int, count: Int) {
        guard index < count else { responder.end(error: false); return }
        responder.write(Array("chunk \(index)\n".utf8))
        loop.schedule(afterNanoseconds: 2_000_000) { [self] in streamChunks(responder, index: index + 1, count: count) }
    }

    static func split(_ target: String) -> (String, [String: String]) {
        guard let q = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            query[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        return (String(target[..<q]), query)
    }
}

/// Writes `total` bytes of a repeating pattern, honouring the responder's back-pressure.
final class UpstreamPump {
    let responder: HTTPResponder
    let total: Int
    var written = 0
    init(responder: HTTPResponder, total: Int) { self.responder = responder; self.total = total }
    func run() {
        while written < total {
            let n = min(32 * 1024, total - written)
            let chunk = (0..<n).map { UInt8(truncatingIfNeeded: (written + $0) % 251) }
            written += n
            if !responder.write(chunk) { return }
        }
        responder.onWritable = nil
        responder.end(error: false)
    }
}

@Suite("fetch()", .serialized)
struct FetchTests {
    let up = FetchUpstream.shared

    /// Runs a worker whose fetch handler body is `body` (an async function body returning a JSON-able
    /// value), with `BASE` bound to the upstream's base URL; returns the parsed JSON answer.
    /// Generous CPU: these workers run many fetches and first-use glue compiles in one request, and a
    /// loaded debug-build machine must not turn that into a 429 (the CPU limit has its own tests).
    static var limits: RuntimeLimits {
        var l = RuntimeLimits()
        l.cpuTimeMillis = 2_000
        return l
    }

    func run(_ body: String, limits: RuntimeLimits = FetchTests.limits) async throws -> [String: Any] {
        let source = """
        const BASE = "\(up.base)";
        export default {
          async fetch(request, env, ctx) {
            try {
              const result = await (async () => { \(body) })();
              return Response.json(result);
            } catch (e) {
              return Response.json({ thrown: true, name: e && e.name, message: String(e && e.message), ctor: e && e.constructor && e.constructor.name });
            }
          }
        };
        """
        let answer = await RuntimeHarness.shared.fetch(makeWorker(source), limits: limits)
        #expect(answer.status == 200, "\(answer.text) \(answer.logsAtAnswer.suffix(3))")
        let object = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        return try #require(object, "not a JSON object: \(answer.text)")
    }

    @Test func getText() async throws {
        let r = try await run("""
            const res = await fetch(BASE + "/text");
            const setCookie = res.headers.getSetCookie();
            let immutable = false;
            try { res.headers.set("x-a", "b"); } catch (e) { immutable = e instanceof TypeError; }
            return { status: res.status, ok: res.ok, statusText: res.statusText, text: await res.text(),
                     type: res.headers.get("content-type"), url: res.url, redirected: res.redirected,
                     setCookie, upstream: res.headers.get("x-upstream"), immutable, bodyUsed: res.bodyUsed };
        """)
        #expect(r["status"] as? Int == 200)
        #expect(r["ok"] as? Bool == true)
        #expect(r["statusText"] as? String == "OK")
        #expect(r["text"] as? String == "hello from upstream")
        #expect(r["type"] as? String == "text/plain;charset=utf-8")
        #expect(r["url"] as? String == up.base + "/text")
        #expect(r["redirected"] as? Bool == false)
        #expect(r["setCookie"] as? [String] == ["a=1", "b=2"])
        #expect(r["upstream"] as? String == "yes")
        #expect(r["immutable"] as? Bool == true)
        #expect(r["bodyUsed"] as? Bool == true)
    }

    @Test func getJSONWithURLAndRequestInput() async throws {
        let r = try await run("""
            const a = await (await fetch(new URL("/json", BASE))).json();
            const b = await (await fetch(new Request(BASE + "/json"))).json();
            return { a, b };
        """)
        #expect((r["a"] as? [String: Any])?["n"] as? Int == 42)
        #expect((r["b"] as? [String: Any])?["ok"] as? Bool == true)
    }

    @Test func postEachBodyType() async throws {
        let r = try await run("""
            const echo = async (body, extra = {}) => {
              const res = await fetch(BASE + "/echo", { method: "POST", body, ...extra });
              const j = await res.json();
              return { method: j.method, type: j.headers["content-type"] ?? null, body: j.body, length: j.length };
            };
            const fd = new FormData(); fd.append("field", "value");
            const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("from ")); c.enqueue(new TextEncoder().encode("a stream")); c.close(); } });
            return {
              string: await echo("plain text"),
              bytes: await echo(new TextEncoder().encode("byte body")),
              buffer: await echo(new TextEncoder().encode("buffer body").buffer),
              params: await echo(new URLSearchParams({ a: "1", b: "x y" })),
              blob: await echo(new Blob(["blob body"], { type: "text/x-blob" })),
              form: await echo(fd),
              stream: await echo(stream),
              put: await echo("put body", { method: "PUT" }),
              emptyPost: await echo(null),
              del: await (async () => { const j = await (await fetch(BASE + "/echo", { method: "DELETE" })).json(); return j.method; })(),
            };
        """)
        func field(_ key: String, _ name: String) -> Any? { (r[key] as? [String: Any])?[name] }
        #expect(field("string", "method") as? String == "POST")
        #expect(field("string", "body") as? String == "plain text")
        #expect(field("string", "type") as? String == "text/plain;charset=UTF-8")
        #expect(field("bytes", "body") as? String == "byte body")
        #expect(field("bytes", "type") is NSNull)
        #expect(field("buffer", "body") as? String == "buffer body")
        #expect(field("params", "body") as? String == "a=1&b=x+y")
        #expect(field("params", "type") as? String == "application/x-www-form-urlencoded;charset=UTF-8")
        #expect(field("blob", "body") as? String == "blob body")
        #expect(field("blob", "type") as? String == "text/x-blob")
        #expect((field("form", "type") as? String)?.hasPrefix("multipart/form-data; boundary=") == true)
        #expect((field("form", "body") as? String)?.contains("name=\"field\"\r\n\r\nvalue") == true)
        #expect(field("stream", "body") as? String == "from a stream")
        #expect(field("put", "method") as? String == "PUT")
        #expect(field("put", "body") as? String == "put body")
        #expect(field("emptyPost", "length") as? Int == 0)
        #expect(r["del"] as? String == "DELETE")
    }

    @Test func requestHeadersRoundTrip() async throws {
        let r = try await run("""
            const res = await fetch(BASE + "/echo?q=1", { headers: { "X-Custom": "abc", "Accept": "application/json", "X-Empty": "" } });
            const j = await res.json();
            return { custom: j.headers["x-custom"], accept: j.headers["accept"], empty: j.headers["x-empty"], target: j.target, ae: j.headers["accept-encoding"] ?? "" };
        """)
        #expect(r["custom"] as? String == "abc")
        #expect(r["accept"] as? String == "application/json")
        #expect(r["empty"] as? String == "")
        #expect(r["target"] as? String == "/echo?q=1")
        #expect((r["ae"] as? String)?.contains("gzip") == true)
    }

    @Test func redirectFollow() async throws {
        let r = try await run("""
            const a = await fetch(BASE + "/redirect?code=301&to=/text");
            const b = await fetch(BASE + "/chain?n=3");
            const c = await (await fetch(BASE + "/redirect?code=302&to=/echo", { method: "POST", body: "gone" })).json();
            const d = await (await fetch(BASE + "/redirect?code=307&to=/echo", { method: "POST", body: "kept" })).json();
            const e = await (await fetch(BASE + "/redirect?code=303&to=/echo", { method: "PUT", body: "gone" })).json();
            const rel = await (await fetch(BASE + "/redirect?code=308&to=json")).json();
            const other = "http://localhost:" + new URL(BASE).port + "/echo";
            const x = await (await fetch(BASE + "/redirect?code=307&to=" + encodeURIComponent(other),
                                         { headers: { authorization: "secret", "x-keep": "kept" } })).json();
            return { rel: rel.n, auth: x.headers["authorization"] ?? null, keep: x.headers["x-keep"], a: [a.status, String(a.redirected), a.url, await a.text()], b: [b.status, String(b.redirected), b.url],
                     c: [c.method, c.length], d: [d.method, d.body], e: [e.method, e.length] };
        """)
        #expect(r["a"] as? [AnyHashable] == [200, "true", up.base + "/text", "hello from upstream"], "\(r)")
        #expect(r["b"] as? [AnyHashable] == [200, "true", up.base + "/text"])
        #expect(r["c"] as? [AnyHashable] == ["GET", 0])
        #expect(r["d"] as? [AnyHashable] == ["POST", "kept"])
        #expect(r["e"] as? [AnyHashable] == ["GET", 0])
        #expect(r["rel"] as? Int == 42)
        #expect(r["auth"] is NSNull)  // dropped on a cross-origin hop (Fetch)
        #expect(r["keep"] as? String == "kept")
    }

    @Test func redirectLoopIsTypeError() async throws {
        let r = try await run(#"await fetch(BASE + "/loop"); return {};"#)
        #expect(r["name"] as? String == "TypeError")
        #expect((r["message"] as? String)?.contains("redirect") == true)
    }

    @Test func redirectManualAndError() async throws {
        let r = try await run("""
            const m = await fetch(BASE + "/redirect?code=302&to=/text", { redirect: "manual" });
            let err = null;
            try { await fetch(BASE + "/redirect?code=301&to=/text", { redirect: "error" }); } catch (e) { err = e.name; }
            return { status: m.status, location: m.headers.get("location"), redirected: m.redirected, text: await m.text(), err };
        """)
        #expect(r["status"] as? Int == 302)
        #expect(r["location"] as? String == "/text")
        #expect(r["redirected"] as? Bool == false)
        #expect(r["text"] as? String == "redirecting")
        #expect(r["err"] as? String == "TypeError")
    }

    @Test func gzipBodyIsDecoded() async throws {
        let r = try await run("""
            const res = await fetch(BASE + "/gzip");
            return { text: await res.text(), encoding: res.headers.get("content-encoding"), length: res.headers.get("content-length") };
        """)
        #expect(r["text"] as? String == FetchUpstream.plain)
        #expect(r["encoding"] is NSNull)
        #expect(r["length"] is NSNull)
    }

    @Test func gzipResponsePassedThrough() async throws {
        let source = """
        export default { fetch() { return fetch("\(up.base)/gzip"); } };
        """
        let answer = await RuntimeHarness.shared.fetch(makeWorker(source), limits: FetchTests.limits)
        #expect(answer.status == 200)
        #expect(answer.text == FetchUpstream.plain)
        #expect(answer.headers["content-encoding"] == nil)
    }

    @Test func streamedBodyArrivesInChunks() async throws {
        let r = try await run("""
            const res = await fetch(BASE + "/stream?chunks=5");
            const reader = res.body.getReader();
            let text = ""; let reads = 0;
            for (;;) { const { value, done } = await reader.read(); if (done) break; reads++; text += new TextDecoder().decode(value); }
            return { text, reads, isUint8: true };
        """)
        #expect(r["text"] as? String == "chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n")
        #expect((r["reads"] as? Int ?? 0) >= 2)
    }

    @Test func largeBodyWithBackPressure() async throws {
        let r = try await run("""
            const res = await fetch(BASE + "/big?kb=2048");
            await scheduler.wait(150);  // the transfer fills its buffer and pauses meanwhile
            const bytes = new Uint8Array(await res.arrayBuffer());
            let ok = true;
            for (let i = 0; i < bytes.length; i += 4099) if (bytes[i] !== i % 251) { ok = false; break; }
            return { length: bytes.length, ok };
        """)
        #expect(r["length"] as? Int == 2048 * 1024)
        #expect(r["ok"] as? Bool == true)
    }

    @Test func abortBeforeFetch() async throws {
        let r = try await run("""
            const c = new AbortController(); c.abort();
            await fetch(BASE + "/text", { signal: c.signal }); return {};
        """)
        #expect(r["name"] as? String == "AbortError")
    }

    @Test func abortWhileWaitingForHead() async throws {
        let r = try await run("""
            const c = new AbortController();
            setTimeout(() => c.abort(), 30);
            await fetch(BASE + "/slow?ms=2000", { signal: c.signal }); return {};
        """)
        #expect(r["name"] as? String == "AbortError")
    }

    @Test func abortMidBody() async throws {
        let r = try await run("""
            const c = new AbortController();
            const res = await fetch(BASE + "/slowbody", { signal: c.signal });
            const reader = res.body.getReader();
            const first = new TextDecoder().decode((await reader.read()).value);
            setTimeout(() => c.abort(), 20);
            let name = null;
            try { await reader.read(); } catch (e) { name = e.name; }
            return { first, name };
        """)
        #expect(r["first"] as? String == "first part;")
        #expect(r["name"] as? String == "AbortError")
    }

    @Test func timeoutSignal() async throws {
        let r = try await run(#"await fetch(BASE + "/slow?ms=3000", { signal: AbortSignal.timeout(50) }); return {};"#)
        #expect(r["name"] as? String == "TimeoutError")
    }

    @Test func transferTimeoutLimit() async throws {
        var limits = FetchTests.limits
        limits.fetchTimeoutMillis = 100
        limits.wallClockMillis = 59_999  // its own pool in the harness
        let r = try await run(#"await fetch(BASE + "/slow?ms=3000"); return {};"#, limits: limits)
        #expect(r["name"] as? String == "TypeError")
        #expect((r["message"] as? String)?.contains("timed out") == true)
    }

    @Test func fiftyFirstFetchIsRejected() async throws {
        let r = try await run("""
            const texts = await Promise.all(Array.from({ length: 50 }, () => fetch(BASE + "/text").then((r) => r.text())));
            let err = null;
            try { await fetch(BASE + "/text"); } catch (e) { err = { name: e.name, message: e.message }; }
            return { ok: texts.every((t) => t === "hello from upstream"), count: texts.length, err };
        """)
        #expect(r["ok"] as? Bool == true)
        #expect(r["count"] as? Int == 50)
        let err = r["err"] as? [String: Any]
        #expect(err?["name"] as? String == "Error")
        #expect((err?["message"] as? String)?.contains("Too many subrequests") == true)
    }

    @Test func atMostSixInFlight() async throws {
        up.resetInFlight()
        let r = try await run("""
            const texts = await Promise.all(Array.from({ length: 12 }, () => fetch(BASE + "/slow?ms=60").then((r) => r.text())));
            return { ok: texts.every((t) => t === "slow done") };
        """)
        #expect(r["ok"] as? Bool == true)
        #expect(up.maxInFlight <= 6)
        #expect(up.maxInFlight >= 2)
    }

    @Test func unknownSchemeAndInvalidURL() async throws {
        let r = try await run("""
            const names = [];
            for (const u of ["ftp://example.com/", "file:///etc/passwd", "data:text/plain,hi", "not a url", "http://exa mple.com/"]) {
              try { await fetch(u); names.push("resolved"); } catch (e) { names.push(e.name); }
            }
            return { names };
        """)
        #expect(r["names"] as? [String] == ["TypeError", "TypeError", "TypeError", "TypeError", "TypeError"])
    }

    @Test func closedPortIsTypeError() async throws {
        let r = try await run(#"await fetch("http://127.0.0.1:1/"); return {};"#)
        #expect(r["name"] as? String == "TypeError")
        #expect((r["message"] as? String)?.contains("connect") == true)
    }

    @Test func proxyTheIncomingRequest() async throws {
        let source = """
        export default { fetch(request) { return fetch("\(up.base)/echo", request); } };
        """
        let answer = await RuntimeHarness.shared.fetch(makeWorker(source), method: "PUT", url: "http://worker.test/in",
                                                       headers: [("host", "worker.test"), ("x-from-client", "1"),
                                                                 ("content-type", "text/plain")],
                                                       body: Array("client body".utf8), limits: FetchTests.limits)
        #expect(answer.status == 200)
        let j = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any], "\(answer.text)")
        #expect(j["method"] as? String == "PUT")
        #expect(j["body"] as? String == "client body")
        let headers = j["headers"] as? [String: String] ?? [:]
        #expect(headers["x-from-client"] == "1")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["host"] == "127.0.0.1:\(up.port)")
    }

    @Test func headHasNullBody() async throws {
        let r = try await run("""
            const res = await fetch(BASE + "/text", { method: "HEAD" });
            return { status: res.status, body: res.body === null, type: res.headers.get("content-type") };
        """)
        #expect(r["status"] as? Int == 200)
        #expect(r["body"] as? Bool == true)
        #expect(r["type"] as? String == "text/plain;charset=utf-8")
    }

    @Test func fetchAfterRespondInWaitUntil() async throws {
        let source = """
        export default {
          fetch(request, env, ctx) {
            ctx.waitUntil(fetch("\(up.base)/text").then((r) => r.text()).then((t) => console.log("waitUntil got " + t)));
            return new Response("answered");
          }
        };
        """
        let answer = await RuntimeHarness.shared.fetch(makeWorker(source), limits: FetchTests.limits)
        #expect(answer.text == "answered")
        var seen = false
        for _ in 0..<200 where !seen {
            seen = RuntimeHarness.shared.logs.texts.contains("waitUntil got hello from upstream")
            if !seen { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(seen)
    }
}
