/// A percent-encode set of the URL Standard (§1.3), as a 128-bit mask over ASCII.
///
/// Bytes ≥ 0x80 belong to every set: the URL Standard percent-encodes every code point above
/// U+007E, and UTF-8 percent-encoding a code point means encoding each of its bytes. So the
/// parser can work byte by byte on UTF-8 input.
struct PercentEncodeSet: Sendable {
    /// Bits for 0x00...0x3F.
    let low: UInt64
    /// Bits for 0x40...0x7F.
    let high: UInt64

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return low & (1 &<< UInt64(byte)) != 0 }
        if byte < 128 { return high & (1 &<< UInt64(byte &- 64)) != 0 }
        return true
    }

    // The masks below are generated from the standard's definitions; `PercentEncodingTests`
    // checks every ASCII byte against each definition through the public API.

    /// C0 controls and every code point above U+007E.
    static var c0Control: PercentEncodeSet { .init(low: 0xffff_ffff, high: 0x8000_0000_0000_0000) }
    /// C0 control set + space " < > `.
    static var fragment: PercentEncodeSet { .init(low: 0x5000_0005_ffff_ffff, high: 0x8000_0001_0000_0000) }
    /// C0 control set + space " # < >.
    static var query: PercentEncodeSet { .init(low: 0x5000_000d_ffff_ffff, high: 0x8000_0000_0000_0000) }
    /// Query set + '.
    static var specialQuery: PercentEncodeSet { .init(low: 0x5000_008d_ffff_ffff, high: 0x8000_0000_0000_0000) }
    /// Query set + ? ^ ` { } (^ since whatwg/url 9bc33c3, March 2025).
    static var path: PercentEncodeSet { .init(low: 0xd000_000d_ffff_ffff, high: 0xa800_0001_4000_0000) }
    /// Path set + / : ; = @ [ \ ] |.
    static var userinfo: PercentEncodeSet { .init(low: 0xfc00_800d_ffff_ffff, high: 0xb800_0001_7800_0001) }
    /// Component set (userinfo + $ % & + ,) + ! ' ( ) ~; space is handled by the caller as `+`.
    static var formURLEncoded: PercentEncodeSet { .init(low: 0xfc00_9bff_ffff_ffff, high: 0xf800_0001_7800_0001) }
}

/// Byte-level helpers shared by the parser, the host parser and the form encoder.
enum PercentEncoding {
    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ 0x30 : nibble &+ 0x37  // uppercase, as the standard requires
    }

    /// Value of an ASCII hex digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte &- 0x30
        case 0x41...0x46: return byte &- 0x37
        case 0x61...0x66: return byte &- 0x57
        default: return nil
        }
    }

    @inline(__always)
    static func appendEncoded(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(0x25)
        out.append(hexDigit(byte >> 4))
        out.append(hexDigit(byte & 0xF))
    }

    /// UTF-8 percent-encodes `bytes` with `set`, appending to `out`.
    @inline(__always)
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, encoding set: PercentEncodeSet, to out: inout [UInt8]) {
        var runStart = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if set.contains(b) {
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                appendEncoded(b, to: &out)
                runStart = i + 1
            }
            i += 1
        }
        if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n])) }
    }

    /// Percent-decodes bytes (§1.3 "percent-decode"); malformed escapes are kept as they are.
    static func decode<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == 0x25 {
                let j = bytes.index(after: i)
                if j != bytes.endIndex, let hi = hexValue(bytes[j]) {
                    let k = bytes.index(after: j)
                    if k != bytes.endIndex, let lo = hexValue(bytes[k]) {
                        out.append(hi << 4 | lo)
                        i = bytes.index(after: k)
                        continue
                    }
                }
            }
            out.append(b)
            i = bytes.index(after: i)
        }
        return out
    }
}

/// Calls `body` with the string's UTF-8 bytes, without copying when the string is native.
@inline(__always)
func withUTF8<R>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = string.utf8.withContiguousStorageIfAvailable(body) { return r }
    let copy = Array(string.utf8)
    return copy.withUnsafeBufferPointer(body)
}
