/// The basic URL parser (§4.4): the file states, the path states, query and fragment.
extension BasicURLParser {
    // MARK: File URLs

    mutating func fileState(_ c: Int) -> Step {
        url.setFileScheme()
        url.hostKind = .empty
        url.setEmpty(.host)
        if c == Int(ASCII.slash) || c == Int(ASCII.backslash) {
            state = .fileSlash
        } else if let base, base.schemeKind == .file {
            url.copyHost(from: base)
            url.copyPath(from: base)
            url.copyQuery(from: base)
            if !startQueryOrFragment(c) && c != BasicURLParser.eof {
                url.query = nil
                if !startsWithWindowsDriveLetter(pointer) {
                    url.shortenPath()
                } else {
                    url.setEmpty(.path)
                }
                state = .path
                pointer -= 1
            }
        } else {
            state = .path
            pointer -= 1
        }
        return .next
    }

    mutating func fileSlashState(_ c: Int) -> Step {
        if c == Int(ASCII.slash) || c == Int(ASCII.backslash) {
            state = .fileHost
            bufferStart = pointer + 1
            return .next
        }
        if let base, base.schemeKind == .file {
            url.copyHost(from: base)
            if !startsWithWindowsDriveLetter(pointer) && base.pathStartsWithNormalizedDriveLetter {
                let prefix = base.pathDriveLetterPrefix
                url.append(to: .path) { $0.append(contentsOf: base.bytes[prefix]) }
            }
        }
        state = .path
        pointer -= 1
        return .next
    }

    mutating func fileHostState() -> Step {
        let n = input.count
        while pointer < n {
            let b = input[pointer]
            if b == ASCII.slash || b == ASCII.backslash || b == ASCII.question || b == ASCII.hash { break }
            pointer += 1
        }
        let buffer = range(bufferStart, pointer)
        pointer -= 1
        if !overriding && isWindowsDriveLetter(buffer) {
            // The buffer is not reset: the path state reads it again as its first segment.
            state = .path
            pointer = bufferStart - 1
        } else if buffer.isEmpty {
            url.hostKind = .empty
            url.setEmpty(.host)
            if overriding { return .done }
            state = .pathStart
        } else {
            guard url.parseHost(buffer, isOpaque: false) else { return .failure }
            if url.hostIsLocalhost {
                url.hostKind = .empty
                url.setEmpty(.host)
            }
            if overriding { return .done }
            state = .pathStart
        }
        return .next
    }

    // MARK: Paths

    @inline(__always)
    mutating func pathStartState(_ c: Int) -> Step {
        if url.isSpecial {
            state = .path
            if c != Int(ASCII.slash) && c != Int(ASCII.backslash) { pointer -= 1 }
        } else if !overriding && c == Int(ASCII.question) {
            url.setEmpty(.query)
            state = .query
        } else if !overriding && c == Int(ASCII.hash) {
            url.setEmpty(.fragment)
            state = .fragment
        } else if c != BasicURLParser.eof {
            state = .path
            if c != Int(ASCII.slash) { pointer -= 1 }
        } else if overriding && url.hostKind == .none {
            url.appendEmptySegment()
        }
        return .next
    }

    /// One segment per call: the run up to the next `/` (or `\` if special; `?`/`#` unless
    /// overriding) is the buffer, and its delimiter is `c`.
    @inline(__always)
    mutating func pathState() -> Step {
        let special = url.isSpecial
        let n = input.count
        let segmentStart = pointer
        while pointer < n {
            let b = input[pointer]
            if b == ASCII.slash || (special && b == ASCII.backslash)
                || (!overriding && (b == ASCII.question || b == ASCII.hash))
            {
                break
            }
            pointer += 1
        }
        let c = byte(pointer)
        let segment = range(segmentStart, pointer)
        let atSlash = c == Int(ASCII.slash) || (special && c == Int(ASCII.backslash))
        if isDoubleDotSegment(segment) {
            url.shortenPath()
            if !atSlash { url.appendEmptySegment() }
        } else if isSingleDotSegment(segment) {
            if !atSlash { url.appendEmptySegment() }
        } else {
            let driveLetter = url.schemeKind == .file && url.path.isEmpty && isWindowsDriveLetter(segment)
            url.append(to: .path) { out in
                out.append(ASCII.slash)
                if driveLetter {
                    out.append(segment[0])
                    out.append(ASCII.colon)  // normalized
                } else {
                    PercentEncoding.append(segment, encoding: .path, to: &out)
                }
            }
        }
        _ = startQueryOrFragment(c)
        return .next
    }

