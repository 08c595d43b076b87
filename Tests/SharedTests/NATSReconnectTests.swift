import Foundation
import Shared
import Synchronization
import Testing

/// Reconnection against a private nats-server this test starts, kills and restarts on the same port
/// (so the shared server of other tests is never disturbed).
@Suite(.enabled(if: NATSTestEnvironment.shouldRun, "NATS_SERVERS not set (no nats-server started)"))
struct NATSReconnectTests {
    @Test func reconnectsAfterTheServerRestartsAndDeliversAgain() async throws {
        let server = try PrivateNATSServer()
        try await server.start()
        var config = NATSConfiguration(servers: [server.url], name: "reconnect-test")
        config.reconnectWait = .milliseconds(50)
        config.maxReconnectWait = .milliseconds(500)
        config.reconnectJitter = .milliseconds(20)
        let nc = NATSConnection(configuration: config)
        let events = Collector<NATSConnectionEvent>()
        nc.onEvent { events.append($0) }
        try nc.connect()

        let subject = NATSTestEnvironment.prefix() + ".logs"
        let got = Collector<String>()
        try nc.subscribe(subject: subject) { got.append($0.string) }
        try nc.flush()
        try nc.publish(subject: subject, payload: Array("before".utf8))
        try nc.flush()
        #expect(await eventually { got.values == ["before"] })

        server.kill()
        #expect(await eventually(within: .seconds(15)) { events.values.contains(.disconnected) })
        #expect(!nc.isConnected)
        // Published while disconnected: buffered by nats.c, sent after reconnecting.
        try nc.publish(subject: subject, payload: Array("during".utf8))

        try await server.start()
        #expect(await eventually(within: .seconds(20)) { events.values.contains(.reconnected) })
        #expect(nc.isConnected)
        try nc.publish(subject: subject, payload: Array("after".utf8))
        try nc.flush()
        #expect(await eventually(within: .seconds(10)) { got.values.contains("after") })
        #expect(got.values == ["before", "during", "after"])

        try await nc.drain(timeout: .seconds(5))
        #expect(events.values.last == .closed)
        server.kill()
    }

    @Test func retryInitialConnectConnectsOnceTheServerAppears() async throws {
        let server = try PrivateNATSServer()
        var config = NATSConfiguration(servers: [server.url], name: "retry-test")
        config.retryInitialConnect = true
        config.reconnectWait = .milliseconds(50)
        config.maxReconnectWait = .milliseconds(200)
        let nc = NATSConnection(configuration: config)
        let events = Collector<NATSConnectionEvent>()
        nc.onEvent { events.append($0) }
        try nc.connect()                          // returns at once: nobody listens yet
        #expect(!nc.isConnected)
        try await server.start()
        #expect(await eventually(within: .seconds(20)) { events.values.contains(.connected) })
        #expect(nc.isConnected)
        await nc.close()
        #expect(nc.isClosed)
        server.kill()
    }
}
