// A binary min-heap of node positions: the ready set of the topological sort.
// Pure data; knows nothing of stages.

/// A min-heap of integers with O(log n) push and pop.
struct PositionHeap {
    private var items: [Int] = []
    /// Counts comparisons when set (complexity tests).
    private let counter: UnsafeMutablePointer<Int>?

    init(counter: UnsafeMutablePointer<Int>? = nil) { self.counter = counter }

    private func less(_ a: Int, _ b: Int) -> Bool {
        counter?.pointee += 1
        return items[a] < items[b]
    }

    /// Adds a position.
    mutating func push(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest position, or nil when empty.
    mutating func pop() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, less(left, smallest) { smallest = left }
            if right < items.count, less(right, smallest) { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
