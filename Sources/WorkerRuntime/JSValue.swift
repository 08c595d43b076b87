import CV8Bridge

/// A flat value passed into JS (entry-point arguments).
public enum JSValue: Sendable {
    case undefined
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    /// Becomes a Uint8Array.
    case bytes([UInt8])
    /// Becomes an array of strings.
    case strings([String])

    /// Lays `values` out as `cv8_value`s whose pointers stay valid inside `body` (one arena for all text).
    static func withFlat<R>(_ values: [JSValue], _ body: (UnsafeBufferPointer<cv8_value>) -> R) -> R {
        // Pass 1: the size of the arena.
        var arenaSize = 0
        var listCount = 0
        for v in values {
            switch v {
            case .string(let s): arenaSize += s.utf8.count
            case .bytes(let b): arenaSize += b.count
            case .strings(let list): listCount += list.count; for s in list { arenaSize += s.utf8.count }
            default: break
            }
        }
        // One allocation: [values][list items][text arena].
        let stride = MemoryLayout<cv8_value>.stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: (values.count + listCount) * stride + max(arenaSize, 1),
                                                   alignment: MemoryLayout<cv8_value>.alignment)
        defer { raw.deallocate() }
        let flat = raw.bindMemory(to: cv8_value.self, capacity: values.count + listCount)
        let lists = flat + values.count
        let arena = (raw + (values.count + listCount) * stride).bindMemory(to: UInt8.self, capacity: max(arenaSize, 1))

        var offset = 0
        var listOffset = 0
        func put(_ s: String) -> cv8_value {
            let start = arena + offset
            var n = 0
            var copy = s
            copy.withUTF8 { u in
                if u.count > 0 { (start).update(from: u.baseAddress!, count: u.count) }
                n = u.count
            }
            offset += n
            return cv8_value(kind: Int32(CV8_STRING.rawValue), number: 0,
                             ptr: UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), len: n, list: nil)
        }
        for (i, v) in values.enumerated() {
            switch v {
            case .undefined: flat[i] = cv8_value(kind: Int32(CV8_UNDEFINED.rawValue), number: 0, ptr: nil, len: 0, list: nil)
            case .null: flat[i] = cv8_value(kind: Int32(CV8_NULL.rawValue), number: 0, ptr: nil, len: 0, list: nil)
            case .bool(let b): flat[i] = cv8_value(kind: Int32(CV8_BOOL.rawValue), number: b ? 1 : 0, ptr: nil, len: 0, list: nil)
            case .number(let d): flat[i] = cv8_value(kind: Int32(CV8_NUMBER.rawValue), number: d, ptr: nil, len: 0, list: nil)
            case .string(let s): flat[i] = put(s)
            case .bytes(let b):
                let start = arena + offset
                b.withUnsafeBufferPointer { u in if u.count > 0 { start.update(from: u.baseAddress!, count: u.count) } }
                offset += b.count
                flat[i] = cv8_value(kind: Int32(CV8_BYTES.rawValue), number: 0,
                                    ptr: UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), len: b.count, list: nil)
            case .strings(let list):
                let first = lists + listOffset
                for (j, s) in list.enumerated() { first[j] = put(s) }
                listOffset += list.count
                flat[i] = cv8_value(kind: Int32(CV8_STRINGS.rawValue), number: 0, ptr: nil, len: list.count,
                                    list: UnsafePointer(first))
            }
        }
        return body(UnsafeBufferPointer(start: flat, count: values.count))
    }
}

/// The arguments of one host op call; valid only during the call.
public struct HostOpArguments {
    let base: UnsafePointer<cv8_value>?
    public let count: Int

    init(_ base: UnsafePointer<cv8_value>?, count: Int) {
        self.base = base
        self.count = count
    }

    private func value(_ i: Int) -> cv8_value? {
        guard i < count, let base else { return nil }
        return base[i]
    }

    public func isNullish(_ i: Int) -> Bool {
        guard let v = value(i) else { return true }
        return v.kind == Int32(CV8_UNDEFINED.rawValue) || v.kind == Int32(CV8_NULL.rawValue)
    }

