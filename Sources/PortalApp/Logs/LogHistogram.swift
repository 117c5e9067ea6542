import Foundation
import PortalCore
import PortalStore

/// The per-minute count histogram of `/logs` as server-rendered SVG bars (no JavaScript).
struct LogHistogram {
    struct Bar {
        let x: String
        let y: String
        let height: String
        let width: String
        let label: String
    }

    let bars: [Bar]
    let width = 960
    let height = 80
    let maxCount: Int
    let fromLabel: String
    let toLabel: String
    let total: Int
    /// What one bar covers: "minute", "6 minutes", "4 hours".
    let bucket: String

    /// One bar per minute of the range (at most 4 h shown minute by minute; longer ranges are grouped into wider
    /// buckets, at most 240). Over `LogStore.hourlyAbove` the counts come by the hour: bars are then whole hours wide and
    /// start on the hour, so each hour's count falls in the bar that holds the hour.
    init(counts: [(minute: String, count: Int)], from: Date, to: Date) {
        let hourly = to.timeIntervalSince(from) > LogStore.hourlyAbove
        let origin = hourly ? Date(timeIntervalSince1970: (from.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600) : from
        let minutes = max(1, Int((to.timeIntervalSince(origin) / 60).rounded(.up)))
        var perBucket = max(1, (minutes + 239) / 240)
        if hourly { perBucket = (perBucket + 59) / 60 * 60 }
        let buckets = (minutes + perBucket - 1) / perBucket
        var values = [Int](repeating: 0, count: buckets)
        let start = origin.timeIntervalSince1970
        for entry in counts {
            guard let date = LogTimestamp.date(from: entry.minute + ":00Z") else { continue }
            let index = Int((date.timeIntervalSince1970 - start) / 60) / perBucket
            if index >= 0 && index < buckets { values[index] += entry.count } else if index == buckets { values[buckets - 1] += entry.count }
        }
        let top = max(1, values.max() ?? 1)
        let barWidth = Double(960) / Double(buckets)
        bars = values.enumerated().compactMap { index, count in
            guard count > 0 else { return nil }
            let h = max(1.0, Double(count) / Double(top) * 76)
            let minute = LogTimestamp.string(from: Date(timeIntervalSince1970: start + Double(index * perBucket * 60))).prefix(16)
            return Bar(x: String(format: "%.2f", Double(index) * barWidth), y: String(format: "%.2f", 80 - h), height: String(format: "%.2f", h),
                       width: String(format: "%.2f", max(1, barWidth - 1)), label: "\(minute.replacingOccurrences(of: "T", with: " ")) UTC: \(count) message\(count == 1 ? "" : "s")")
        }
        maxCount = values.max() ?? 0
        total = values.reduce(0, +)
        bucket = perBucket == 1 ? "minute" : perBucket % 60 == 0 ? "\(perBucket / 60) hour\(perBucket == 60 ? "" : "s")" : "\(perBucket) minutes"
        fromLabel = String(LogTimestamp.string(from: from).prefix(16)).replacingOccurrences(of: "T", with: " ")
        toLabel = String(LogTimestamp.string(from: to).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
