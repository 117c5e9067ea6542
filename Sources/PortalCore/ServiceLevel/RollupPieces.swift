/// A range of minutes cut into what the roll-ups can answer: whole UTC days from the daily roll-up, whole hours from
/// the hourly one, and the minutes left at either edge from the minutes themselves. Summing the pieces gives exactly
/// what summing every minute would.
public struct RollupPieces: Sendable, Equatable {
    /// Minute indexes (Unix minutes) read one by one: at most one range at each edge.
    public var minutes: [ClosedRange<Int>] = []
    /// Hour indexes (minute / 60) read from the hourly roll-up: at most one range at each edge.
    public var hours: [ClosedRange<Int>] = []
    /// Day indexes (minute / 1440) read from the daily roll-up.
    public var days: ClosedRange<Int>?

    public init(minutes: [ClosedRange<Int>] = [], hours: [ClosedRange<Int>] = [], days: ClosedRange<Int>? = nil) {
        self.minutes = minutes
        self.hours = hours
        self.days = days
    }

    /// The pieces of `first...last` (minute indexes, not negative).
    public init(first: Int, last: Int) {
        guard first <= last else { return }
        let (minuteEdges, wholeHours) = Self.split(first, last, by: 60)
        minutes = minuteEdges
        guard let wholeHours else { return }
        let (hourEdges, wholeDays) = Self.split(wholeHours.lowerBound, wholeHours.upperBound, by: 24)
        hours = hourEdges
        days = wholeDays
    }

    /// Cuts `first...last` into the whole units of `size` it covers and the ragged edges around them.
    static func split(_ first: Int, _ last: Int, by size: Int) -> (edges: [ClosedRange<Int>], whole: ClosedRange<Int>?) {
        let wholeFirst = (first + size - 1) / size, wholeLast = (last + 1) / size - 1
        guard wholeFirst <= wholeLast else { return ([first...last], nil) }
        var edges: [ClosedRange<Int>] = []
        if first < wholeFirst * size { edges.append(first...(wholeFirst * size - 1)) }
        if (wholeLast + 1) * size <= last { edges.append(((wholeLast + 1) * size)...last) }
        return (edges, wholeFirst...wholeLast)
    }
}
