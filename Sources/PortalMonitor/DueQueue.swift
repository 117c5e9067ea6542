import Foundation

/// A min-heap of (due time, check id): the scheduler takes what is due without scanning every check.
struct DueQueue {
    private var heap: [(due: Double, id: Int64)] = []

    var count: Int { heap.count }
    var nextDue: Double? { heap.first?.due }

    mutating func push(_ due: Double, _ id: Int64) {
        heap.append((due, id))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (due: Double, id: Int64)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count && heap[right].due < heap[smallest].due { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
