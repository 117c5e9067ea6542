import Foundation
import PortalCore
import PortalStore

/// Enforces the retention settings: `forewarn monitor purge`, and the monitor once an hour.
public enum Retention {
    public static func policy(_ db: Database) throws -> RetentionPolicy {
        func days(_ key: String) throws -> Double? { try SettingsStore.value(db, key).flatMap(Double.init) }
        return RetentionPolicy(rawDays: try days("monitoring.retention_raw_days"), minuteDays: try days("monitoring.retention_minutes_days"),
                               hourDays: try days("monitoring.retention_hours_days"))
    }

    /// Deletes what is older than the policy allows; returns how many samples, minute and hour rollups went.
    @discardableResult
    public static func purge(_ store: Store, now: Date = Date()) throws -> (samples: Int, minutes: Int, hours: Int) {
        try store.write { db in
            let cut = try policy(db).cutoffs(now: now)
            return (try SampleStore.purge(db, before: cut.raw), try RollupStore.purge(db, resolution: .minute, before: cut.minutes),
                    try RollupStore.purge(db, resolution: .hour, before: cut.hours))
        }
    }
}
