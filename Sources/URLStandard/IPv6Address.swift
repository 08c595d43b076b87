/// The IPv6 parser and serializer (§3.5, §3.6). Addresses are eight 16-bit pieces.
enum IPv6Address {
    /// Parses the text between the brackets; nil on failure.
    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> SIMD8<UInt16>? {
        var address = SIMD8<UInt16>()
        var pieceIndex = 0
        var compress: Int?
        var p = 0
        let n = s.count
        if n > 0 && s[0] == ASCII.colon {
            guard n > 1 && s[1] == ASCII.colon else { return nil }
            p = 2
            pieceIndex = 1
            compress = 1
        }
        while p < n {
            if pieceIndex == 8 { return nil }
            if s[p] == ASCII.colon {
                if compress != nil { return nil }
                p += 1
                pieceIndex += 1
                compress = pieceIndex
                continue
            }
            var value: UInt16 = 0
            var length = 0
            while length < 4, p < n, let h = PercentEncoding.hexValue(s[p]) {
                value = value &* 16 &+ UInt16(h)
                p += 1
                length += 1
            }
            if p < n && s[p] == ASCII.dot {
                if length == 0 { return nil }
                p -= length
                if pieceIndex > 6 { return nil }
                var numbersSeen = 0
                while p < n {
                    if numbersSeen > 0 {
                        guard s[p] == ASCII.dot && numbersSeen < 4 else { return nil }
                        p += 1
                    }
                    guard p < n && ASCII.isDigit(s[p]) else { return nil }
                    var piece: Int?
                    while p < n && ASCII.isDigit(s[p]) {
                        let number = Int(s[p] &- 0x30)
                        switch piece {
                        case nil: piece = number
                        case 0: return nil
                        case let v?: piece = v * 10 + number
                        }
                        if piece! > 255 { return nil }
                        p += 1
                    }
                    address[pieceIndex] = address[pieceIndex] &* 0x100 &+ UInt16(piece!)
                    numbersSeen += 1
                    if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
                }
                if numbersSeen != 4 { return nil }
                break
            } else if p < n && s[p] == ASCII.colon {
                p += 1
                if p == n { return nil }
            } else if p < n {
                return nil
            }
            address[pieceIndex] = value
            pieceIndex += 1
        }
        if let compress {
            var swaps = pieceIndex - compress
            pieceIndex = 7
            while pieceIndex != 0 && swaps > 0 {
                let other = compress + swaps - 1
                let t = address[pieceIndex]
                address[pieceIndex] = address[other]
                address[other] = t
                pieceIndex -= 1
                swaps -= 1
            }
        } else if pieceIndex != 8 {
            return nil
        }
        return address
    }

    /// The IPv6 serializer (without brackets): lowercase hex, the first longest run of two or
    /// more zero pieces compressed to `::`.
    static func serialize(_ address: SIMD8<UInt16>, into out: inout [UInt8]) {
        var compress = -1
        var bestLength = 1
        var i = 0
        while i < 8 {
            if address[i] == 0 {
                var j = i
                while j < 8 && address[j] == 0 { j += 1 }
                if j - i > bestLength {
                    bestLength = j - i
                    compress = i
                }
                i = j
            } else {
                i += 1
            }
        }
        var ignoreZero = false
        for k in 0..<8 {
            if ignoreZero && address[k] == 0 { continue }
            ignoreZero = false
            if k == compress {
                out.append(ASCII.colon)
                if k == 0 { out.append(ASCII.colon) }
                ignoreZero = true
                continue
            }
            let v = address[k]
            var started = false
            for shift in stride(from: 12, through: 0, by: -4) {
                let nibble = UInt8((v >> UInt16(shift)) & 0xF)
                if nibble != 0 || started || shift == 0 {
                    started = true
                    out.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
                }
            }
            if k != 7 { out.append(ASCII.colon) }
        }
    }
}
