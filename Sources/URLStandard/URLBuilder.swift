/// The URL record of the standard (§4.1) in mutable form: what the basic URL parser writes into.
/// `finish()` serializes it into an immutable `URLRecord`; `init(_: URLRecord)` takes one apart
/// again for the setters.
///
/// All component bytes live in one arena (`bytes`); each component is a range of it. Appending to
/// a component that does not end the arena first moves it to the end, so the parser — which
/// writes components almost always in serialization order — usually just appends, and a whole
/// parse needs one arena allocation plus the final string. Abandoned bytes are simply ignored.
///
/// Every component holds its final, percent-encoded bytes. The path is kept serialized:
/// a list path « a, b » is `/a/b`, the empty list is empty, « "" » is `/`. Segments never contain
/// `/`, so list operations (append, shorten, first segment) work on the bytes directly.
struct URLBuilder {
    enum Component { case scheme, username, password, host, path, query, fragment }

    var bytes: [UInt8] = []
    var scheme: Range<Int> = 0..<0
    var schemeKind: SchemeKind = .other
    var username: Range<Int> = 0..<0
    var password: Range<Int> = 0..<0
    var hostKind: HostKind = .none
    var host: Range<Int> = 0..<0
    /// Never the scheme's default port.
    var port: Int?
    var path: Range<Int> = 0..<0
    var hasOpaquePath = false
    var query: Range<Int>?
    var fragment: Range<Int>?

    init(capacity: Int = 0) {
        if capacity > 0 { bytes.reserveCapacity(capacity) }
    }

    var isSpecial: Bool { schemeKind.isSpecial }
    var includesCredentials: Bool { !username.isEmpty || !password.isEmpty }
    /// "cannot have a username/password/port": null or empty host, or the file scheme.
    var cannotHaveCredentialsOrPort: Bool {
        hostKind == .none || hostKind == .empty || schemeKind == .file
    }

    /// An empty range at the end of the arena (the empty string / empty list).
    var emptyRange: Range<Int> { bytes.count..<bytes.count }

    // MARK: Appending to a component

    @inline(__always)
    private func range(_ c: Component) -> Range<Int> {
        switch c {
        case .scheme: return scheme
        case .username: return username
        case .password: return password
        case .host: return host
        case .path: return path
        case .query: return query ?? emptyRange
        case .fragment: return fragment ?? emptyRange
        }
    }

    @inline(__always)
    private mutating func setRange(_ r: Range<Int>, _ c: Component) {
        switch c {
        case .scheme: scheme = r
        case .username: username = r
        case .password: password = r
        case .host: host = r
        case .path: path = r
        case .query: query = r
        case .fragment: fragment = r
        }
    }

    /// Lets `body` append bytes to the end of the arena as the continuation of component `c`
    /// (a null query or fragment becomes non-null).
    @inline(__always)
    mutating func append(to c: Component, _ body: (inout [UInt8]) -> Void) {
        var r = range(c)
        if r.upperBound != bytes.count {
            let start = bytes.count
            if !r.isEmpty {
                bytes.reserveCapacity(start + r.count)
                for i in r { bytes.append(bytes[i]) }
            }
            r = start..<bytes.count
        }
        body(&bytes)
        setRange(r.lowerBound..<bytes.count, c)
    }

