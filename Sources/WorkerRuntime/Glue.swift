import Foundation

/// The JS Web API layer: the files of `JS/` concatenated, in file-name order, into one function
/// `(function (ops) { "use strict"; ... })` that the snapshot evaluates once (see README.md).
enum Glue {
    static func source() throws -> String {
        guard let dir = Bundle.module.url(forResource: "JS", withExtension: nil) else {
            throw EngineError.glueMissing("no JS folder in the WorkerRuntime resources")
        }
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "js" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw EngineError.glueMissing("\(dir.path): \(error)")
        }
        guard !files.isEmpty else { throw EngineError.glueMissing("no .js files in \(dir.path)") }
        var out = "(function (ops) {\n\"use strict\";\n"
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw EngineError.glueMissing("cannot read \(file.lastPathComponent)")
            }
            out += "// ---- \(file.lastPathComponent)\n"
            out += stripCommentsAndIndentation(text)
            out += "\n"
        }
        out += "})"
        return asciiOnly(out)
    }

    /// Drops whole-line comments (`//…` and `/* … */` blocks that start a line) and leading indentation:
    /// every isolate holds the glue's source (lazy compilation, `toString`), so its size is memory per
    /// worker. Rule for glue authors (README): no multi-line template literals or strings.
    static func stripCommentsAndIndentation(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.drop(while: { $0 == " " || $0 == "\t" })
            if inBlock {
                if t.contains("*/") {
                    inBlock = false
                    if !t.hasSuffix("*/") { out += line; out += "\n" } // code after the comment: keep as is
                }
                continue
            }
            if t.hasPrefix("//") || t.isEmpty { continue }
            if t.hasPrefix("/*") {
                if t.hasSuffix("*/") && t.count >= 4 { continue }
                if !t.contains("*/") { inBlock = true; continue }
            }
            out += t
            out += "\n"
        }
        return out
    }

    /// Escapes every non-ASCII character as `\uXXXX` (valid in strings, templates, regexes, identifiers
    /// and comments). An all-ASCII source is stored by V8 as a one-byte string: the glue's source,
    /// which every isolate's heap holds for lazy compilation, then takes half the memory.
    static func asciiOnly(_ source: String) -> String {
        guard source.utf8.contains(where: { $0 >= 0x80 }) else { return source }
        var out = ""
        out.reserveCapacity(source.utf8.count + 1024)
        for unit in source.utf16 {
            if unit < 0x80 {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                let hex = String(unit, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out
    }
}
