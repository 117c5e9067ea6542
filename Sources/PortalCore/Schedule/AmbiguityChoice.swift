/// Which occurrence of a local time is meant when the clocks go back and that time happens twice.
public enum AmbiguityChoice: String, Sendable, Codable, CaseIterable {
    /// The first occurrence, still on the summer (larger) offset.
    case earlier
    /// The second occurrence, after the clocks went back.
    case later
}
