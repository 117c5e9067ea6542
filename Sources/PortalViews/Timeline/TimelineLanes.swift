import PortalCore

/// Greedy interval packing: each bar goes into the first lane whose last bar ends before it starts.
///
/// Taking bars in order of start and the lowest free lane uses the fewest lanes possible (the interval
/// graph colouring bound) and keeps the busiest lanes at the top of the chart.
struct TimelineLanes {
    /// The lane of each input interval, or nil when it did not fit within the lane cap.
    let lanes: [Int?]
    /// Lanes in use (at most the cap).
    let count: Int
    /// Intervals that did not fit.
    let overflow: Int

    /// Packs `[start, end)` intervals (in pixels) so bars in one lane are at least `gap` apart.
    init(intervals: [(start: Double, end: Double)], cap: Int, gap: Double) {
        let order = intervals.indices.sorted {
            intervals[$0].start != intervals[$1].start ? intervals[$0].start < intervals[$1].start : $0 < $1
        }
        var laneEnds: [Double] = []
        var lanes = [Int?](repeating: nil, count: intervals.count)
        var overflow = 0
        for index in order {
            let interval = intervals[index]
            // Each lane's bars are placed left to right, so its last end is its rightmost point.
            if let free = laneEnds.firstIndex(where: { $0 + gap <= interval.start }) {
                laneEnds[free] = interval.end
                lanes[index] = free
            } else if laneEnds.count < cap {
                lanes[index] = laneEnds.count
                laneEnds.append(interval.end)
            } else {
                overflow += 1
            }
        }
        self.lanes = lanes
        self.count = laneEnds.count
        self.overflow = overflow
    }
}
