/// The basic URL parser's states (§4.4).
enum ParserState: Sendable {
    case schemeStart, scheme, noScheme, specialRelativeOrAuthority, pathOrAuthority, relative
    case relativeSlash, specialAuthoritySlashes, specialAuthorityIgnoreSlashes, authority, host
    case hostname, port, file, fileSlash, fileHost, pathStart, path, opaquePath, query, fragment
}

/// The basic URL parser (§4.4) over UTF-8 bytes.
///
/// `input` has already been preprocessed (trimmed when there is no `url`, tabs and newlines
/// removed). Non-ASCII bytes only ever reach branches where the standard either percent-encodes
/// them (which, for UTF-8, is byte by byte), collects them for the host parser, or fails, so a
/// byte-level machine gives the same results as the standard's code-point machine.
///
/// Each state is one method named after the standard's state; it reads `c` (the byte at
/// `pointer`, or `eof`), may move `pointer` and `state`, and says whether to go on. States that
/// would append code point after code point to a buffer (authority, host, port, file host, path,
/// query, fragment, opaque path) scan the whole run first and then act on its delimiter, which is
/// equivalent and avoids per-byte dispatch. "buffer" is then the input range from `bufferStart`.
struct BasicURLParser {
    /// A parsed base URL, boxed so that the parser (and its callers) pass one reference around
    /// instead of copying a struct of many fields.
    final class Base: Sendable {
        let url: URLBuilder
        init(_ url: URLBuilder) { self.url = url }
    }

    /// What a state tells the loop.
    enum Step {
        /// Go on with the next code point.
        case next
        /// Return failure.
        case failure
        /// Return (success; with a state override, the setter is done).
        case done
    }

    static let eof = -1

    let input: UnsafeBufferPointer<UInt8>
    let baseBox: Base?
    let stateOverride: ParserState?
    var url: URLBuilder

    var state: ParserState
    var pointer = 0
    var bufferStart = 0
    var atSignSeen = false
    var passwordTokenSeen = false

    init(input: UnsafeBufferPointer<UInt8>, base: Base?, url: URLBuilder, stateOverride: ParserState?) {
        self.input = input
        self.baseBox = base
        self.url = url
        self.stateOverride = stateOverride
        self.state = stateOverride ?? .schemeStart
    }

    var base: URLBuilder? { baseBox?.url }
    var overriding: Bool { stateOverride != nil }

    /// The byte at `i`, or `eof`.
    @inline(__always)
    func byte(_ i: Int) -> Int { i >= 0 && i < input.count ? Int(input[i]) : BasicURLParser.eof }

