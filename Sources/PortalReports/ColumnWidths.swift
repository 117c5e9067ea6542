/// Shares a table's width among its columns by their content, as a browser's automatic table layout does.
enum ColumnWidths {
    /// The most of the width one column's unbreakable words may claim.
    static let maximumShare = 0.6

    /// `minimums`: what each column needs so that no word breaks; `naturals`: what it needs to keep every line unwrapped.
    /// When everything fits unwrapped, the spare room goes to the columns in proportion to their natural widths; when
    /// the words fit but not the lines, each column gets its minimum and the rest in proportion to how much more it
    /// wants; when not even the words fit, the narrow columns keep their words and the wide ones share the rest.
    static func distribute(minimums: [Double], naturals: [Double], available: Double) -> [Double] {
        guard !minimums.isEmpty else { return [] }
        // One very long token must not squeeze every other column below its words.
        let cap = minimums.count == 1 ? available : available * maximumShare
        let minimums = minimums.map { min($0, cap) }
        let naturals = zip(minimums, naturals).map { max($0, $1) }
        let naturalTotal = naturals.reduce(0, +)
        let minimumTotal = minimums.reduce(0, +)
        if naturalTotal <= available {
            guard naturalTotal > 0 else { return minimums.map { _ in available / Double(minimums.count) } }
            return naturals.map { $0 + (available - naturalTotal) * $0 / naturalTotal }
        }
        if minimumTotal <= available {
            let wants = zip(minimums, naturals).map { $1 - $0 }
            let wantTotal = wants.reduce(0, +)
            return zip(minimums, wants).map { $0 + (available - minimumTotal) * $1 / wantTotal }
        }
        return squeezed(minimums, available: available)
    }

    /// Not even the words fit: columns whose words fit in an equal share of what is left keep them whole; the wider
    /// ones split the rest equally (their long tokens then break before `@ . -`).
    static func squeezed(_ minimums: [Double], available: Double) -> [Double] {
        var widths = minimums
        var open = Set(minimums.indices)
        var remaining = available
        while !open.isEmpty {
            let share = remaining / Double(open.count)
            let fitting = open.filter { minimums[$0] <= share }
            if fitting.isEmpty {
                for index in open { widths[index] = share }
                break
            }
            for index in fitting {
                remaining -= minimums[index]
                open.remove(index)
            }
        }
        return widths
    }
}
