/// A URL's host (§3.1), as the public model exposes it. A URL with no host has `nil`.
public enum URLHost: Sendable, Equatable, Hashable {
    /// An ASCII domain (after IDNA), e.g. `example.com`.
    case domain(String)
    /// An IPv4 address as a 32-bit number.
    case ipv4(UInt32)
    /// An IPv6 address as eight 16-bit pieces.
    case ipv6([UInt16])
    /// An opaque host of a non-special URL, already percent-encoded.
    case opaque(String)
    /// The empty host (e.g. `file:///x`, `sc:///x`).
    case empty

    /// The host serializer's output (IPv6 in brackets).
    public var serialized: String {
        var out: [UInt8] = []
        switch self {
        case .domain(let s), .opaque(let s): return s
        case .empty: return ""
        case .ipv4(let a): IPv4Address.serialize(a, into: &out)
        case .ipv6(let pieces):
            var a = SIMD8<UInt16>()
            for i in 0..<min(8, pieces.count) { a[i] = pieces[i] }
            out.append(ASCII.leftBracket)
            IPv6Address.serialize(a, into: &out)
            out.append(ASCII.rightBracket)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What kind of host a parsed URL holds; `none` is the null host.
enum HostKind: UInt8, Sendable {
    case none, domain, ipv4, ipv6, opaque, empty
}

/// The host parser (§3.5).
enum HostParser {
    /// Parses `input` (the raw, not yet percent-decoded host text) and appends the serialized host
    /// to `out`. Returns the host's kind, or nil on failure (with `out` unchanged).
    /// `isOpaque` is "url is not special".
    static func parse(_ input: UnsafeBufferPointer<UInt8>, isOpaque: Bool, into out: inout [UInt8]) -> HostKind? {
        let start = out.count
        let kind: HostKind?
        if !input.isEmpty && input[0] == ASCII.leftBracket {
            kind = parseIPv6(input, into: &out)
        } else if isOpaque {
            kind = parseOpaque(input, into: &out)
        } else {
            kind = parseDomain(input, into: &out)
        }
        if kind == nil && out.count > start { out.removeLast(out.count - start) }
        return kind
    }

    private static func parseIPv6(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> HostKind? {
        let n = input.count
        guard n >= 2, input[n - 1] == ASCII.rightBracket,
            let address = IPv6Address.parse(UnsafeBufferPointer(rebasing: input[1..<(n - 1)]))
        else { return nil }
        out.append(ASCII.leftBracket)
        IPv6Address.serialize(address, into: &out)
        out.append(ASCII.rightBracket)
        return .ipv6
    }

    /// The opaque-host parser: forbidden host code points fail; the rest is C0-control encoded.
    private static func parseOpaque(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> HostKind? {
        for b in input where ASCII.isForbiddenHost(b) { return nil }
        if input.isEmpty { return .empty }
        PercentEncoding.append(input, encoding: .c0Control, to: &out)
        return .opaque
    }

    /// Steps 4–9 of the host parser for special URLs: percent-decode, domain to ASCII,
    /// forbidden domain code points, then IPv4 if the domain ends in a number.
    private static func parseDomain(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> HostKind? {
        let start = out.count
        switch appendPlainDomain(input, to: &out) {
        case .done: break
        case .failure: return nil
        case .notPlain:
            let converted: Bool
            if input.contains(ASCII.percent) {
                let decoded = PercentEncoding.decode(input)
                converted = decoded.withUnsafeBufferPointer { DomainToASCII.append($0, to: &out) }
            } else {
                converted = DomainToASCII.append(input, to: &out)
            }
            guard converted else { return nil }
            let forbidden = out.withUnsafeBufferPointer { buf in
                UnsafeBufferPointer(rebasing: buf[start...]).contains(where: ASCII.isForbiddenDomain)
            }
            if forbidden { return nil }
        }
        let numeric = out.withUnsafeBufferPointer { IPv4Address.endsInNumber(UnsafeBufferPointer(rebasing: $0[start...])) }
        if !numeric { return .domain }
        let address = out.withUnsafeBufferPointer { IPv4Address.parse(UnsafeBufferPointer(rebasing: $0[start...])) }
        guard let address else { return nil }
        out.removeLast(out.count - start)
        IPv4Address.serialize(address, into: &out)
        return .ipv4
    }

    private enum PlainDomainResult { case done, failure, notPlain }

    /// The fast path, in one pass: for ASCII input without `%` and without a label starting with
    /// `xn--`, domain to ASCII is ASCII lowercasing (the standard notes the equivalence), and the
    /// forbidden domain code points can be checked on the way. Appends the lowercased domain and
    /// returns `.done`, returns `.failure` on a forbidden code point, or `.notPlain` with `out`
    /// unchanged when the general path is needed.
    private static func appendPlainDomain(_ input: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> PlainDomainResult {
        let n = input.count
        if n == 0 { return .failure }
        var labelStart = true
        var hasUpper = false
        var hasForbidden = false
        var i = 0
        while i < n {
            let b = input[i]
            if b >= 0x80 || b == ASCII.percent
                || (labelStart && i + 3 < n && (b | 0x20) == 0x78 && (input[i + 1] | 0x20) == 0x6E
                    && input[i + 2] == ASCII.minus && input[i + 3] == ASCII.minus)
            {
                return .notPlain
            }
            // Not decisive yet: a later non-ASCII code point may combine with it under NFC
            // (`<` + U+0338 is `≮`), so the general path must see the whole domain first.
            hasForbidden = hasForbidden || ASCII.isForbiddenDomain(b)
            hasUpper = hasUpper || b &- 0x41 < 26
            labelStart = b == ASCII.dot
            i += 1
        }
        if hasForbidden { return .failure }
        let start = out.count
        out.append(contentsOf: input)
        if hasUpper {
            out.withUnsafeMutableBufferPointer { buf in
                for k in start..<buf.count { buf[k] = ASCII.lowercased(buf[k]) }
            }
        }
        return .done
    }
}
