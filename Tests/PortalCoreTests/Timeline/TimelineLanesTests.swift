import Testing
@testable import PortalCore
@testable import PortalViews

@Suite struct TimelineLanesTests {
    typealias Interval = (start: Double, end: Double)

    /// No two intervals in one lane overlap once the gap is added.
    static func assertNoOverlap(_ intervals: [Interval], _ packing: TimelineLanes, gap: Double) {
        var byLane: [Int: [Interval]] = [:]
        for (index, lane) in packing.lanes.enumerated() {
            if let lane { byLane[lane, default: []].append(intervals[index]) }
        }
        for (lane, members) in byLane {
            let sorted = members.sorted { $0.start < $1.start }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                #expect(a.end + gap <= b.start, "lane \(lane): \(a) and \(b) collide")
            }
        }
    }

    @Test(arguments: [
        ("disjoint share one lane", [(0.0, 10.0), (12, 20), (30, 40)], 1),
        ("touching within the gap need two", [(0, 10), (11, 20)], 2),
        ("nested", [(0, 100), (10, 20), (30, 40), (50, 60)], 2),
        ("staircase", [(0, 30), (10, 40), (20, 50), (35, 60)], 3),
        ("all at once", Array(repeating: (0.0, 10.0), count: 5), 5),
        ("unsorted input", [(50, 60), (0, 10), (5, 55)], 2),
    ])
    func usesTheFewestLanes(name: String, intervals: [(Double, Double)], lanes: Int) {
        let input = intervals.map { Interval($0.0, $0.1) }
        let packing = TimelineLanes(intervals: input, cap: 40, gap: 2)
        #expect(packing.count == lanes, "\(name)")
        #expect(packing.overflow == 0)
        Self.assertNoOverlap(input, packing, gap: 2)
    }

    @Test func randomIntervalsNeverCollideAndRespectTheCap() {
        var seed: UInt64 = 7
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        let input = (0..<2_000).map { _ -> Interval in
            let start = next() * 1_000
            return (start, start + 4 + next() * 80)
        }
        let packing = TimelineLanes(intervals: input, cap: 40, gap: 2)
        #expect(packing.count == 40)
        #expect(packing.overflow == packing.lanes.filter { $0 == nil }.count)
        #expect(packing.overflow > 0)
        Self.assertNoOverlap(input, packing, gap: 2)
    }

    @Test func lowerLanesFillFirst() {
        let packing = TimelineLanes(intervals: [(0, 10), (0, 10), (20, 30)], cap: 40, gap: 2)
        #expect(packing.lanes == [0, 1, 0])
    }
}
