/// Exponential backoff with deterministic jitter for the outbox: about 1 min, 2, 4, … capped at 1 h.
///
/// Pure: the delay depends only on the attempt number and a seed, so it can be recomputed after a restart and
/// tested exactly. Jitter only shortens a delay (by up to `jitter` of it), so the cap is never exceeded while
/// messages that failed together (same outage) still spread out.
public struct RetryPolicy: Sendable, Hashable {
    /// Delay after the first failed attempt.
    public var initialDelay: Duration
    /// Upper bound of any delay.
    public var maximumDelay: Duration
    /// Fraction of a delay that jitter may remove, 0...1.
    public var jitter: Double
    /// Attempts in total, the first send included; afterwards the message has failed for good.
    public var maxAttempts: Int

    /// The outbox default: 1 min doubling to 1 h, up to 20 % jitter, 12 attempts (about 6 hours of trying).
    public static let standard = RetryPolicy()

    /// Creates a policy; `jitter` is clamped to 0...1 and `maxAttempts` to at least 1.
    public init(
        initialDelay: Duration = .seconds(60),
        maximumDelay: Duration = .seconds(3600),
        jitter: Double = 0.2,
        maxAttempts: Int = 12
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxAttempts = max(1, maxAttempts)
    }

    /// How long to wait after failed attempt number `attempt` (1 = the first send failed) before the next one.
    /// Attempts below 1 are treated as 1. The same attempt and seed always give the same delay.
    public func delay(afterAttempt attempt: Int, seed: UInt64) -> Duration {
        let initial = Self.milliseconds(initialDelay)
        let cap = Self.milliseconds(maximumDelay)
        let doublings = min(max(attempt, 1) - 1, 62)
        let (grown, overflow) = initial.multipliedReportingOverflow(by: Int64(1) << doublings)
        let base = overflow ? cap : min(grown, cap)
        let unit = Double(StableHash.mix(seed ^ StableHash.mix(UInt64(max(attempt, 1)))) >> 11) / Double(UInt64(1) << 53)
        let shortened = Double(base) * (1 - jitter * unit)
        return .milliseconds(Int64(shortened.rounded(.down)))
    }

    /// Whether another attempt is allowed after `attempt` failed ones.
    public func allowsRetry(afterAttempt attempt: Int) -> Bool {
        attempt < maxAttempts
    }

    /// A seed that is the same in every process (unlike `hashValue`), e.g. from a Message-ID.
    public static func seed(for key: String) -> UInt64 {
        StableHash.fnv1a(key)
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
