/// One assignment that answers "who holds role R here", with the object it sits on (the object itself when direct).
struct ResolvedHolder: Hashable, Sendable {
    var assignment: Int32
    var source: DenseRef
}
