import Foundation

/// A change freeze: no downtime should be scheduled in it, globally or in one region and its sub-regions.
public struct BlackoutWindow: Sendable, Codable, Hashable {
    public var id: Int64
    public var name: String
    /// Nil for a freeze that applies everywhere.
    public var regionID: Int64?
    public var window: DateInterval

    /// Creates a blackout window.
    public init(id: Int64, name: String, regionID: Int64? = nil, window: DateInterval) {
        self.id = id
        self.name = name
        self.regionID = regionID
        self.window = window
    }
}
