import Foundation
import Shared
import Synchronization
import Testing

/// NATSConnection against the nats-server the test command started (`NATS_SERVERS`).
@Suite(.enabled(if: NATSTestEnvironment.shouldRun, "NATS_SERVERS not set (no nats-server started)"))
struct NATSTests {
    @Test func publishSubscribeRoundTripWithHeaders() async throws {
        let nc = try NATSTestEnvironment.connect()
        defer { Task { await nc.close() } }
        let subject = NATSTestEnvironment.prefix() + ".greeting"
        let got = Collector<NATSMessage>()
        try nc.subscribe(subject: subject) { got.append($0) }
        try nc.flush()
        try nc.publish(subject: subject, payload: Array("hello, wörld".utf8),
                       headers: [("X-Worker", "abc"), ("X-Multi", "1"), ("X-Multi", "2")])
        try nc.publish(subject: subject, payload: [])
        try nc.flush()
        #expect(await eventually { got.count == 2 })
        let first = try #require(got.values.first)
        #expect(first.subject == subject)
        #expect(first.reply == nil)
        #expect(first.string == "hello, wörld")
        #expect(first.header("x-worker") == "abc")
        #expect(first.headers.filter { $0.0 == "X-Multi" }.map(\.1) == ["1", "2"])
        let second = got.values[1]
        #expect(second.payload.isEmpty)
        #expect(second.headers.isEmpty)
    }

    @Test func queueGroupDeliversEachMessageToExactlyOneMember() async throws {
        let nc = try NATSTestEnvironment.connect()
        defer { Task { await nc.close() } }
        let subject = NATSTestEnvironment.prefix() + ".scheduled"
        let a = Collector<String>(), b = Collector<String>()
        try nc.subscribe(subject: subject, queue: "runner") { a.append($0.string) }
        try nc.subscribe(subject: subject, queue: "runner") { b.append($0.string) }
        try nc.flush()
        for i in 0..<200 { try nc.publish(subject: subject, payload: Array("m\(i)".utf8)) }
        try nc.flush()
        #expect(await eventually { a.count + b.count >= 200 })
        try await Task.sleep(for: .milliseconds(100))   // a duplicate would arrive meanwhile
        let all = a.values + b.values
        #expect(all.count == 200)
        #expect(Set(all).count == 200)
        #expect(Set(all) == Set((0..<200).map { "m\($0)" }))
    }

