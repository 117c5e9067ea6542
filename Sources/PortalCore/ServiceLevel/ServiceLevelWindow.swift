/// The rolling windows a service level is computed over.
public enum ServiceLevelWindow: String, Sendable, CaseIterable, Codable {
    case tenMinutes = "10m"
    case hour = "1h"
    case day = "24h"
    case thirtyDays = "30d"

    public var minutes: Int {
        switch self {
        case .tenMinutes: 10
        case .hour: 60
        case .day: 1440
        case .thirtyDays: 43_200
        }
    }

    /// `10 min`, `1 h`, `24 h`, `30 days`, as in "in the last 10 min".
    public var label: String {
        switch self {
        case .tenMinutes: "10 min"
        case .hour: "1 h"
        case .day: "24 h"
        case .thirtyDays: "30 days"
        }
    }
}
