/// Byte classifiers used throughout the parser (all inputs are UTF-8 bytes).
enum ASCII {
    static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
    static let hash: UInt8 = 0x23, percent: UInt8 = 0x25, plus: UInt8 = 0x2B, minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E, slash: UInt8 = 0x2F, colon: UInt8 = 0x3A, equals: UInt8 = 0x3D
    static let question: UInt8 = 0x3F, at: UInt8 = 0x40, leftBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C, rightBracket: UInt8 = 0x5D, pipe: UInt8 = 0x7C
    static let ampersand: UInt8 = 0x26

    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isAlphanumeric(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
    @inline(__always) static func lowercased(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// Forbidden host code points (§3.1): NUL TAB LF CR space # / : < > ? @ [ \ ] ^ |.
    @inline(__always) static func isForbiddenHost(_ b: UInt8) -> Bool {
        if b < 64 { return 0xd400_8009_0000_2601 & (1 &<< UInt64(b)) != 0 }
        if b < 128 { return 0x1000_0000_7800_0001 & (1 &<< UInt64(b &- 64)) != 0 }
        return false
    }

    /// Forbidden domain code points (§3.1): forbidden host code points, C0 controls, % and DEL.
    @inline(__always) static func isForbiddenDomain(_ b: UInt8) -> Bool {
        if b < 64 { return 0xd400_8029_ffff_ffff & (1 &<< UInt64(b)) != 0 }
        if b < 128 { return 0x9000_0000_7800_0001 & (1 &<< UInt64(b &- 64)) != 0 }
        return false
    }
}
