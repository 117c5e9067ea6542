/// A subscription's "tell me when the level crosses below X" with hysteresis: told once on the way down, and once
/// on the way back only when the level has climbed `hysteresis` points above the line, so a level hovering at the
/// line does not flap.
public struct ThresholdWatch: Sendable, Equatable {
    public enum Side: String, Sendable, Codable { case above, below }
    public enum Crossing: Sendable, Equatable { case fellBelow, backAbove }

    public let threshold: Double
    public let hysteresis: Double
    public private(set) var side: Side

    public init(threshold: Double, hysteresis: Double = 0.05, side: Side = .above) {
        self.threshold = threshold
        self.hysteresis = hysteresis
        self.side = side
    }

    /// Feeds the latest level; returns the crossing to tell about, if any. An unknown level changes nothing.
    public mutating func observe(_ percent: Double?) -> Crossing? {
        guard let percent else { return nil }
        switch side {
        case .above where percent < threshold:
            side = .below
            return .fellBelow
        case .below where percent >= threshold + hysteresis:
            side = .above
            return .backAbove
        default:
            return nil
        }
    }
}
