import Foundation
import PortalCore

extension DowntimeStore {
    /// What a declaration's conflict check reads: the active downtimes (draft, scheduled, in progress; without
    /// `excluding`) and the change freezes overlapping `window`. Independent queries: one round trip on PostgreSQL.
    public static func overlapping(_ db: Database, _ window: DateInterval, excluding id: Int64? = nil)
        throws -> (downtimes: [ExistingDowntime], blackouts: [BlackoutWindow]) {
        let downtimes = listQuery(from: window.start, to: window.end, states: activeStates, limit: 10_000)
        var records: [DowntimeRecord] = []
        var blackouts: [BlackoutWindow] = []
        try db.together([downtimes, BlackoutStore.listQuery(overlapping: window)]) { statements in
            while try statements[0].step() { if let r = record(statements[0]) { records.append(r) } }
            while try statements[1].step() { if let row = BlackoutStore.row(statements[1]) { blackouts.append(row.0) } }
        }
        try attachTargets(db, &records)
        return (existing(records, excluding: id), blackouts)
    }
}
