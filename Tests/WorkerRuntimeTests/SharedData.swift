import Foundation
import Testing

/// The read-only `shared/` folder beside the repository (web-platform-tests data). Found through
/// `OW_SHARED_DIR` or as `../shared` from the repository root. Missing data fails the test under
/// `CI=true` instead of skipping it.
enum SharedData {
    static var root: URL {
        if let dir = ProcessInfo.processInfo.environment["OW_SHARED_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        // <repo>/Tests/WorkerRuntimeTests/SharedData.swift → <repo>/../shared
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func load(_ relative: String) throws -> Data {
        let url = root.appendingPathComponent(relative)
        guard let data = try? Data(contentsOf: url) else {
            throw MissingData(path: url.path)
        }
        return data
    }

    struct MissingData: Error, CustomStringConvertible {
        let path: String
        var description: String { "test data missing: \(path) (set OW_SHARED_DIR to the shared/ folder)" }
    }
}
