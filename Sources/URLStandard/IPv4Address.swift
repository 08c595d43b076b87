/// The IPv4 parser, serializer and "ends in a number" checker (§3.5, §3.6).
enum IPv4Address {
    /// Values above this are saturated while parsing: any of them fails the final range checks.
    private static let saturation: UInt64 = 1 << 40

    /// The IPv4 number parser: decimal, `0x` hex or `0` octal; nil on failure.
    static func parseNumber(_ s: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let n = s.count
        if n == 0 { return nil }
        var start = 0
        var radix: UInt64 = 10
        if n >= 2 && s[0] == 0x30 && (s[1] | 0x20) == 0x78 {
            start = 2
            radix = 16
        } else if n >= 2 && s[0] == 0x30 {
            start = 1
            radix = 8
        }
        var value: UInt64 = 0
        var i = start
        while i < n {
            let b = s[i]
            let digit: UInt64
            switch radix {
            case 10:
                guard ASCII.isDigit(b) else { return nil }
                digit = UInt64(b &- 0x30)
            case 8:
                guard b &- 0x30 < 8 else { return nil }
                digit = UInt64(b &- 0x30)
            default:
                guard let h = PercentEncoding.hexValue(b) else { return nil }
                digit = UInt64(h)
            }
            value = min(value &* radix &+ digit, saturation)
            i += 1
        }
        return value
    }

    /// The "ends in a number" checker: whether a domain must be parsed as IPv4.
    static func endsInNumber(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = s.count
        if end == 0 { return false }
        if s[end - 1] == ASCII.dot {
            end -= 1  // the last part is empty and there is more than one part
        }
        var start = end
        while start > 0 && s[start - 1] != ASCII.dot { start -= 1 }
        let last = UnsafeBufferPointer(rebasing: s[start..<end])
        if !last.isEmpty && last.allSatisfy(ASCII.isDigit) { return true }
        return parseNumber(last) != nil
    }

    /// The IPv4 parser; nil on failure.
    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var end = s.count
        if end > 0 && s[end - 1] == ASCII.dot { end -= 1 }
        var numbers = SIMD4<UInt64>()
        var count = 0
        var partStart = 0
        var i = 0
        while i <= end {
            if i == end || s[i] == ASCII.dot {
                if count == 4 { return nil }
                guard let value = parseNumber(UnsafeBufferPointer(rebasing: s[partStart..<i])) else { return nil }
                numbers[count] = value
                count += 1
                partStart = i + 1
            }
            i += 1
        }
        for k in 0..<(count - 1) where numbers[k] > 255 { return nil }
        let last = numbers[count - 1]
        if last >= (1 as UInt64) << (8 * UInt64(5 - count)) { return nil }
        var ipv4 = last
        for k in 0..<(count - 1) {
            ipv4 += numbers[k] << (8 * UInt64(3 - k))
        }
        return UInt32(ipv4)
    }

    /// The IPv4 serializer: dotted decimal.
    static func serialize(_ address: UInt32, into out: inout [UInt8]) {
        for k in 0..<4 {
            let octet = UInt8(truncatingIfNeeded: address >> (8 * UInt32(3 - k)))
            if octet >= 100 { out.append(0x30 + octet / 100) }
            if octet >= 10 { out.append(0x30 + (octet / 10) % 10) }
            out.append(0x30 + octet % 10)
            if k != 3 { out.append(ASCII.dot) }
        }
    }
}
