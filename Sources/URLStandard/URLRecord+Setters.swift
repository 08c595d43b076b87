extension URLRecord {
    /// Runs the setter of the JS `URL` attribute `part` with `value` (§6.1).
    ///
    /// Returns false only when `part` is `.href` and `value` does not parse (the JS setter throws
    /// a `TypeError`; the URL is unchanged). Every other setter follows the standard: an
    /// unacceptable value leaves the URL unchanged, or changes only what the standard's steps
    /// changed before they stopped (e.g. `host = "example.com:99999"` sets the host, not the port).
    @discardableResult
    public mutating func set(_ part: URLPart, _ value: String) -> Bool {
        if part == .href {
            guard let parsed = URLParser.parse(value) else { return false }
            self = parsed
            return true
        }
        var url = URLBuilder(self)
        switch part {
        case .href:
            return true  // handled above
        case .protocol_:
            URLParser.parse(value + ":", into: &url, stateOverride: .schemeStart)
        case .username:
            guard !url.cannotHaveCredentialsOrPort else { return true }
            url.setEncoded(.username, value, set: .userinfo)
        case .password:
            guard !url.cannotHaveCredentialsOrPort else { return true }
            url.setEncoded(.password, value, set: .userinfo)
        case .host:
            guard !url.hasOpaquePath else { return true }
            URLParser.parse(value, into: &url, stateOverride: .host)
        case .hostname:
            guard !url.hasOpaquePath else { return true }
            URLParser.parse(value, into: &url, stateOverride: .hostname)
        case .port:
            guard !url.cannotHaveCredentialsOrPort else { return true }
            if value.isEmpty {
                url.port = nil
            } else {
                URLParser.parse(value, into: &url, stateOverride: .port)
            }
        case .pathname:
            guard !url.hasOpaquePath else { return true }
            url.setEmpty(.path)
            URLParser.parse(value, into: &url, stateOverride: .pathStart)
        case .search:
            if value.isEmpty {
                url.query = nil
            } else {
                url.setEmpty(.query)
                URLParser.parse(Self.dropLeading(ASCII.question, value), into: &url, stateOverride: .query)
            }
        case .hash:
            if value.isEmpty {
                url.fragment = nil
            } else {
                url.setEmpty(.fragment)
                URLParser.parse(Self.dropLeading(ASCII.hash, value), into: &url, stateOverride: .fragment)
            }
        }
        self = url.finish()
        return true
    }

    private static func dropLeading(_ byte: UInt8, _ value: String) -> String {
        value.utf8.first == byte ? String(value.dropFirst()) : value
    }
}

extension URLBuilder {
    /// Sets component `c` to `value`, UTF-8 percent-encoded with `set`.
    mutating func setEncoded(_ c: Component, _ value: String, set: PercentEncodeSet) {
        setEmpty(c)
        append(to: c) { out in withUTF8(of: value) { PercentEncoding.append($0, encoding: set, to: &out) } }
    }
}