    /// Sets component `c` to a copy of `source`.
    @inline(__always)
    mutating func set(_ c: Component, to source: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: source)
        setRange(start..<bytes.count, c)
    }

    /// Sets component `c` to a copy of `other`'s bytes in `r`.
    mutating func set(_ c: Component, to r: Range<Int>, of other: URLBuilder) {
        let start = bytes.count
        bytes.append(contentsOf: other.bytes[r])
        setRange(start..<bytes.count, c)
    }

    /// Sets component `c` to the empty string (non-null).
    @inline(__always)
    mutating func setEmpty(_ c: Component) { setRange(emptyRange, c) }

    /// Shrinks component `c` to end at `end`, reclaiming the arena tail when it is the last one.
    private mutating func truncate(_ c: Component, to end: Int) {
        let r = range(c)
        setRange(r.lowerBound..<end, c)
        guard r.upperBound == bytes.count else { return }
        bytes.removeLast(bytes.count - end)
        // Only empty components can sit past the new end; keep their ranges inside the arena.
        let count = bytes.count
        if scheme.lowerBound > count { scheme = emptyRange }
        if username.lowerBound > count { username = emptyRange }
        if password.lowerBound > count { password = emptyRange }
        if host.lowerBound > count { host = emptyRange }
        if let q = query, q.lowerBound > count { query = emptyRange }
        if let f = fragment, f.lowerBound > count { fragment = emptyRange }
    }

    // MARK: Scheme and host

    mutating func setScheme(lowercasing raw: UnsafeBufferPointer<UInt8>, kind: SchemeKind) {
        let start = bytes.count
        for b in raw { bytes.append(ASCII.lowercased(b)) }
        scheme = start..<bytes.count
        schemeKind = kind
    }

    mutating func setFileScheme() {
        if schemeKind == .file { return }
        let start = bytes.count
        bytes.append(contentsOf: [0x66, 0x69, 0x6C, 0x65])  // "file"
        scheme = start..<bytes.count
        schemeKind = .file
    }

    /// Runs the host parser on `input` and, on success, makes the result the URL's host.
    mutating func parseHost(_ input: UnsafeBufferPointer<UInt8>, isOpaque: Bool) -> Bool {
        let start = bytes.count
        guard let kind = HostParser.parse(input, isOpaque: isOpaque, into: &bytes) else { return false }
        host = start..<bytes.count
        hostKind = kind
        return true
    }

    /// The host is the domain `localhost`.
    var hostIsLocalhost: Bool {
        hostKind == .domain && bytes[host].elementsEqual("localhost".utf8)
    }

    // MARK: Copying from the base URL

    mutating func copyScheme(from base: URLBuilder) {
        set(.scheme, to: base.scheme, of: base)
        schemeKind = base.schemeKind
    }

    mutating func copyHost(from base: URLBuilder) {
        hostKind = base.hostKind
        set(.host, to: base.host, of: base)
    }

    mutating func copyAuthority(from base: URLBuilder) {
        set(.username, to: base.username, of: base)
        set(.password, to: base.password, of: base)
        copyHost(from: base)
        port = base.port
    }

    mutating func copyPath(from base: URLBuilder) {
        set(.path, to: base.path, of: base)
        hasOpaquePath = base.hasOpaquePath
    }

    mutating func copyQuery(from base: URLBuilder) {
        if let q = base.query { set(.query, to: q, of: base) } else { query = nil }
    }

    // MARK: Path as a list

    @inline(__always)
    mutating func appendEmptySegment() {
        append(to: .path) { $0.append(ASCII.slash) }
    }

    /// path[0..<3] is `/X:`, i.e. the path is « "X:", ... » with a normalized drive letter first.
    private var firstSegmentIsNormalizedDriveLetterPrefix: Bool {
        path.count >= 3 && bytes[path.lowerBound] == ASCII.slash && ASCII.isAlpha(bytes[path.lowerBound + 1])
            && bytes[path.lowerBound + 2] == ASCII.colon
    }

    /// path[0] is a normalized Windows drive letter.
    var pathStartsWithNormalizedDriveLetter: Bool {
        firstSegmentIsNormalizedDriveLetterPrefix
            && (path.count == 3 || bytes[path.lowerBound + 3] == ASCII.slash)
    }

    /// The first three bytes of the path (`/X:`), for copying the base's drive letter.
    var pathDriveLetterPrefix: Range<Int> { path.lowerBound..<(path.lowerBound + 3) }

    /// "shorten a URL's path" (§4.1).
    mutating func shortenPath() {
        if schemeKind == .file && path.count == 3 && firstSegmentIsNormalizedDriveLetterPrefix { return }
        var i = path.upperBound
        while i > path.lowerBound {
            i -= 1
            if bytes[i] == ASCII.slash {
                truncate(.path, to: i)
                return
            }
        }
    }

    /// Host is null, the path is a list of more than one segment and the first is empty: the
    /// serializer must then write `/.` so that the path does not read as an authority.
    var needsPathDotPrefix: Bool {
        hostKind == .none && !hasOpaquePath && path.count >= 2 && bytes[path.lowerBound] == ASCII.slash
            && bytes[path.lowerBound + 1] == ASCII.slash
    }
}

