/// The special schemes of the URL Standard (§4.1), plus `other` for every non-special scheme.
enum SchemeKind: UInt8, Sendable {
    case http, https, ws, wss, ftp, file, other

    var isSpecial: Bool { self != .other }

    /// The scheme's default port, or nil (file and non-special schemes have none).
    var defaultPort: Int? {
        switch self {
        case .http, .ws: return 80
        case .https, .wss: return 443
        case .ftp: return 21
        case .file, .other: return nil
        }
    }

    /// Whether URLs of this scheme have a tuple origin (§4.2 "origin").
    var hasTupleOrigin: Bool {
        switch self {
        case .http, .https, .ws, .wss, .ftp: return true
        case .file, .other: return false
        }
    }

    /// Classifies a scheme, ASCII case-insensitively.
    static func classify(_ s: UnsafeBufferPointer<UInt8>) -> SchemeKind {
        let n = s.count
        guard n >= 2 && n <= 5 else { return .other }
        // Pack the lowercased bytes little-endian into one integer and compare with constants.
        var packed: UInt64 = 0
        for i in 0..<n { packed |= UInt64(ASCII.lowercased(s[i])) << (8 * UInt64(i)) }
        switch packed {
        case 0x70_74_74_68: return .http  // "http"
        case 0x73_70_74_74_68: return .https  // "https"
        case 0x73_77: return .ws  // "ws"
        case 0x73_73_77: return .wss  // "wss"
        case 0x70_74_66: return .ftp  // "ftp"
        case 0x65_6c_69_66: return .file  // "file"
        default: return .other
        }
    }
}
