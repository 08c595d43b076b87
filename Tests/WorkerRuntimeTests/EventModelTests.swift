import Foundation
import Testing
@testable import WorkerRuntime

/// The Workers event model (spec/runtime.md §1) through the real runtime, no HTTP server.
@Suite struct EventModelTests {
    let h = RuntimeHarness.shared

    @Test func moduleSyntaxWithEnv() async {
        let w = makeWorker("""
        export default { fetch(request, env, ctx) { return new Response("hello " + env.NAME + " " + request.method + " " + request.url); } };
        """, env: #"{"NAME":"swift"}"#)
        let a = await h.fetch(w, method: "POST", url: "http://x.test/p?q=1")
        #expect(a.status == 200)
        #expect(a.text == "hello swift POST http://x.test/p?q=1")
    }

    @Test func serviceWorkerSyntax() async {
        let w = makeWorker("""
        addEventListener("fetch", (event) => { event.respondWith(new Response("sw " + env.NAME, { status: 201, headers: { "x-a": "b" } })); });
        """, env: #"{"NAME":"env"}"#)
        let a = await h.fetch(w)
        #expect(a.status == 201)
        #expect(a.text == "sw env")
        #expect(a.headers["x-a"] == "b")
    }

    @Test func openWorkersLoweredDefault() async {
        let w = makeWorker(#"globalThis.default = { fetch() { return new Response("lowered"); } };"#)
        let a = await h.fetch(w)
        #expect(a.text == "lowered")
    }

    @Test func asyncHandlerAwaitingATimer() async {
        let w = makeWorker("""
        export default { async fetch() {
          const t0 = performance.now();
          await new Promise((r) => setTimeout(r, 30));
          return new Response(String(performance.now() - t0 >= 29));
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.status == 200)
        #expect(a.text == "true")
    }

    @Test func lateRespondWithFromATimer() async {
        let w = makeWorker("""
        addEventListener("fetch", (e) => { setTimeout(() => e.respondWith(new Response("late")), 5); });
        """)
        #expect(await h.fetch(w).text == "late")
    }

    @Test func waitUntilRunsAfterTheResponse() async throws {
        let marker = "waituntil-\(UUID().uuidString)"
        let w = makeWorker("""
        let finished = 0;
        export default { fetch(req, env, ctx) {
          if (new URL(req.url).pathname === "/count") return new Response(String(finished));
          ctx.waitUntil(new Promise((r) => setTimeout(r, 50)).then(() => { finished++; console.log("\(marker)"); }));
          return new Response("sent");
        } };
        """)
        let a = await h.fetch(w)
        #expect(a.text == "sent")
        // The answer was complete before the waitUntil work finished…
        #expect(!a.logsAtAnswer.contains(marker))
        // …and that work completes afterwards, in the same isolate.
        var seen = false
        for _ in 0..<300 where !seen {
            try await Task.sleep(for: .milliseconds(20))
            seen = h.logs.texts.contains(marker)
        }
        #expect(seen)
        #expect(await h.fetch(w, url: "http://x/count").text == "1")
    }

    @Test func uncaughtExceptionIs500() async {
        let w = makeWorker(#"export default { fetch() { throw new Error("boom-secret-detail"); } };"#)
        let a = await h.fetch(w)
        #expect(a.status == 500)
        #expect(a.headers["x-termination-reason"] == "Exception")
        #expect(!a.text.contains("boom-secret-detail"))
        #expect(h.logs.texts.contains { $0.contains("boom-secret-detail") })
    }

    @Test func rejectedPromiseIs500() async {
        let w = makeWorker(#"export default { async fetch() { await null; throw new TypeError("nope"); } };"#)
        #expect(await h.fetch(w).status == 500)
    }

    @Test func missingFetchHandlerIs501() async {
        let w = makeWorker(#"export default { scheduled() {} };"#)
        #expect(await h.fetch(w).status == 501)
        let sw = makeWorker(#"console.log("no listeners");"#)
        #expect(await h.fetch(sw).status == 501)
    }

    @Test func nonResponseAnswerIs500() async {
        let w = makeWorker(#"export default { fetch() { return "just a string"; } };"#)
        #expect(await h.fetch(w).status == 500)
        let w2 = makeWorker(#"addEventListener("fetch", (e) => e.respondWith(Promise.resolve({ status: 200 })));"#)
        #expect(await h.fetch(w2).status == 500)
    }

    @Test func warmIsolateIsReusedWithModuleState() async {
        let w = makeWorker("let n = 0; export default { fetch() { n++; return new Response(String(n)); } };")
        #expect(await h.fetch(w).text == "1")
        #expect(await h.fetch(w).text == "2")
        #expect(await h.fetch(w).text == "3")
    }

    @Test func concurrentRequestsGetMoreIsolatesAndShareTheCodeCache() async {
        var limits = RuntimeLimits()
        limits.maxIsolatesPerWorker = 4
        let w = makeWorker("""
        const id = crypto.randomUUID();
        export default { async fetch() { await scheduler.wait(50); return new Response(id); } };
        """)
        let before = await h.onLoop(limits: limits) { $0.stats }
        async let a = h.fetch(w, limits: limits)
        async let b = h.fetch(w, limits: limits)
        async let c = h.fetch(w, limits: limits)
        let ids = Set(await [a, b, c].map(\.text))
        let after = await h.onLoop(limits: limits) { $0.stats }
        // Three requests at once: three isolates (one request each), each with its own module state…
        #expect(ids.count == 3)
        // …and the second and third compiled the worker from the first one's code cache.
        #expect(after.codeCacheHits - before.codeCacheHits == 2)
        // Back to one at a time: warm isolates, no new ones.
        _ = await h.fetch(w, limits: limits)
        let last = await h.onLoop(limits: limits) { $0.stats }
        #expect(last.warmHits - after.warmHits == 1)
    }

    @Test func waitUntilHasItsOwnBudgetAfterTheResponse() async {
        var limits = RuntimeLimits()
        limits.maxIsolatesPerWorker = 1
        limits.waitUntilMillis = 200
        let w = makeWorker("""
        let n = 0;
        export default { fetch(req, env, ctx) { n++; ctx.waitUntil(new Promise(() => {})); return new Response(String(n)); } };
        """)
        // The first request answers at once; its waitUntil never settles and holds the only isolate…
        #expect(await h.fetch(w, limits: limits).text == "1")
        // …until the 200 ms waitUntil budget (not the 60 s wall clock) ends it: the next request is
        // served by a fresh isolate.
        let second = await h.fetch(w, limits: limits)
        #expect(second.status == 200)
        #expect(second.text == "1")
        #expect(h.logs.texts.contains { $0.contains("waitUntil work did not finish within 200 ms") })
    }

    @Test func importIsRefusedWithAClearError() async {
        let w = makeWorker(#"import x from "./other.js"; export default { fetch() { return new Response("x"); } };"#)
        let a = await h.fetch(w)
        #expect(a.status == 500)
        #expect(a.headers["x-termination-reason"] == "InitializationError")
        #expect(h.logs.texts.contains { $0.contains("./other.js") && $0.contains("bundle") })
    }

    @Test func evalAllowedAtStartupRefusedPerRequest() async {
        let w = makeWorker("""
        const atStartup = eval("1 + 1");
        export default { fetch() {
          let perRequest;
          try { new Function("return 1")(); perRequest = "allowed"; } catch (e) { perRequest = e.constructor.name; }
          return new Response(atStartup + " " + perRequest);
        } };
        """)
        #expect(await h.fetch(w).text == "2 EvalError")
    }

    @Test func noSharedMemory() async {
        let w = makeWorker(#"export default { fetch() { return new Response(typeof SharedArrayBuffer + " " + typeof Atomics); } };"#)
        #expect(await h.fetch(w).text == "undefined undefined")
    }

    @Test func scheduledHandlerBothSyntaxes() async {
        let marker = "sched-\(UUID().uuidString)"
        let module = makeWorker("""
        export default { async scheduled(controller, env, ctx) {
          controller.noRetry();
          console.log("\(marker) " + controller.cron + " " + controller.scheduledTime);
        } };
        """)
        let outcome = await h.onLoopScheduled(module, time: 1_700_000_000_000, cron: "*/5 * * * *")
        #expect(outcome.ok)
        #expect(h.logs.texts.contains("\(marker) */5 * * * * 1700000000000"))

        let sw = makeWorker("""
        addEventListener("scheduled", (event) => { event.waitUntil(Promise.resolve().then(() => console.log("\(marker)-sw " + event.cron))); });
        """)
        let o2 = await h.onLoopScheduled(sw, time: 1, cron: "@hourly")
        #expect(o2.ok)
        #expect(h.logs.texts.contains("\(marker)-sw @hourly"))

        let failing = makeWorker(#"export default { scheduled() { throw new Error("cron failed"); } };"#)
        let o3 = await h.onLoopScheduled(failing, time: 1, cron: "* * * * *")
        #expect(!o3.ok)
    }
}

extension RuntimeHarness {
    func onLoopScheduled(_ worker: WorkerVersion, time: Double, cron: String) async -> ScheduledOutcome {
        await withCheckedContinuation { cont in
            loop.execute {
                self.onLoopPool().scheduled(worker: worker, scheduledTime: time, cron: cron) { cont.resume(returning: $0) }
            }
        }
    }
}