    public func number(_ i: Int) -> Double? {
        guard let v = value(i), v.kind == Int32(CV8_NUMBER.rawValue) || v.kind == Int32(CV8_BOOL.rawValue) else { return nil }
        return v.number
    }

    public func int(_ i: Int) -> Int? {
        guard let d = number(i), d.isFinite, d >= Double(Int.min), d <= Double(Int.max) else { return nil }
        return Int(d)
    }

    public func bool(_ i: Int) -> Bool {
        guard let v = value(i) else { return false }
        switch v.kind {
        case Int32(CV8_BOOL.rawValue), Int32(CV8_NUMBER.rawValue): return v.number != 0
        case Int32(CV8_STRING.rawValue), Int32(CV8_BYTES.rawValue): return v.len > 0
        default: return false
        }
    }

    public func string(_ i: Int) -> String? {
        guard let v = value(i), v.kind == Int32(CV8_STRING.rawValue) else { return nil }
        return JSStrings.make(v)
    }

    /// Bytes of a string (UTF-8) or a byte argument, without copying; valid only during the call.
    public func rawBytes(_ i: Int) -> UnsafeRawBufferPointer? {
        guard let v = value(i), v.kind == Int32(CV8_BYTES.rawValue) || v.kind == Int32(CV8_STRING.rawValue) else { return nil }
        return UnsafeRawBufferPointer(start: v.ptr.map { UnsafeRawPointer($0) }, count: v.len)
    }

    public func isBytes(_ i: Int) -> Bool { value(i)?.kind == Int32(CV8_BYTES.rawValue) }

    public func strings(_ i: Int) -> [String]? {
        guard let v = value(i), v.kind == Int32(CV8_STRINGS.rawValue) else { return nil }
        var out: [String] = []
        out.reserveCapacity(v.len)
        for j in 0..<v.len {
            let item = v.list[j]
            out.append(item.kind == Int32(CV8_STRING.rawValue) ? JSStrings.make(item) : "")
        }
        return out
    }
}

enum JSStrings {
    static func make(_ v: cv8_value) -> String {
        guard let p = v.ptr, v.len > 0 else { return "" }
        return String(unsafeUninitializedCapacity: v.len) { buf in
            UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(start: p, count: v.len))
            return v.len
        }
    }
}

/// Sets what a host op returns to JS; valid only during the call.
public struct HostOpResult {
    let ret: OpaquePointer
    init(_ ret: OpaquePointer) { self.ret = ret }

    public enum ErrorClass: String { case error = "Error", typeError = "TypeError", rangeError = "RangeError" }

    public func number(_ d: Double) { cv8_ret_number(ret, d) }
    public func bool(_ b: Bool) { cv8_ret_bool(ret, b ? 1 : 0) }
    public func null() { cv8_ret_null(ret) }
    public func string(_ s: String) {
        var s = s
        s.withUTF8 { u in u.withMemoryRebound(to: CChar.self) { cv8_ret_string(ret, $0.baseAddress, $0.count) } }
    }
    public func bytes(_ b: [UInt8]) { b.withUnsafeBufferPointer { cv8_ret_bytes(ret, $0.baseAddress, $0.count) } }
    public func strings(_ list: [String]) {
        var arena: [UInt8] = []
        var lens: [Int] = []
        for item in list { arena.append(contentsOf: item.utf8); lens.append(item.utf8.count) }
        arena.withUnsafeBufferPointer { buf in
            var ptrs: [UnsafePointer<CChar>?] = []
            ptrs.reserveCapacity(list.count)
            var offset = 0
            let base = UnsafeRawPointer(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            for n in lens {
                ptrs.append((base + offset).assumingMemoryBound(to: CChar.self))
                offset += n
            }
            cv8_ret_strings(ret, ptrs, lens, Int32(list.count))
        }
    }
    public func throwError(_ cls: ErrorClass, _ message: String) { cv8_ret_throw(ret, cls.rawValue, message) }
}
