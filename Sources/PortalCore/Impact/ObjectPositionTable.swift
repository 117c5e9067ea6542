/// An open-addressing map from `ObjectRef` to a position, several times cheaper to build than a
/// `Dictionary` (no per-key SipHash), which matters because every impact builds one for all affected objects.
struct ObjectPositionTable: Sendable {
    private var ids: [Int64]
    private var kinds: [UInt8]
    /// -1 marks an empty bucket.
    private var positions: [Int32]
    private let mask: Int

    init(_ refs: some Collection<ObjectRef>) {
        var capacity = 16
        while capacity < refs.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        ids = [Int64](repeating: 0, count: capacity)
        kinds = [UInt8](repeating: 0, count: capacity)
        positions = [Int32](repeating: -1, count: capacity)
        for (position, ref) in refs.enumerated() { insert(ref, at: Int32(position)) }
    }

    @inline(__always)
    private func bucket(_ id: Int64, _ kind: UInt8) -> Int {
        // Fibonacci hashing spreads sequential ids over the whole table.
        let mixed = (UInt64(bitPattern: id) ^ UInt64(kind) << 59) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    private mutating func insert(_ ref: ObjectRef, at position: Int32) {
        let id = ref.id
        let kind = UInt8(ref.kind.rank)
        var slot = bucket(id, kind)
        while positions[slot] >= 0 {
            if ids[slot] == id && kinds[slot] == kind { return } // keep the first position of a duplicate
            slot = (slot + 1) & mask
        }
        ids[slot] = id
        kinds[slot] = kind
        positions[slot] = position
    }

    func position(of ref: ObjectRef) -> Int? {
        let id = ref.id
        let kind = UInt8(ref.kind.rank)
        var slot = bucket(id, kind)
        while positions[slot] >= 0 {
            if ids[slot] == id && kinds[slot] == kind { return Int(positions[slot]) }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