    mutating func opaquePathState() -> Step {
        let n = input.count
        let start = pointer
        while pointer < n && input[pointer] != ASCII.question && input[pointer] != ASCII.hash { pointer += 1 }
        let c = byte(pointer)
        let run = range(start, pointer)
        url.append(to: .path) { out in
            PercentEncoding.append(run, encoding: .c0Control, to: &out)
            // A space right before '?' or '#' becomes %20, so an opaque path never ends in a space.
            if c != BasicURLParser.eof && run.last == ASCII.space {
                out.removeLast()
                out.append(contentsOf: [ASCII.percent, 0x32, 0x30])
            }
        }
        _ = startQueryOrFragment(c)
        return .next
    }

    /// At `?` or `#`: starts an empty query or fragment and moves to that state. True when it did.
    mutating func startQueryOrFragment(_ c: Int) -> Bool {
        if c == Int(ASCII.question) {
            url.setEmpty(.query)
            state = .query
            return true
        }
        if c == Int(ASCII.hash) {
            url.setEmpty(.fragment)
            state = .fragment
            return true
        }
        return false
    }

    // MARK: Query and fragment

    @inline(__always)
    mutating func queryState() -> Step {
        let n = input.count
        let start = pointer
        while pointer < n && (overriding || input[pointer] != ASCII.hash) { pointer += 1 }
        let set: PercentEncodeSet = url.isSpecial ? .specialQuery : .query
        let run = range(start, pointer)
        url.append(to: .query) { PercentEncoding.append(run, encoding: set, to: &$0) }
        if byte(pointer) == Int(ASCII.hash) {
            url.setEmpty(.fragment)
            state = .fragment
        }
        return .next
    }

    @inline(__always)
    mutating func fragmentState() -> Step {
        let run = range(pointer, input.count)
        url.append(to: .fragment) { PercentEncoding.append(run, encoding: .fragment, to: &$0) }
        pointer = input.count
        return .next
    }

    // MARK: Windows drive letters and dot segments (§4.2, §4.4)

    /// Two code points: an ASCII alpha, then `:` or `|`.
    func isWindowsDriveLetter(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        s.count == 2 && ASCII.isAlpha(s[0]) && (s[1] == ASCII.colon || s[1] == ASCII.pipe)
    }

    /// The input from `at` starts with a Windows drive letter followed by the end or / \ ? #.
    func startsWithWindowsDriveLetter(_ at: Int) -> Bool {
        let n = input.count
        guard at >= 0, n - at >= 2, ASCII.isAlpha(input[at]),
            input[at + 1] == ASCII.colon || input[at + 1] == ASCII.pipe
        else { return false }
        if n - at == 2 { return true }
        let third = input[at + 2]
        return third == ASCII.slash || third == ASCII.backslash || third == ASCII.question || third == ASCII.hash
    }

    /// `.` or `%2e` (case-insensitive).
    func isSingleDotSegment(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        switch s.count {
        case 1: return s[0] == ASCII.dot
        case 3: return isEncodedDot(s, 0)
        default: return false
        }
    }

    /// `..`, `.%2e`, `%2e.` or `%2e%2e` (case-insensitive).
    func isDoubleDotSegment(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        switch s.count {
        case 2: return s[0] == ASCII.dot && s[1] == ASCII.dot
        case 4: return (s[0] == ASCII.dot && isEncodedDot(s, 1)) || (isEncodedDot(s, 0) && s[3] == ASCII.dot)
        case 6: return isEncodedDot(s, 0) && isEncodedDot(s, 3)
        default: return false
        }
    }

    @inline(__always)
    private func isEncodedDot(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        s[i] == ASCII.percent && s[i + 1] == 0x32 && (s[i + 2] | 0x20) == 0x65
    }
}