    @Test func requestReply() async throws {
        let nc = try NATSTestEnvironment.connect()
        defer { Task { await nc.close() } }
        let subject = NATSTestEnvironment.prefix() + ".echo"
        try nc.subscribe(subject: subject) { message in
            try? nc.respond(to: message, payload: Array("echo:".utf8) + message.payload,
                            headers: [("X-Echo", message.header("X-In") ?? "")])
        }
        try nc.flush()
        let reply = try await nc.request(subject: subject, payload: Array("ping".utf8), headers: [("X-In", "1")],
                                         timeout: .seconds(5))
        #expect(reply.string == "echo:ping")
        #expect(reply.header("X-Echo") == "1")
        // Concurrent requests share one inbox subscription and each gets its own reply.
        let replies = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<50 {
                group.addTask { try await nc.request(subject: subject, payload: Array("\(i)".utf8)).string }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(replies == Set((0..<50).map { "echo:\($0)" }))
    }

    @Test func requestWithoutRespondersOrReplyFailsTyped() async throws {
        let nc = try NATSTestEnvironment.connect()
        defer { Task { await nc.close() } }
        let prefix = NATSTestEnvironment.prefix()
        do {
            _ = try await nc.request(subject: prefix + ".nobody", payload: [], timeout: .seconds(5))
            Issue.record("a request without responders returned")
        } catch let error as NATSError {
            #expect(error.code == .noResponders)
        }
        try nc.subscribe(subject: prefix + ".silent") { _ in }      // receives, never answers
        try nc.flush()
        do {
            _ = try await nc.request(subject: prefix + ".silent", payload: [], timeout: .milliseconds(200))
            Issue.record("a request without a reply returned")
        } catch let error as NATSError {
            #expect(error.code == .timeout)
        }
        // Cancelling the waiting task ends the request at once with `.cancelled`.
        let waiting = Task { try await nc.request(subject: prefix + ".silent", payload: [], timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        do {
            _ = try await waiting.value
            Issue.record("a cancelled request returned")
        } catch let error as NATSError {
            #expect(error.code == .cancelled)
        }
    }

    @Test func burstOfTenThousandArrivesCompleteAndInOrder() async throws {
        let nc = try NATSTestEnvironment.connect()
        defer { Task { await nc.close() } }
        let subject = NATSTestEnvironment.prefix() + ".burst"
        let got = Collector<UInt32>()
        try nc.subscribe(subject: subject) { message in
            let p = message.payload
            got.append(UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24)
        }
        try nc.flush()
        for i in 0..<10_000 {
            let n = UInt32(i)
            try nc.publish(subject: subject, payload: [UInt8(n & 0xff), UInt8(n >> 8 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 24)])
        }
        try nc.flush()
        #expect(await eventually(within: .seconds(30)) { got.count >= 10_000 })
        #expect(got.values == (0..<10_000).map { UInt32($0) })
    }

    @Test func unsubscribeStopsDeliveryAndReleasesTheHandler() async throws {
        let nc = try NATSTestEnvironment.connect()
        defer { Task { await nc.close() } }
        let subject = NATSTestEnvironment.prefix() + ".unsub"
        let got = Collector<String>()
        let released = Collector<Bool>()
        var sub: NATSSubscription?
        do {
            let witness = Witness { released.append(true) }
            sub = try nc.subscribe(subject: subject) { message in
                _ = witness
                got.append(message.string)
            }
        }
        try nc.flush()
        try nc.publish(subject: subject, payload: Array("one".utf8))
        try nc.flush()
        #expect(await eventually { got.count == 1 })

        let subscription = try #require(sub)
        try subscription.unsubscribe()
        await subscription.waitCompleted()
        #expect(!subscription.isActive)
        #expect(throws: NATSError.self) { try subscription.unsubscribe() }
        sub = nil

        // A later subscriber on the same subject proves the message was delivered by the server.
        let sentinel = Collector<String>()
        try nc.subscribe(subject: subject) { sentinel.append($0.string) }
        try nc.flush()
        try nc.publish(subject: subject, payload: Array("two".utf8))
        try nc.flush()
        #expect(await eventually { sentinel.count == 1 })
        try await Task.sleep(for: .milliseconds(50))
        #expect(got.values == ["one"])
        // The handler (and what it captured) is released once the subscription completed.
        #expect(await eventually { released.count == 1 })
    }

    @Test func drainDeliversPendingMessagesThenCloses() async throws {
        let nc = try NATSTestEnvironment.connect()
        let subject = NATSTestEnvironment.prefix() + ".drain"
        let events = nc.events
        let got = Collector<Int>()
        try nc.subscribe(subject: subject) { message in
            usleep(2_000)                               // a slow handler: messages queue up in nats.c
            got.append(Int(message.string) ?? -1)
        }
        try nc.flush()
        for i in 0..<100 { try nc.publish(subject: subject, payload: Array("\(i)".utf8)) }
        try nc.flush()
        #expect(got.count < 100)                        // still pending when drain starts
        try await nc.drain(timeout: .seconds(20))
        #expect(got.values == Array(0..<100))
        #expect(nc.isClosed)
        #expect(!nc.isConnected)
        #expect(throws: NATSError.self) { try nc.publish(subject: subject, payload: []) }
        var seen: [NATSConnectionEvent] = []
        for await e in events { seen.append(e) }      // the stream ends after .closed
        #expect(seen.last == .closed)
    }

    @Test func droppingAConnectionClosesItAndReleasesHandlers() async throws {
        let released = Collector<Bool>()
        let closed = Collector<NATSConnectionEvent>()
        do {
            let nc = try NATSTestEnvironment.connect()
            nc.onEvent { closed.append($0) }
            let witness = Witness { released.append(true) }
            try nc.subscribe(subject: NATSTestEnvironment.prefix() + ".dropped") { _ in _ = witness }
            try nc.flush()
        }                                                // no close(): deinit destroys the connection
        #expect(await eventually { released.count == 1 })
        // nats.c may report .disconnected first; .closed comes once, and last.
        #expect(closed.values.last == .closed)
        #expect(closed.values.filter { $0 == .closed }.count == 1)
    }

    @Test func messagesCanBeDeliveredOntoAnEventLoop() async throws {
        let nc = try NATSTestEnvironment.connect()
        defer { Task { await nc.close() } }
        let loop = try EventLoop(index: 0)
        let thread = try NativeThread.start(stackSize: 1 << 20) { loop.run() }
        defer { loop.stop(); thread.join() }
        let subject = NATSTestEnvironment.prefix() + ".loop"
        let onLoop = Collector<Bool>()
        try nc.subscribe(subject: subject, on: loop) { _ in onLoop.append(loop.inEventLoop) }
        try nc.flush()
        for _ in 0..<10 { try nc.publish(subject: subject, payload: [1]) }
        try nc.flush()
        #expect(await eventually { onLoop.count == 10 })
        #expect(onLoop.values.allSatisfy { $0 })
    }
}

/// No server needed.
struct NATSConfigurationTests {
    @Test func serversComeFromTheEnvironment() {
        let c = NATSConfiguration(environment: ["NATS_SERVERS": " nats://a:4222 ,b:4333,, ", "NATS_CREDENTIALS": "/x.creds"])
        #expect(c.servers == ["nats://a:4222", "nats://b:4333"])
        #expect(c.credentialsFile == "/x.creds")
        #expect(c.maxReconnects == nil)
        #expect(NATSConfiguration(environment: [:]).servers == ["nats://127.0.0.1:4222"])
    }

    @Test func reconnectBackoffDoublesUpToTheCap() {
        var c = NATSConfiguration()
        c.reconnectWait = .milliseconds(100)
        c.maxReconnectWait = .seconds(2)
        #expect((1...7).map { c.reconnectDelayMilliseconds(attempt: $0) } == [100, 200, 400, 800, 1600, 2000, 2000])
        #expect(c.reconnectDelayMilliseconds(attempt: 10_000) == 2000)
    }

    @Test func connectingToADeadPortFailsTyped() throws {
        var c = NATSConfiguration(servers: ["nats://127.0.0.1:\(try freeLoopbackPort())"])
        c.connectTimeout = .seconds(1)
        let nc = NATSConnection(configuration: c)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try nc.connect()
            Issue.record("connected to a port nobody listens on")
        } catch {
            #expect(error.code == .noServer)
            #expect(error.status != 0)
            #expect(!error.message.isEmpty)
        }
        #expect(clock.now - start < .seconds(10))
        #expect(!nc.isConnected)
        #expect(throws: NATSError.self) { try nc.publish(subject: "x", payload: []) }
    }
}
