/// Byte classes of RFC 9110/9112, as branch-light tests on raw bytes.
enum ByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09

    /// tchar: ALPHA / DIGIT / "!#$%&'*+-.^_`|~".
    @inline(__always) static func isTChar(_ c: UInt8) -> Bool {
        if c < 64 { return (UInt64(0x03ff_6cfa_0000_0000) >> UInt64(c)) & 1 == 1 }
        if c < 128 { return (UInt64(0x57ff_ffff_c7ff_fffe) >> UInt64(c - 64)) & 1 == 1 }
        return false
    }

    /// field-vchar / SP / HTAB: everything but control characters (obs-text 0x80-0xFF allowed).
    @inline(__always) static func isFieldValueByte(_ c: UInt8) -> Bool {
        (c >= 0x20 && c != 0x7F) || c == htab
    }

    /// Bytes allowed in a request target: visible ASCII (no SP, no controls, no obs-text).
    @inline(__always) static func isTargetByte(_ c: UInt8) -> Bool {
        c > 0x20 && c < 0x7F
    }

    @inline(__always) static func isWhitespace(_ c: UInt8) -> Bool {
        c == sp || c == htab
    }

    /// Value of a hex digit, or -1.
    @inline(__always) static func hexValue(_ c: UInt8) -> Int {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return -1
        }
    }

    /// ASCII case-insensitive comparison of `bytes` with a lower-case ASCII literal of letters, digits
    /// and '-' (safe for tchar input: only 'A'-'Z' map onto 'a'-'z' under `| 0x20`).
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        for i in 0..<bytes.count where bytes[i] | 0x20 != lit[i] {
            return false
        }
        return true
    }
}
