internal import CICU

/// "Domain to ASCII" with beStrict = false (§3.3): UTS #46 ToASCII with CheckHyphens=false,
/// CheckBidi=true, CheckJoiners=true, UseSTD3ASCIIRules=false, Transitional_Processing=false,
/// VerifyDnsLength=false.
///
/// Pure-ASCII domains with no label starting with `xn--` only need ASCII lowercasing (the
/// standard notes the equivalence), so they never reach ICU (the host parser's one-pass fast path
/// handles most of them before getting here).
enum DomainToASCII {
    /// Appends the ASCII form of `domain` (percent-decoded UTF-8 bytes, possibly ill-formed) to
    /// `out`. Returns false on failure (including an empty result); `out` may then hold garbage
    /// past its original end, which the caller discards.
    static func append(_ domain: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        if domain.isEmpty { return false }
        if isFastPath(domain) {
            out.reserveCapacity(out.count + domain.count)
            for b in domain { out.append(ASCII.lowercased(b)) }
            return true
        }
        // "UTF-8 decode without BOM": ill-formed sequences become U+FFFD, which IDNA disallows.
        let text = String(decoding: domain, as: UTF8.self)
        guard let result = UTS46.shared.toASCII(text), !result.isEmpty else { return false }
        out.append(contentsOf: result)
        return true
    }

    /// ASCII only, and no label that starts with an ASCII case-insensitive `xn--`.
    private static func isFastPath(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = d.count
        var labelStart = true
        var i = 0
        while i < n {
            let b = d[i]
            if b >= 0x80 { return false }
            if labelStart && i + 3 < n && (b | 0x20) == 0x78 && (d[i + 1] | 0x20) == 0x6E
                && d[i + 2] == ASCII.minus && d[i + 3] == ASCII.minus
            {
                return false
            }
            labelStart = b == ASCII.dot
            i += 1
        }
        return true
    }
}

/// The process-wide ICU UTS #46 processor.
///
/// Safety: the `UIDNA` object is opened once and never mutated afterwards; ICU documents it as
/// safe for concurrent use from many threads. It is never closed (it lives as long as the process).
final class UTS46: @unchecked Sendable {
    static let shared = UTS46()

    private let handle: UnsafeMutableRawPointer?

    private init() {
        handle = cicu_uts46_open_for_url()
    }

    /// UTS #46 ToASCII of `text`; nil when the URL Standard's rules make it fail.
    func toASCII(_ text: String) -> [UInt8]? {
        guard let handle else { return nil }
        var source = text
        return source.withUTF8 { src -> [UInt8]? in
            src.withMemoryRebound(to: CChar.self) { name -> [UInt8]? in
                var capacity = max(64, name.count * 4 + 16)
                while true {
                    var errors: UInt32 = 0
                    var written: Int32 = 0
                    let out = [UInt8](unsafeUninitializedCapacity: capacity) { buf, count in
                        written = buf.withMemoryRebound(to: CChar.self) { dest in
                            cicu_uts46_to_ascii(
                                handle, name.baseAddress, Int32(name.count),
                                dest.baseAddress, Int32(capacity), &errors)
                        }
                        count = written >= 0 && Int(written) <= capacity ? Int(written) : 0
                    }
                    if written < 0 { return nil }
                    if Int(written) > capacity {
                        capacity = Int(written)
                        continue
                    }
                    if errors != 0 { return nil }
                    // The result of a successful ToASCII is ASCII; anything else is a failure.
                    for b in out where b >= 0x80 { return nil }
                    return out
                }
            }
        }
    }
}
