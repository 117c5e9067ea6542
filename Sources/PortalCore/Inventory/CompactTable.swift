/// A read-only one-to-many map from dense indexes to elements, stored as offsets into one flat array (CSR).
struct CompactTable<Element: Sendable>: Sendable {
    /// `offsets[i]..<offsets[i + 1]` are the positions of key `i`'s elements.
    let offsets: [Int32]
    let items: [Element]

    init(offsets: [Int32], items: [Element]) {
        self.offsets = offsets
        self.items = items
    }

    /// Groups `values[j]` under `keys[j]`, keeping input order within a key (a stable counting sort).
    init(count: Int, keys: [Int32], values: [Element]) {
        precondition(keys.count == values.count, "CompactTable needs one key per value")
        var offsets = [Int32](repeating: 0, count: count + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for i in 0..<count { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        let items = [Element](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            for (key, value) in zip(keys, values) {
                let position = Int(cursor[Int(key)])
                cursor[Int(key)] += 1
                (buffer.baseAddress! + position).initialize(to: value)
            }
            initialized = values.count
        }
        self.offsets = offsets
        self.items = items
    }

    @inline(__always)
    func range(_ key: Int) -> Range<Int> { Int(offsets[key])..<Int(offsets[key + 1]) }

    @inline(__always)
    subscript(key: Int) -> ArraySlice<Element> { items[range(key)] }
}
