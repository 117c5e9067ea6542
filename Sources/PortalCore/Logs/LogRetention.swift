import Foundation

/// How long log messages are kept per stage, pure: PROD 30 days, the other stages 7, unless a setting says otherwise;
/// messages without a stage follow the shortest.
public enum LogRetention {
    public static let defaultDays: [Environment: Int] = [.prod: 30, .int: 7, .test: 7, .dev: 7]

    /// The setting key of a stage's retention (`logs.retention_days.PROD`).
    public static func settingKey(_ stage: Environment) -> String { "logs.retention_days.\(stage.rawValue)" }

    /// Days kept per stage: a valid setting (1 to 3650) wins over the default.
    public static func days(settings: [String: String]) -> [Environment: Int] {
        var result = defaultDays
        for stage in Environment.allCases {
            if let text = settings[settingKey(stage)], let days = Int(text), (1...3650).contains(days) { result[stage] = days }
        }
        return result
    }

    /// Messages of each stage older than its cutoff go; `nil` holds the cutoff of messages without a stage.
    public static func cutoffs(now: Date, days: [Environment: Int]) -> [Environment?: Date] {
        var result: [Environment?: Date] = [:]
        for stage in Environment.allCases { result[stage] = now.addingTimeInterval(-Double(days[stage] ?? 7) * 86_400) }
        result[nil] = now.addingTimeInterval(-Double(days.values.min() ?? 7) * 86_400)
        return result
    }
}
