/// Explains many objects of one impact, as `Impact.explain` does word for word, building each object's chain of
/// clauses once: the rows of a report share the tails of their explanations (every service behind the same database
/// ends in the same "…, which runs only on db-12 and db-13, both in this downtime").
public struct ImpactExplainer {
    private let impact: Impact
    /// The clauses from an affected object to its root cause, by position in `impact.affected`.
    private var tails: [String?]
    private var onPath: [Bool]

    /// An explainer for one impact; keep it for all the rows of one page.
    public init(_ impact: Impact) {
        self.impact = impact
        tails = [String?](repeating: nil, count: impact.affected.count)
        onPath = [Bool](repeating: false, count: impact.affected.count)
    }

    /// The same text as `impact.explain(object)`; nil for an unaffected object.
    public mutating func explain(_ object: ObjectRef) -> String? {
        guard let position = impact.position(of: object) else { return nil }
        let entry = impact.affected[position]
        // A chain that loops (only a corrupted snapshot) takes the bounded walk of `explain`.
        guard let tail = tail(from: position) else { return impact.explain(object) }
        return "\(entry.name) is \(entry.state.words): it \(tail)."
    }

    /// The clauses from `position` on, joined by ", which "; nil when the chain loops.
    private mutating func tail(from position: Int) -> String? {
        var path: [Int] = []
        var known: String?
        var current: Int? = position
        var loops = false
        while let at = current {
            if let tail = tails[at] { known = tail; break }
            if onPath[at] { loops = true; break }
            onPath[at] = true
            path.append(at)
            current = impact.affected[at].cause.next.flatMap(impact.position(of:))
        }
        for at in path { onPath[at] = false }
        if loops { return nil }
        for at in path.reversed() {
            let phrase = impact.phrase(for: impact.affected[at])
            let tail = known.map { phrase + ", which " + $0 } ?? phrase
            tails[at] = tail
            known = tail
        }
        return known
    }
}
