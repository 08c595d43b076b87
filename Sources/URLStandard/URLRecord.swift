/// A parsed URL (URL Standard §4.1), stored as its serialization plus component offsets.
///
/// `href` is free; every other getter is a slice of it. Every serialized URL is ASCII, so offsets
/// are byte offsets. Records are only made by the parser (`URLParser.parse`) and the setters
/// (`set(_:_:)`), which keeps the layout consistent with the serialization.
///
/// Two records are equal when their serializations are (the standard's URL equivalence).
public struct URLRecord: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Offsets into `serialization` and the bits that cannot be recovered from it cheaply.
    struct Layout: Sendable {
        static let absent = UInt32.max
        /// Index of the `:` that ends the scheme.
        var schemeEnd: UInt32 = 0
        /// End of the username (equal to `hostStart` when there are no credentials).
        var usernameEnd: UInt32 = 0
        var hostStart: UInt32 = 0
        var hostEnd: UInt32 = 0
        var pathStart: UInt32 = 0
        /// Index of `?`, or `absent`.
        var queryStart: UInt32 = absent
        /// Index of `#`, or `absent`.
        var fragmentStart: UInt32 = absent
        var port: UInt16?
        var hostKind: HostKind = .none
        var schemeKind: SchemeKind = .other
        var hasOpaquePath = false

        func pathEnd(total: UInt32) -> UInt32 {
            queryStart != Layout.absent ? queryStart : (fragmentStart != Layout.absent ? fragmentStart : total)
        }
    }

    let serialization: String
    let layout: Layout

    init(serialization: String, layout: Layout) {
        self.serialization = serialization
        self.layout = layout
    }

    public static func == (lhs: URLRecord, rhs: URLRecord) -> Bool {
        lhs.serialization == rhs.serialization
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialization)
    }

    public var description: String { serialization }

    private var length: UInt32 { UInt32(serialization.utf8.count) }

    /// The substring between two byte offsets.
    private func slice(_ from: UInt32, _ to: UInt32) -> String {
        if from >= to { return "" }
        let u = serialization.utf8
        let a = u.index(u.startIndex, offsetBy: Int(from))
        let b = u.index(a, offsetBy: Int(to - from))
        return String(serialization[a..<b])
    }

    // MARK: The URL class getters (§6.1)

    /// The URL serializer's output.
    public var href: String { serialization }

    /// The serialization without the fragment (what an HTTP request sends).
    public var hrefExcludingFragment: String {
        layout.fragmentStart == Layout.absent ? serialization : slice(0, layout.fragmentStart)
    }

    /// The serialized origin: `scheme://host[:port]` for http(s), ws(s) and ftp, the inner URL's
    /// origin for `blob:` URLs whose path is an http(s) URL, and `"null"` otherwise.
    public var origin: String {
        if layout.schemeKind.hasTupleOrigin {
            return slice(0, layout.schemeEnd + 1) + "//" + host
        }
        if layout.schemeKind == .other && scheme == "blob",
            let inner = URLParser.parse(pathname),
            inner.layout.schemeKind == .http || inner.layout.schemeKind == .https
        {
            return inner.origin
        }
        return "null"
    }

    /// The scheme followed by `:`, e.g. `https:`.
    public var protocolValue: String { slice(0, layout.schemeEnd + 1) }

    public var username: String {
        layout.hostKind == .none ? "" : slice(layout.schemeEnd + 3, layout.usernameEnd)
    }

    public var password: String {
        guard layout.hostKind != .none, layout.hostStart > layout.usernameEnd + 1 else { return "" }
        return slice(layout.usernameEnd + 1, layout.hostStart - 1)
    }

    /// Host and port (`example.com:8080`); empty when the host is null.
    public var host: String {
        guard layout.hostKind != .none else { return "" }
        return slice(layout.hostStart, layout.port == nil ? layout.hostEnd : layout.pathStart)
    }

    /// The serialized host without the port; empty when the host is null.
    public var hostname: String { slice(layout.hostStart, layout.hostEnd) }

    /// The port in decimal; empty when it is null (including when it is the scheme's default).
    public var port: String {
        layout.port == nil ? "" : slice(layout.hostEnd + 1, layout.pathStart)
    }

    /// The URL path serializer's output.
    public var pathname: String { slice(layout.pathStart, layout.pathEnd(total: length)) }

    /// `?` + query, or empty when the query is null or empty.
    public var search: String {
        guard layout.queryStart != Layout.absent else { return "" }
        let end = layout.fragmentStart != Layout.absent ? layout.fragmentStart : length
        return end - layout.queryStart <= 1 ? "" : slice(layout.queryStart, end)
    }

    /// `#` + fragment, or empty when the fragment is null or empty.
    public var hash: String {
        guard layout.fragmentStart != Layout.absent else { return "" }
        return length - layout.fragmentStart <= 1 ? "" : slice(layout.fragmentStart, length)
    }

    // MARK: The URL record itself (§4.1)

    /// The scheme, lowercase, without `:`.
    public var scheme: String { slice(0, layout.schemeEnd) }

    /// Whether the scheme is special (http, https, ws, wss, ftp, file).
    public var isSpecial: Bool { layout.schemeKind.isSpecial }

    /// The host; nil is the null host.
    public var hostValue: URLHost? {
        switch layout.hostKind {
        case .none: return nil
        case .empty: return .empty
        case .domain: return .domain(hostname)
        case .opaque: return .opaque(hostname)
        case .ipv4:
            let text = hostname
            let value = withUTF8(of: text) { IPv4Address.parse($0) }
            return .ipv4(value ?? 0)
        case .ipv6:
            let text = hostname
            let value = withUTF8(of: text) { buf in
                IPv6Address.parse(UnsafeBufferPointer(rebasing: buf.dropFirst().dropLast()))
            }
            let a = value ?? SIMD8<UInt16>()
            return .ipv6((0..<8).map { a[$0] })
        }
    }

    /// The port number; nil when null (the scheme's default port is always null).
    public var portNumber: Int? { layout.port.map { Int($0) } }

    /// Whether the path is opaque (e.g. `mailto:x`, `data:...`) rather than a list of segments.
    public var hasOpaquePath: Bool { layout.hasOpaquePath }

    /// The path: an opaque string, or the list of (percent-encoded) segments.
    public var path: URLPath {
        let serialized = pathname
        if layout.hasOpaquePath { return .opaque(serialized) }
        if serialized.isEmpty { return .list([]) }
        return .list(serialized.utf8.dropFirst().split(separator: ASCII.slash, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) })
    }

    /// The query without `?`; nil when null (an empty query is `""`).
    public var query: String? {
        guard layout.queryStart != Layout.absent else { return nil }
        let end = layout.fragmentStart != Layout.absent ? layout.fragmentStart : length
        return slice(layout.queryStart + 1, end)
    }

    /// The fragment without `#`; nil when null.
    public var fragment: String? {
        guard layout.fragmentStart != Layout.absent else { return nil }
        return slice(layout.fragmentStart + 1, length)
    }

    /// Username or password is non-empty.
    public var includesCredentials: Bool { !username.isEmpty || !password.isEmpty }

    // MARK: Offsets for the JS glue

    /// Where each component sits in `href`. A serialized URL is ASCII, so these are byte, UTF-16
    /// and JS string indices alike: the JS `URL` class can keep `href` plus these numbers and
    /// slice its getters itself instead of asking for nine strings.
    public struct Offsets: Sendable, Equatable, Hashable {
        /// Index of the `:` ending the scheme (`protocol` is `href[0...schemeEnd]`).
        public let schemeEnd: Int
        /// End of the username; the password, if any, runs from `usernameEnd + 1` to `hostStart - 1`.
        public let usernameEnd: Int
        /// `hostname` is `href[hostStart..<hostEnd]` (empty when the host is null).
        public let hostStart: Int
        public let hostEnd: Int
        /// Start of `pathname`; it ends at `queryStart`, else `fragmentStart`, else the end.
        public let pathStart: Int
        /// Index of `?`, or nil when the query is null.
        public let queryStart: Int?
        /// Index of `#`, or nil when the fragment is null.
        public let fragmentStart: Int?
        /// The port, or nil when null; when non-nil `port` is `href[(hostEnd + 1)..<pathStart]`.
        public let port: Int?
        /// Whether the host is null (then `host`, `hostname`, `username`, `password` are empty).
        public let hasHost: Bool
    }

    public var offsets: Offsets {
        let l = layout
        return Offsets(
            schemeEnd: Int(l.schemeEnd), usernameEnd: Int(l.usernameEnd), hostStart: Int(l.hostStart),
            hostEnd: Int(l.hostEnd), pathStart: Int(l.pathStart),
            queryStart: l.queryStart == Layout.absent ? nil : Int(l.queryStart),
            fragmentStart: l.fragmentStart == Layout.absent ? nil : Int(l.fragmentStart),
            port: l.port.map { Int($0) }, hasHost: l.hostKind != .none)
    }
}

/// A URL's path (§4.1).
public enum URLPath: Sendable, Equatable, Hashable {
    /// An opaque path (the URL has no `/` after `scheme:`).
    case opaque(String)
    /// A list of percent-encoded segments; `pathname` joins them with a leading `/` each.
    case list([String])
}
