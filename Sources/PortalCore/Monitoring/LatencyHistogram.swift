import Foundation

/// Response-time counts in fixed logarithmic buckets (each 5 % wider than the one before), so per-minute and per-hour
/// rollups can be merged and still give percentiles within about 2.5 % of the exact value.
public struct LatencyHistogram: Sendable, Equatable {
    /// Bucket i holds values in [base^i, base^(i+1)) ms; bucket 0 also holds 0 and 1 ms.
    static let base = 1.05
    public private(set) var counts: [Int: Int] = [:]

    public init() {}

    /// The bucket of a response time in milliseconds.
    public static func bucket(_ ms: Int) -> Int {
        ms <= 1 ? 0 : Int((log(Double(ms)) / log(base)).rounded(.down))
    }

    /// The value a bucket stands for: the geometric middle of its bounds.
    public static func representative(_ bucket: Int) -> Double {
        bucket == 0 ? 1 : pow(base, Double(bucket) + 0.5)
    }

    public mutating func add(_ ms: Int, count: Int = 1) { counts[Self.bucket(ms), default: 0] += count }

    public mutating func merge(_ other: LatencyHistogram) {
        for (bucket, count) in other.counts { counts[bucket, default: 0] += count }
    }

    public var total: Int { counts.values.reduce(0, +) }

    /// The `p`-th percentile (0–100), nil when empty.
    public func percentile(_ p: Double) -> Double? {
        let total = self.total
        guard total > 0 else { return nil }
        let rank = max(1, Int((p / 100 * Double(total)).rounded(.up)))
        var seen = 0
        for bucket in counts.keys.sorted() {
            seen += counts[bucket]!
            if seen >= rank { return Self.representative(bucket) }
        }
        return nil
    }

    /// Stored form: `index:count` pairs separated by spaces, in bucket order.
    public var text: String {
        counts.keys.sorted().map { "\($0):\(counts[$0]!)" }.joined(separator: " ")
    }

    /// Reads the stored form; malformed pairs are skipped.
    public init(text: String) {
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let bucket = Int(parts[0]), let count = Int(parts[1]) { counts[bucket, default: 0] += count }
        }
    }
}
