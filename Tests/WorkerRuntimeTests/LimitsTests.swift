import Foundation
import Testing
@testable import WorkerRuntime

/// CPU, memory and wall-clock limits (design.md §4): the worker is stopped with the right status, its
/// isolate discarded, and everything else keeps serving.
@Suite(.serialized) struct LimitsTests {
    let h = RuntimeHarness.shared

    @Test func busyLoopHitsTheCPULimitAndOthersKeepServing() async {
        var limits = RuntimeLimits()
        limits.cpuTimeMillis = 100
        let spin = makeWorker("""
        let calls = 0;
        export default { fetch(req) {
          calls++;
          if (new URL(req.url).pathname === "/spin") { for (;;) {} }
          return new Response("alive " + calls);
        } };
        """)
        let other = makeWorker(#"export default { fetch() { return new Response("other"); } };"#)
        #expect(await h.fetch(spin, url: "http://x/ok", limits: limits).text == "alive 1")
        let a = await h.fetch(spin, url: "http://x/spin", limits: limits)
        #expect(a.status == 429)
        #expect(a.headers["x-termination-reason"] == "CpuTimeLimit")
        let used = await h.onLoop(limits: limits) { $0.stats.lastTerminationCPUNanos }
        #expect(used >= 100_000_000 && used < 200_000_000, "stopped after \(used / 1_000_000) ms of CPU, limit 100 ms")
        // The terminated isolate was discarded: the same worker starts fresh (module state reset) …
        #expect(await h.fetch(spin, url: "http://x/ok", limits: limits).text == "alive 1")
        // … and another worker is unaffected.
        #expect(await h.fetch(other, limits: limits).text == "other")
    }

    @Test func cpuIsCountedAcrossTimerCallbacks() async {
        var limits = RuntimeLimits()
        limits.cpuTimeMillis = 100
        // 15 ms of busy work per tick: under the limit per call, over it for the request.
        let w = makeWorker("""
        function burn(ms) { const t = performance.now(); while (performance.now() - t < ms) {} }
        export default { async fetch() {
          for (let i = 0; i < 40; i++) { burn(15); await new Promise((r) => setTimeout(r, 0)); }
          return new Response("finished");
        } };
        """)
        let a = await h.fetch(w, limits: limits)
        #expect(a.status == 429)
        #expect(a.headers["x-termination-reason"] == "CpuTimeLimit")
    }

    @Test func heapBombHitsTheMemoryLimit() async {
        var limits = RuntimeLimits()
        limits.heapMaxBytes = 64 * 1024 * 1024
        limits.cpuTimeMillis = 10_000 // so the heap, not the CPU budget, runs out first
        let w = makeWorker("""
        export default { fetch(req) {
          if (new URL(req.url).pathname === "/ok") return new Response("ok");
          const keep = [];
          for (;;) keep.push(new Array(100000).fill({ x: Math.random() }));
        } };
        """)
        let a = await h.fetch(w, limits: limits)
        #expect(a.status == 429)
        #expect(a.headers["x-termination-reason"] == "MemoryLimit")
        #expect(await h.fetch(w, url: "http://x/ok", limits: limits).text == "ok")
    }

    @Test func arrayBufferBombHitsTheMemoryLimit() async {
        var limits = RuntimeLimits()
        limits.heapMaxBytes = 64 * 1024 * 1024
        let w = makeWorker("""
        export default { fetch(req) {
          const keep = [];
          try { for (;;) keep.push(new Uint8Array(8 * 1024 * 1024)); }
          catch (e) { return new Response("caught " + e.name); }
        } };
        """)
        let a = await h.fetch(w, limits: limits)
        #expect(a.status == 429)
        #expect(a.headers["x-termination-reason"] == "MemoryLimit")
    }

    @Test func neverSettlingPromiseHitsTheWallClock() async {
        var limits = RuntimeLimits()
        limits.wallClockMillis = 300
        let w = makeWorker(#"export default { fetch() { return new Promise(() => {}); } };"#)
        let a = await h.fetch(w, limits: limits)
        #expect(a.status == 504)
        #expect(a.headers["x-termination-reason"] == "WallClockTimeout")
    }

    @Test func startupCPULimit() async {
        var limits = RuntimeLimits()
        limits.cpuTimeMillis = 50
        let w = makeWorker("for (;;) {}")
        let a = await h.fetch(w, limits: limits)
        #expect(a.status == 429)
        #expect(a.headers["x-termination-reason"] == "CpuTimeLimit")
    }
}

/// Found by trying to break the runner: one huge allocation used to abort the whole process.
@Suite(.serialized) struct MemoryEdgeTests {
    let h = RuntimeHarness.shared

    @Test func oneHugeAllocationIsTheMemoryLimitNotACrash() async {
        var limits = RuntimeLimits()
        limits.heapMaxBytes = 64 * 1024 * 1024
        limits.cpuTimeMillis = 10_000
        let w = makeWorker("""
        export default { fetch(req) {
          if (new URL(req.url).pathname === "/ok") return new Response("ok");
          const a = new Array(30e6).fill(1.5); // one ~240 MB backing store, far over the 64 MB cap
          return new Response(String(a.length));
        } };
        """)
        let a = await h.fetch(w, limits: limits)
        #expect(a.status == 429)
        #expect(a.headers["x-termination-reason"] == "MemoryLimit")
        #expect(await h.fetch(w, url: "http://x/ok", limits: limits).text == "ok")
    }

    @Test func garbageBuffersDoNotCountAgainstTheNextRequest() async {
        var limits = RuntimeLimits()
        limits.heapMaxBytes = 64 * 1024 * 1024
        limits.cpuTimeMillis = 10_000
        // 24 MiB per response (twice that while the body is copied into the Response) under the 64 MiB
        // cap: only the previous responses' buffers, garbage by now, would push it over.
        let w = makeWorker("export default { fetch() { return new Response(new Uint8Array(24 * 1024 * 1024)); } };")
        for _ in 0..<4 {
            let a = await h.fetch(w, limits: limits)
            #expect(a.status == 200)
            #expect(a.body.count == 24 * 1024 * 1024)
        }
    }

    @Test func anInvalidHostIsABadRequest() async {
        let w = makeWorker("export default { fetch(req) { return new Response(req.url); } };")
        #expect(await h.fetch(w, url: "http://a:99999/").status == 400)
        #expect(await h.fetch(w, url: "http://user@b/").status == 400)
        #expect(await h.fetch(w, url: "http://A.EXAMPLE.com:080/p").text == "http://a.example.com/p")
    }
}
