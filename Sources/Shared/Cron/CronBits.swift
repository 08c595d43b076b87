/// A set of small integers (0…63) as a bit mask.
struct CronBits: Sendable, Equatable {
    private(set) var mask: UInt64 = 0

    init() {}
    init(single value: Int) { insert(value) }

    mutating func insert(_ value: Int) { mask |= 1 << UInt64(value) }
    mutating func insert(_ range: ClosedRange<Int>) { for v in range { insert(v) } }
    func contains(_ value: Int) -> Bool { value >= 0 && value < 64 && mask & (1 << UInt64(value)) != 0 }

    /// The smallest member ≥ `value`, if any.
    func next(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = mask & (~0 << UInt64(max(value, 0)))
        return rest == 0 ? nil : rest.trailingZeroBitCount
    }

    var first: Int? { mask == 0 ? nil : mask.trailingZeroBitCount }
}
