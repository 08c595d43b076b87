import Foundation
import Testing
@testable import WorkerRuntime

/// Holds the responder of a running fetch so a test can poke it from the loop thread.
final class ResponderBox: @unchecked Sendable {
    // Safety: `responder` is only read and written on the loop thread (configure closures, `onLoop`).
    var responder: RecordingResponder?
}

/// Streamed response bodies end to end through the real runtime (spec/runtime.md §2.4, table §9 row 16):
/// a JS ReadableStream reaches the host chunk by chunk, an error mid-way truncates, back-pressure from
/// the host pauses the producer, buffered bodies stay buffered.
@Suite struct StreamingTests {
    let h = RuntimeHarness.shared

    @Test func pullSourceArrivesCompleteAndStreamed() async {
        let w = makeWorker("""
        export default { fetch() {
          const enc = new TextEncoder();
          let i = 0;
          return new Response(new ReadableStream({
            pull(c) { i++; c.enqueue(enc.encode("chunk" + i + ";")); if (i === 50) c.close(); },
          }), { headers: { "content-type": "text/plain" } });
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.status == 200)
        #expect(a.streamed)
        #expect(!a.truncated)
        #expect(a.headers["content-type"] == "text/plain")
        #expect(a.text == (1...50).map { "chunk\($0);" }.joined())
    }

    @Test func asyncChunksFromTimers() async {
        let w = makeWorker("""
        export default { fetch() {
          const enc = new TextEncoder();
          let i = 0;
          return new Response(new ReadableStream({
            async pull(c) {
              await new Promise((r) => setTimeout(r, 2));
              c.enqueue(enc.encode(String(i++)));
              if (i === 8) c.close();
            },
          }));
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.streamed)
        #expect(a.text == "01234567")
    }

    @Test func errorMidStreamTruncates() async {
        let w = makeWorker("""
        export default { fetch() {
          const enc = new TextEncoder();
          let i = 0;
          return new Response(new ReadableStream({
            pull(c) {
              if (i === 3) { c.error(new Error("broken source")); return; }
              c.enqueue(enc.encode("ok" + i++));
            },
          }));
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.status == 200)
        #expect(a.streamed)
        #expect(a.truncated)
        #expect(a.text == "ok0ok1ok2")
    }

    @Test func transformStreamFedFromWaitUntil() async {
        let w = makeWorker("""
        export default { fetch(request, env, ctx) {
          const { readable, writable } = new TransformStream();
          ctx.waitUntil((async () => {
            const writer = writable.getWriter();
            const enc = new TextEncoder();
            for (let i = 0; i < 5; i++) {
              await new Promise((r) => setTimeout(r, 1));
              await writer.write(enc.encode("part" + i + " "));
            }
            await writer.close();
          })());
          return new Response(readable, { headers: { "x-kind": "transform" } });
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.streamed)
        #expect(!a.truncated)
        #expect(a.headers["x-kind"] == "transform")
        #expect(a.text == "part0 part1 part2 part3 part4 ")
    }

    @Test func pipeThroughTextEncoderStream() async {
        let w = makeWorker("""
        export default { fetch() {
          return new Response(ReadableStream.from(["a", "b", "\\u00e9"]).pipeThrough(new TextEncoderStream()));
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.streamed)
        #expect(a.text == "ab\u{e9}")
    }

    @Test func blobStreamAndTeeBranch() async {
        let w = makeWorker("""
        export default { async fetch() {
          const [a, b] = new Blob(["blob-", "bytes"]).stream().tee();
          const text = await new Response(b).text();
          return new Response(a, { headers: { "x-other": text } });
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.streamed)
        #expect(a.text == "blob-bytes")
        #expect(a.headers["x-other"] == "blob-bytes")
    }

    @Test func bufferedBodiesAreNotStreamed() async {
        let w = makeWorker("""
        export default { fetch(request) {
          const kind = new URL(request.url).pathname;
          if (kind === "/text") return new Response("plain text");
          if (kind === "/bytes") return new Response(new Uint8Array([104, 105]));
          if (kind === "/blob") return new Response(new Blob(["blob"]));
          if (kind === "/touched") { const r = new Response("touched"); r.body; return r; }
          return new Response(null, { status: 204 });
        } };
        """)
        for (path, body) in [("/text", "plain text"), ("/bytes", "hi"), ("/blob", "blob"), ("/touched", "touched")] {
            let a = await h.fetch(w, url: "http://x.test\(path)")
            #expect(!a.streamed, "\(path)")
            #expect(a.text == body, "\(path)")
        }
    }

    @Test func requestBodyIsReadableAsAStream() async {
        let w = makeWorker("""
        export default { async fetch(request) {
          const reader = request.body.getReader();
          let n = 0;
          for (let r = await reader.read(); !r.done; r = await reader.read()) n += r.value.length;
          return new Response(String(n) + " " + request.bodyUsed);
        } };
        """)
        let a = await h.fetch(w, method: "POST", body: Array(repeating: 120, count: 1000))
        #expect(a.text == "1000 true")
    }

    @Test func backPressurePausesTheProducer() async throws {
        let w = makeWorker("""
        export default { fetch() {
          const enc = new TextEncoder();
          let i = 0;
          return new Response(new ReadableStream({
            pull(c) { c.enqueue(enc.encode("<" + i++ + ">")); if (i === 10) c.close(); },
          }));
        } };
        """)
        let box = ResponderBox()
        async let pending = h.fetch(w, configure: { r in
            r.pauseAfter = 2
            box.responder = r
        })
        var paused = false
        for _ in 0..<300 where !paused {
            try await Task.sleep(for: .milliseconds(10))
            paused = await h.onLoop { _ in (box.responder?.chunks ?? 0) >= 2 }
        }
        #expect(paused)
        // While the host reports back-pressure, the pump writes nothing more.
        try await Task.sleep(for: .milliseconds(50))
        let (chunks, finished) = await h.onLoop { _ in (box.responder?.chunks ?? -1, box.responder?.isFinished ?? true) }
        #expect(chunks == 2)
        #expect(!finished)
        await h.onLoop { _ in
            box.responder?.pauseAfter = nil
            box.responder?.onWritable?()
        }
        let a = await pending
        #expect(a.streamed)
        #expect(!a.truncated)
        #expect(a.text == (0..<10).map { "<\($0)>" }.joined())
    }

    @Test func clientDisconnectCancelsTheSource() async throws {
        let marker = "cancelled-\(UUID().uuidString)"
        let w = makeWorker("""
        export default { fetch() {
          return new Response(new ReadableStream({
            async pull(c) { await new Promise((r) => setTimeout(r, 5)); c.enqueue(new Uint8Array([46])); },
            cancel(reason) { console.log("\(marker) " + String(reason)); },
          }));
        } };
        """)
        let box = ResponderBox()
        // The source keeps producing until the disconnect: give it CPU room so that a slow, loaded test
        // machine measures cancellation, not the CPU limit.
        var limits = RuntimeLimits()
        limits.cpuTimeMillis = 20_000
        async let pending = h.fetch(w, limits: limits, configure: { r in box.responder = r })
        var started = false
        for _ in 0..<1500 where !started {
            try await Task.sleep(for: .milliseconds(10))
            started = await h.onLoop { _ in (box.responder?.chunks ?? 0) >= 1 }
        }
        #expect(started)
        await h.onLoop { _ in
            box.responder?.onClose?()
            box.responder?.end(error: true) // the connection is gone: finish the recorded answer
        }
        let a = await pending
        #expect(a.truncated)
        var seen = false
        for _ in 0..<1500 where !seen {
            try await Task.sleep(for: .milliseconds(10))
            seen = h.logs.texts.contains { $0.hasPrefix(marker) }
        }
        #expect(seen)
        #expect(h.logs.texts.contains("\(marker) TypeError: the client disconnected"))
    }
}
