/// De-chunks a `Transfer-Encoding: chunked` request body (RFC 9112 §7.1), incrementally.
///
/// - Chunk sizes are hex with an overflow check; extensions are allowed but the whole size line is
///   bounded (`maxSizeLineBytes`) → 400; whitespace before ';' (BWS) is tolerated.
/// - Chunk data must be followed by CRLF (or a bare LF, the same tolerance as the head parser) → 400.
/// - The running body size is checked against `maxBodyBytes` as soon as a chunk size is known → 413.
/// - Trailer fields are read, checked for control characters and obs-fold, and discarded; their total
///   size is bounded by `maxTrailerBytes` → 431.
struct HTTPChunkedDecoder {
    let maxBodyBytes: Int
    let maxTrailerBytes: Int
    static let maxSizeLineBytes = 4096

    private enum State {
        case size, sizeWhitespace, sizeExtension, sizeLF
        case data, dataCR, dataLF
        case trailerLineStart, trailerLine, trailerLineLF, finalLF
        case done
    }

    private var state = State.size
    private var chunkSize = 0
    private var digits = 0
    private var lineBytes = 0
    private var trailerBytes = 0
    private(set) var total = 0

    init(maxBodyBytes: Int, maxTrailerBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    enum Result: Equatable {
        case needMore
        case done
        case failure(HTTPParseError)
    }

    /// Consumes bytes from `input`, appending chunk data to `body`. Returns how many bytes were used;
    /// on `.done` the bytes after the body (a pipelined request) are left unconsumed.
    mutating func feed(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) -> (consumed: Int, result: Result) {
        var i = 0
        let count = input.count
        while i < count {
            if state == .data {
                let take = min(chunkSize, count - i)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<(i + take)]))
                i += take
                chunkSize -= take
                if chunkSize == 0 { state = .dataCR }
                continue
            }
            let c = input[i]
            i += 1
            switch state {
            case .size:
                lineBytes += 1
                let v = ByteClass.hexValue(c)
                if v >= 0 {
                    if chunkSize > (Int.max - 15) / 16 { return (i, .failure(.badRequest("chunk size overflow"))) }
                    chunkSize = chunkSize * 16 + v
                    digits += 1
                    continue
                }
                if digits == 0 { return (i, .failure(.badRequest("invalid chunk size"))) }
                switch c {
                case UInt8(ascii: ";"): state = .sizeExtension
                case ByteClass.sp, ByteClass.htab: state = .sizeWhitespace
                case ByteClass.cr: state = .sizeLF
                case ByteClass.lf: if let e = endOfSizeLine() { return (i, .failure(e)) }
                default: return (i, .failure(.badRequest("invalid chunk size")))
                }
            case .sizeWhitespace:
                lineBytes += 1
                switch c {
                case ByteClass.sp, ByteClass.htab: break
                case UInt8(ascii: ";"): state = .sizeExtension
                case ByteClass.cr: state = .sizeLF
                case ByteClass.lf: if let e = endOfSizeLine() { return (i, .failure(e)) }
                default: return (i, .failure(.badRequest("invalid chunk size")))
                }
            case .sizeExtension:
                lineBytes += 1
                switch c {
                case ByteClass.cr: state = .sizeLF
                case ByteClass.lf: if let e = endOfSizeLine() { return (i, .failure(e)) }
                default:
                    if !ByteClass.isFieldValueByte(c) { return (i, .failure(.badRequest("invalid chunk extension"))) }
                }
            case .sizeLF:
                guard c == ByteClass.lf else { return (i, .failure(.badRequest("CR without LF in chunk size line"))) }
                if let e = endOfSizeLine() { return (i, .failure(e)) }
            case .dataCR:
                switch c {
                case ByteClass.cr: state = .dataLF
                case ByteClass.lf: state = .size
                default: return (i, .failure(.badRequest("missing CRLF after chunk data")))
                }
            case .dataLF:
                guard c == ByteClass.lf else { return (i, .failure(.badRequest("missing CRLF after chunk data"))) }
                state = .size
            case .trailerLineStart:
                trailerBytes += 1
                switch c {
                case ByteClass.cr: state = .finalLF
                case ByteClass.lf: state = .done; return (i, .done)
                case ByteClass.sp, ByteClass.htab: return (i, .failure(.badRequest("obsolete line folding in trailer")))
                default:
                    if !ByteClass.isTChar(c) { return (i, .failure(.badRequest("invalid trailer field"))) }
                    state = .trailerLine
                }
            case .trailerLine:
                trailerBytes += 1
                if trailerBytes > maxTrailerBytes { return (i, .failure(.headersTooLarge)) }
                switch c {
                case ByteClass.cr: state = .trailerLineLF
                case ByteClass.lf: state = .trailerLineStart
                default:
                    if !ByteClass.isFieldValueByte(c) { return (i, .failure(.badRequest("invalid trailer field"))) }
                }
            case .trailerLineLF:
                trailerBytes += 1
                guard c == ByteClass.lf else { return (i, .failure(.badRequest("CR without LF in trailer"))) }
                state = .trailerLineStart
            case .finalLF:
                guard c == ByteClass.lf else { return (i, .failure(.badRequest("CR without LF after trailers"))) }
                state = .done
                return (i, .done)
            case .data, .done:
                return (i - 1, .done)
            }
            if lineBytes > Self.maxSizeLineBytes {
                return (i, .failure(.badRequest("chunk size line too long")))
            }
        }
        return (count, state == .done ? .done : .needMore)
    }

    /// A complete size line was read: start the chunk's data, or the trailers after the last chunk.
    private mutating func endOfSizeLine() -> HTTPParseError? {
        lineBytes = 0
        digits = 0
        if chunkSize == 0 {
            state = .trailerLineStart
            return nil
        }
        if chunkSize > maxBodyBytes - total { return .payloadTooLarge }
        total += chunkSize
        state = .data
        return nil
    }
}
