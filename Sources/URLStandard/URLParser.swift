/// Entry points of the URL Standard: the API URL parser (§4.4), host helpers, and the
/// `application/x-www-form-urlencoded` parser and serializer (§5).
public enum URLParser {
    /// Parses `input` against an optional `base` URL string, as `new URL(input, base)` does.
    /// Returns nil on failure (including when `base` itself fails to parse).
    public static func parse(_ input: String, base: String? = nil) -> URLRecord? {
        var baseURL: BasicURLParser.Base?
        if let base {
            guard let parsed = parseBuilder(base, base: nil) else { return nil }
            baseURL = BasicURLParser.Base(parsed)
        }
        return parseRecord(input, base: baseURL)
    }

    /// Parses `input` against an already-parsed base URL.
    public static func parse(_ input: String, base: URLRecord?) -> URLRecord? {
        parseRecord(input, base: base.map { BasicURLParser.Base(URLBuilder($0)) })
    }

    /// The basic URL parser without a URL or state override, serialized.
    static func parseRecord(_ input: String, base: BasicURLParser.Base?) -> URLRecord? {
        withPreprocessedInput(input, trim: true) { bytes in
            var parser = BasicURLParser(
                input: bytes, base: base, url: URLBuilder(capacity: bytes.count + 8), stateOverride: nil)
            return parser.run() ? parser.url.finish() : nil
        }
    }

    /// Whether `parse(input, base:)` would succeed (`URL.canParse`).
    public static func canParse(_ input: String, base: String? = nil) -> Bool {
        parse(input, base: base) != nil
    }

    /// The basic URL parser without a URL or state override.
    static func parseBuilder(_ input: String, base: BasicURLParser.Base?) -> URLBuilder? {
        withPreprocessedInput(input, trim: true) { bytes in
            var parser = BasicURLParser(input: bytes, base: base, url: URLBuilder(), stateOverride: nil)
            return parser.run() ? parser.url : nil
        }
    }

    /// The basic URL parser with `url` and a state override (the setters). The standard's
    /// setters ignore the result: whatever the steps changed before returning stays changed.
    static func parse(_ input: String, into url: inout URLBuilder, stateOverride: ParserState) {
        withPreprocessedInput(input, trim: false) { bytes in
            var parser = BasicURLParser(input: bytes, base: nil, url: url, stateOverride: stateOverride)
            url = URLBuilder()  // drop our reference so the parser mutates the buffers in place
            _ = parser.run()
            url = parser.url
        }
    }

    /// Calls `body` with the input's UTF-8 bytes after removing leading and trailing C0 controls
    /// and spaces (when `trim`) and every ASCII tab or newline. Copies only when something must
    /// be removed.
    static func withPreprocessedInput<R>(_ input: String, trim: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUTF8(of: input) { raw in
            var start = 0
            var end = raw.count
            if trim {
                while start < end && raw[start] <= ASCII.space { start += 1 }
                while end > start && raw[end - 1] <= ASCII.space { end -= 1 }
            }
            var needsFilter = false
            for i in start..<end {
                let b = raw[i]
                if b == ASCII.tab || b == ASCII.lf || b == ASCII.cr {
                    needsFilter = true
                    break
                }
            }
            if !needsFilter {
                return body(UnsafeBufferPointer(rebasing: raw[start..<end]))
            }
            var filtered: [UInt8] = []
            filtered.reserveCapacity(end - start)
            for i in start..<end {
                let b = raw[i]
                if b != ASCII.tab && b != ASCII.lf && b != ASCII.cr { filtered.append(b) }
            }
            return filtered.withUnsafeBufferPointer(body)
        }
    }

    // MARK: Hosts

    /// The host parser for a special URL (domain to ASCII, IPv4, `[IPv6]`), serialized;
    /// nil on failure. `domainToASCII("EXAMPLE.com")` is `"example.com"`.
    public static func domainToASCII(_ domain: String) -> String? {
        guard !domain.isEmpty else { return nil }
        var out: [UInt8] = []
        let kind = withUTF8(of: domain) { HostParser.parse($0, isOpaque: false, into: &out) }
        return kind == nil ? nil : String(decoding: out, as: UTF8.self)
    }

    // MARK: application/x-www-form-urlencoded (§5)

    /// The `application/x-www-form-urlencoded` parser: `&`-separated `name=value` pairs,
    /// `+` as space, percent-decoded, invalid UTF-8 replaced with U+FFFD.
    public static func parseFormURLEncoded(_ input: String) -> [(String, String)] {
        withUTF8(of: input) { bytes in
            var result: [(String, String)] = []
            for sequence in bytes.split(separator: ASCII.ampersand, omittingEmptySubsequences: true) {
                var name = sequence[...]
                var value = sequence[sequence.endIndex...]
                if let eq = sequence.firstIndex(of: ASCII.equals) {
                    name = sequence[..<eq]
                    value = sequence[sequence.index(after: eq)...]
                }
                result.append((formDecode(name), formDecode(value)))
            }
            return result
        }
    }

    private static func formDecode(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let spaced = bytes.map { $0 == ASCII.plus ? ASCII.space : $0 }
        return String(decoding: PercentEncoding.decode(spaced), as: UTF8.self)
    }

    /// The `application/x-www-form-urlencoded` serializer (`URLSearchParams.toString()`).
    public static func serializeFormURLEncoded(_ pairs: [(String, String)]) -> String {
        var out: [UInt8] = []
        for (i, (name, value)) in pairs.enumerated() {
            if i > 0 { out.append(ASCII.ampersand) }
            appendFormEncoded(name, to: &out)
            out.append(ASCII.equals)
            appendFormEncoded(value, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The form-urlencoded byte serializer for one string (space becomes `+`).
    public static func formURLEncode(_ string: String) -> String {
        var out: [UInt8] = []
        appendFormEncoded(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendFormEncoded(_ string: String, to out: inout [UInt8]) {
        withUTF8(of: string) { bytes in
            for b in bytes {
                if b == ASCII.space {
                    out.append(ASCII.plus)
                } else if PercentEncodeSet.formURLEncoded.contains(b) {
                    PercentEncoding.appendEncoded(b, to: &out)
                } else {
                    out.append(b)
                }
            }
        }
    }
}
