import Foundation
import Testing

/// Locates and loads the web-platform-tests URL data and the expectations list.
///
/// The data lives in `../shared/data/wpt/url/` relative to the repository root (CI clones the
/// repository with `shared/` beside it). Under `CI=true` missing data is a failure, never a skip.
enum WPTData {
    /// Repository root: this file is `<root>/Tests/URLStandardTests/WPTData.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory: URL = repositoryRoot
        .appendingPathComponent("../shared/data/wpt/url", isDirectory: true).standardizedFileURL

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("urltestdata.json").path)
    }

    /// Tests run when the data is present, and always in CI (where its absence must fail).
    static var shouldRun: Bool { isAvailable || isCI }

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "WPT data file missing: \(path)" }
    }

    /// Loads a JSON file of the WPT URL data.
    static func load(_ name: String) throws -> Any {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: url.path) }
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }
}

/// `Tests/URLStandardTests/expectations.json`: cases known not to pass, by data file, with the
/// reason. A listed case that passes is reported as a failure so the list stays honest.
struct Expectations {
    private var entries: [String: [String: String]] = [:]

    static func load() throws -> Expectations {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("expectations.json")
        var result = Expectations()
        guard let data = FileManager.default.contents(atPath: url.path) else { return result }
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        for (file, cases) in object {
            if let cases = cases as? [String: String] { result.entries[file] = cases }
        }
        return result
    }

    func reason(file: String, caseID: String) -> String? { entries[file]?[caseID] }
}

/// Tallies one data file's cases and reports failures, expected failures and unexpected passes.
struct Tally {
    let file: String
    let expectations: Expectations
    private(set) var total = 0
    private(set) var passed = 0
    private(set) var expectedFailures = 0

    init(file: String, expectations: Expectations) {
        self.file = file
        self.expectations = expectations
    }

    /// Records one case; `problems` is empty when the case passed.
    mutating func record(_ caseID: String, problems: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        total += 1
        let expected = expectations.reason(file: file, caseID: caseID)
        switch (problems.isEmpty, expected) {
        case (true, nil):
            passed += 1
        case (true, let reason?):
            passed += 1
            Issue.record("\(file): listed in expectations.json but now passes — remove it: \(caseID.debugDescription) (\(reason))", sourceLocation: sourceLocation)
        case (false, nil):
            Issue.record("\(file): \(caseID.debugDescription): \(problems.joined(separator: "; "))", sourceLocation: sourceLocation)
        case (false, _?):
            expectedFailures += 1
        }
    }

    func printSummary(_ label: String) {
        var line = "\(label): \(passed)/\(total) passed"
        if expectedFailures > 0 { line += " (\(expectedFailures) expected failures listed in expectations.json)" }
        print(line)
    }
}