extension URLBuilder {
    /// The URL serializer (§4.5), producing the compact `URLRecord`.
    func finish() -> URLRecord {
        var portLength = 0
        if var p = port {
            repeat {
                portLength += 1
                p /= 10
            } while p > 0
        }
        let hasHost = hostKind != .none
        let credentials = hasHost && includesCredentials
        let dotPrefix = needsPathDotPrefix
        var total = scheme.count + 1
        if hasHost {
            total += 2 + host.count
            if credentials { total += username.count + 1 + (password.isEmpty ? 0 : password.count + 1) }
            if port != nil { total += 1 + portLength }
        }
        if dotPrefix { total += 2 }
        total += path.count
        if let query { total += 1 + query.count }
        if let fragment { total += 1 + fragment.count }

        var layout = URLRecord.Layout()
        let serialization = bytes.withUnsafeBufferPointer { arena in
            String(unsafeUninitializedCapacity: total) { buf -> Int in
                var i = 0
                @inline(__always) func put(_ r: Range<Int>) {
                    if !r.isEmpty {
                        UnsafeMutableRawPointer(buf.baseAddress! + i)
                            .copyMemory(from: arena.baseAddress! + r.lowerBound, byteCount: r.count)
                        i += r.count
                    }
                }
                @inline(__always) func put(_ byte: UInt8) {
                    buf[i] = byte
                    i += 1
                }
                put(scheme)
                layout.schemeEnd = UInt32(i)
                put(ASCII.colon)
                if hasHost {
                    put(ASCII.slash)
                    put(ASCII.slash)
                    layout.usernameEnd = UInt32(i)
                    if credentials {
                        put(username)
                        layout.usernameEnd = UInt32(i)
                        if !password.isEmpty {
                            put(ASCII.colon)
                            put(password)
                        }
                        put(ASCII.at)
                    }
                    layout.hostStart = UInt32(i)
                    put(host)
                    layout.hostEnd = UInt32(i)
                    if var p = port {
                        put(ASCII.colon)
                        var k = i + portLength - 1
                        repeat {
                            buf[k] = UInt8(truncatingIfNeeded: 0x30 + p % 10)
                            p /= 10
                            k -= 1
                        } while p > 0
                        i += portLength
                    }
                } else {
                    layout.usernameEnd = UInt32(i)
                    layout.hostStart = UInt32(i)
                    layout.hostEnd = UInt32(i)
                    if dotPrefix {
                        put(ASCII.slash)
                        put(ASCII.dot)
                    }
                }
                layout.pathStart = UInt32(i)
                put(path)
                if let query {
                    layout.queryStart = UInt32(i)
                    put(ASCII.question)
                    put(query)
                }
                if let fragment {
                    layout.fragmentStart = UInt32(i)
                    put(ASCII.hash)
                    put(fragment)
                }
                return i
            }
        }
        layout.port = port.map { UInt16($0) }
        layout.hostKind = hostKind
        layout.schemeKind = schemeKind
        layout.hasOpaquePath = hasOpaquePath
        return URLRecord(serialization: serialization, layout: layout)
    }

    /// Takes a record apart: its serialization becomes the arena, its offsets the ranges.
    init(_ record: URLRecord) {
        let l = record.layout
        bytes = Array(record.serialization.utf8)
        let total = bytes.count
        func r(_ from: UInt32, _ to: UInt32) -> Range<Int> { Int(from)..<Int(to) }
        scheme = r(0, l.schemeEnd)
        schemeKind = l.schemeKind
        hostKind = l.hostKind
        if l.hostKind != .none {
            username = r(l.schemeEnd + 3, l.usernameEnd)
            if l.hostStart > l.usernameEnd + 1 { password = r(l.usernameEnd + 1, l.hostStart - 1) }
            host = r(l.hostStart, l.hostEnd)
        }
        port = l.port.map { Int($0) }
        path = r(l.pathStart, l.pathEnd(total: UInt32(total)))
        hasOpaquePath = l.hasOpaquePath
        if l.queryStart != URLRecord.Layout.absent {
            let end = l.fragmentStart != URLRecord.Layout.absent ? l.fragmentStart : UInt32(total)
            query = r(l.queryStart + 1, end)
        }
        if l.fragmentStart != URLRecord.Layout.absent {
            fragment = r(l.fragmentStart + 1, UInt32(total))
        }
    }
}
