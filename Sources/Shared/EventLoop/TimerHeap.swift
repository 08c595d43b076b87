/// A timer scheduled on an `EventLoop`; pass it to `EventLoop.cancel(_:)`.
/// Only meaningful on the loop thread that created it.
public struct TimerHandle {
    let node: TimerNode
}

final class TimerNode {
    var deadline: Int64
    var sequence: UInt64
    /// Position in the heap, or -1 once fired or cancelled.
    var index: Int = -1
    var body: (() -> Void)?

    init(deadline: Int64, sequence: UInt64, body: @escaping () -> Void) {
        self.deadline = deadline
        self.sequence = sequence
        self.body = body
    }

    @inline(__always) func fires(before other: TimerNode) -> Bool {
        deadline < other.deadline || (deadline == other.deadline && sequence < other.sequence)
    }
}

/// A binary min-heap of timers ordered by (deadline, sequence), with O(log n) removal.
struct TimerHeap {
    private(set) var nodes: [TimerNode] = []

    var isEmpty: Bool { nodes.isEmpty }
    var first: TimerNode? { nodes.first }

    mutating func insert(_ node: TimerNode) {
        node.index = nodes.count
        nodes.append(node)
        siftUp(node.index)
    }

    mutating func remove(_ node: TimerNode) {
        let i = node.index
        guard i >= 0, i < nodes.count, nodes[i] === node else { return }
        let last = nodes.count - 1
        if i != last {
            nodes[i] = nodes[last]
            nodes[i].index = i
        }
        nodes.removeLast()
        node.index = -1
        if i < nodes.count {
            siftDown(i)
            siftUp(i)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard nodes[i].fires(before: nodes[parent]) else { break }
            nodes.swapAt(i, parent)
            nodes[i].index = i
            nodes[parent].index = parent
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = nodes.count
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var best = i
            if l < n && nodes[l].fires(before: nodes[best]) { best = l }
            if r < n && nodes[r].fires(before: nodes[best]) { best = r }
            if best == i { return }
            nodes.swapAt(i, best)
            nodes[i].index = i
            nodes[best].index = best
            i = best
        }
    }
}