    @inline(__always)
    func range(_ a: Int, _ b: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: input[a..<b]) }

    /// Runs the state machine. Returns false on failure; with a state override the builder keeps
    /// whatever the standard's steps changed before they returned.
    mutating func run() -> Bool {
        while true {
            let c = byte(pointer)
            let step: Step
            switch state {
            case .schemeStart: step = schemeStartState(c)
            case .scheme: step = schemeState(c)
            case .noScheme: step = noSchemeState(c)
            case .specialRelativeOrAuthority: step = specialRelativeOrAuthorityState(c)
            case .pathOrAuthority: step = pathOrAuthorityState(c)
            case .relative: step = relativeState(c)
            case .relativeSlash: step = relativeSlashState(c)
            case .specialAuthoritySlashes: step = specialAuthoritySlashesState(c)
            case .specialAuthorityIgnoreSlashes: step = specialAuthorityIgnoreSlashesState(c)
            case .authority: step = authorityState()
            case .host, .hostname: step = hostState()
            case .port: step = portState()
            case .file: step = fileState(c)
            case .fileSlash: step = fileSlashState(c)
            case .fileHost: step = fileHostState()
            case .pathStart: step = pathStartState(c)
            case .path: step = pathState()
            case .opaquePath: step = opaquePathState()
            case .query: step = queryState()
            case .fragment: step = fragmentState()
            }
            switch step {
            case .next: break
            case .failure: return false
            case .done: return true
            }
            if pointer >= input.count { return true }
            pointer += 1
        }
    }

    // MARK: Scheme

    @inline(__always)
    private mutating func schemeStartState(_ c: Int) -> Step {
        if c >= 0 && ASCII.isAlpha(UInt8(c)) {
            state = .scheme
            bufferStart = pointer
        } else if !overriding {
            state = .noScheme
            pointer -= 1
        } else {
            return .failure
        }
        return .next
    }

    @inline(__always)
    private mutating func schemeState(_ c: Int) -> Step {
        if c >= 0 && (ASCII.isAlphanumeric(UInt8(c)) || c == 0x2B || c == 0x2D || c == 0x2E) {
            return .next  // part of the scheme buffer
        }
        guard c == Int(ASCII.colon) else {
            if overriding { return .failure }
            state = .noScheme
            pointer = -1  // start over from the first code point
            return .next
        }
        let raw = range(bufferStart, pointer)
        let kind = SchemeKind.classify(raw)
        if overriding {
            if url.isSpecial != kind.isSpecial { return .done }
            if (url.includesCredentials || url.port != nil) && kind == .file { return .done }
            if url.schemeKind == .file && url.hostKind == .empty { return .done }
        }
        url.setScheme(lowercasing: raw, kind: kind)
        if overriding {
            if url.port != nil && url.port == kind.defaultPort { url.port = nil }
            return .done
        }
        if kind == .file {
            state = .file
        } else if kind.isSpecial, baseBox?.url.schemeKind == kind {
            state = .specialRelativeOrAuthority
        } else if kind.isSpecial {
            state = .specialAuthoritySlashes
        } else if byte(pointer + 1) == Int(ASCII.slash) {
            state = .pathOrAuthority
            pointer += 1
        } else {
            url.setEmpty(.path)
            url.hasOpaquePath = true
            state = .opaquePath
        }
        return .next
    }

    private mutating func noSchemeState(_ c: Int) -> Step {
        guard let base else { return .failure }
        if base.hasOpaquePath {
            guard c == Int(ASCII.hash) else { return .failure }
            url.copyScheme(from: base)
            url.copyPath(from: base)
            url.copyQuery(from: base)
            url.setEmpty(.fragment)
            state = .fragment
        } else {
            state = base.schemeKind == .file ? .file : .relative
            pointer -= 1
        }
        return .next
    }

    // MARK: Relative URLs and slashes

    private mutating func specialRelativeOrAuthorityState(_ c: Int) -> Step {
        if c == Int(ASCII.slash) && byte(pointer + 1) == Int(ASCII.slash) {
            state = .specialAuthorityIgnoreSlashes
            pointer += 1
        } else {
            state = .relative
            pointer -= 1
        }
        return .next
    }

    private mutating func pathOrAuthorityState(_ c: Int) -> Step {
        if c == Int(ASCII.slash) {
            state = .authority
            bufferStart = pointer + 1
        } else {
            state = .path
            pointer -= 1
        }
        return .next
    }

    private mutating func relativeState(_ c: Int) -> Step {
        guard let base else { return .failure }
        url.copyScheme(from: base)
        if c == Int(ASCII.slash) || (url.isSpecial && c == Int(ASCII.backslash)) {
            state = .relativeSlash
            return .next
        }
        url.copyAuthority(from: base)
        url.copyPath(from: base)
        url.copyQuery(from: base)
        if !startQueryOrFragment(c) && c != BasicURLParser.eof {
            url.query = nil
            url.shortenPath()
            state = .path
            pointer -= 1
        }
        return .next
    }

    private mutating func relativeSlashState(_ c: Int) -> Step {
        if url.isSpecial && (c == Int(ASCII.slash) || c == Int(ASCII.backslash)) {
            state = .specialAuthorityIgnoreSlashes
        } else if c == Int(ASCII.slash) {
            state = .authority
            bufferStart = pointer + 1
        } else {
            if let base { url.copyAuthority(from: base) }
            state = .path
            pointer -= 1
        }
        return .next
    }

    @inline(__always)
    private mutating func specialAuthoritySlashesState(_ c: Int) -> Step {
        state = .specialAuthorityIgnoreSlashes
        if c == Int(ASCII.slash) && byte(pointer + 1) == Int(ASCII.slash) {
            pointer += 1
        } else {
            pointer -= 1
        }
        return .next
    }

    @inline(__always)
    private mutating func specialAuthorityIgnoreSlashesState(_ c: Int) -> Step {
        if c != Int(ASCII.slash) && c != Int(ASCII.backslash) {
            state = .authority
            pointer -= 1
            bufferStart = pointer + 1
        }
        return .next
    }

    // MARK: Authority, host, port

    @inline(__always)
    private mutating func authorityState() -> Step {
        let special = url.isSpecial
        let n = input.count
        while pointer < n {
            let b = input[pointer]
            if b == ASCII.at || b == ASCII.slash || b == ASCII.question || b == ASCII.hash
                || (special && b == ASCII.backslash)
            {
                break
            }
            pointer += 1
        }
        guard byte(pointer) == Int(ASCII.at) else {
            if atSignSeen && bufferStart == pointer { return .failure }  // host-missing
            pointer = bufferStart - 1
            state = .host
            return .next
        }
        // The buffer's code points go to the username up to its first ':' (unless a password
        // token was already seen) and to the password after it; "%40" stands for an earlier '@'.
        var split = pointer
        if !passwordTokenSeen, let colon = range(bufferStart, pointer).firstIndex(of: ASCII.colon) {
            split = bufferStart + colon
        }
        let beforeColon = range(bufferStart, split)
        let prefixAt = atSignSeen
        let target: URLBuilder.Component = passwordTokenSeen ? .password : .username
        url.append(to: target) { out in
            if prefixAt { out.append(contentsOf: [ASCII.percent, 0x34, 0x30]) }
            PercentEncoding.append(beforeColon, encoding: .userinfo, to: &out)
        }
        if split < pointer {
            passwordTokenSeen = true
            let afterColon = range(split + 1, pointer)
            url.append(to: .password) { PercentEncoding.append(afterColon, encoding: .userinfo, to: &$0) }
        }
        atSignSeen = true
        bufferStart = pointer + 1
        return .next
    }

    /// The host state and the hostname state.
    @inline(__always)
    private mutating func hostState() -> Step {
        if overriding && url.schemeKind == .file {
            pointer -= 1
            state = .fileHost
            bufferStart = pointer + 1
            return .next
        }
        let special = url.isSpecial
        let n = input.count
        var insideBrackets = false
        bufferStart = pointer
        while pointer < n {
            let b = input[pointer]
            if b == ASCII.colon && !insideBrackets { break }
            if b == ASCII.slash || b == ASCII.question || b == ASCII.hash || (special && b == ASCII.backslash) {
                break
            }
            if b == ASCII.leftBracket { insideBrackets = true }
            if b == ASCII.rightBracket { insideBrackets = false }
            pointer += 1
        }
        let buffer = range(bufferStart, pointer)
        if byte(pointer) == Int(ASCII.colon) {
            if buffer.isEmpty { return .failure }  // host-missing
            if stateOverride == .hostname { return .failure }
            guard url.parseHost(buffer, isOpaque: !special) else { return .failure }
            state = .port
            bufferStart = pointer + 1
            return .next
        }
        if special && buffer.isEmpty { return .failure }  // host-missing
        if overriding && buffer.isEmpty && (url.includesCredentials || url.port != nil) { return .failure }
        guard url.parseHost(buffer, isOpaque: !special) else { return .failure }
        state = .pathStart
        pointer -= 1
        return overriding ? .done : .next
    }

    @inline(__always)
    private mutating func portState() -> Step {
        let n = input.count
        while pointer < n && ASCII.isDigit(input[pointer]) { pointer += 1 }
        let c = byte(pointer)
        guard c == BasicURLParser.eof || c == Int(ASCII.slash) || c == Int(ASCII.question) || c == Int(ASCII.hash)
            || (url.isSpecial && c == Int(ASCII.backslash)) || overriding
        else {
            return .failure  // port-invalid
        }
        if bufferStart < pointer {
            var value = 0
            for i in bufferStart..<pointer {
                value = min(value * 10 + Int(input[i] &- 0x30), 1 << 20)
            }
            if value > 65535 { return .failure }  // port-out-of-range
            url.port = value == url.schemeKind.defaultPort ? nil : value
            if overriding { return .done }
        }
        if overriding { return .failure }
        state = .pathStart
        pointer -= 1
        return .next
    }
}
