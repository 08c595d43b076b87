import Testing
@testable import WorkerRuntime

@Suite struct EngineTests {
    @Test func snapshotBuildsFromTheGlue() throws {
        _ = RuntimeHarness.shared
        let size = try Engine.snapshotSize()
        #expect(size > 100_000)
        #expect(Engine.v8Version.hasPrefix("10.2"))
    }
}
