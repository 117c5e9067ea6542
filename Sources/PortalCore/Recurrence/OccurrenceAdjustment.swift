/// How the wall-clock start a recurrence rule gives was placed on the clocks of its zone.
public enum OccurrenceAdjustment: String, Sendable, Codable, CaseIterable {
    /// The reading exists once: nothing to say.
    case none = ""
    /// The reading falls in a forward jump (it does not exist); the occurrence starts the gap's length later.
    case gap
    /// The reading happens twice (clocks going back); the occurrence starts at the first of the two.
    case ambiguous
}
