/// An inventory object addressed by its position in the `Inventory` arrays, used by hot loops instead of ids.
struct DenseRef: Hashable, Sendable {
    var kind: ObjectKind
    var index: Int32

    init(_ kind: ObjectKind, _ index: Int32) {
        self.kind = kind
        self.index = index
    }

    var slot: Int { Int(index) }
}
