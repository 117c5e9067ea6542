import Foundation
import PortalCore

/// Recurring downtime series, their targets and which downtime is which occurrence. Writes run inside the caller's transaction.
public enum SeriesStore {
    static let select = """
        SELECT id, rule, time_zone, first_start_local, duration_seconds, horizon_days, planned_through, announced,
               title, kind, change_ticket, change_url, reason, note, coordinator_id, comms_manager_id, override_reason, created_at, updated_at
          FROM downtime_series
        """

    /// Inserts a series; `template.window` is the first occurrence's window.
    public static func insert(_ db: Database, rule: String, firstStart: LocalDateTime, durationSeconds: Int, horizonDays: Int,
                              template: DowntimeDraft, plannedThrough: Date, now: Date = Date()) throws -> Int64 {
        let stamp = StoreTime.format(now)
        try db.run("""
            INSERT INTO downtime_series (rule, time_zone, first_start_local, duration_seconds, horizon_days, planned_through, announced,
                                         title, kind, change_ticket, change_url, reason, note, coordinator_id, comms_manager_id,
                                         override_reason, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [rule, template.window.timeZone, firstStart.description, durationSeconds, horizonDays, StoreTime.format(plannedThrough),
                  template.title, template.kind.rawValue, template.changeTicket, template.changeURL, template.reason, template.note,
                  template.coordinatorID, template.commsManagerID, template.overrideReason, stamp, stamp])
        let id = db.lastInsertRowID
        for target in template.targets {
            guard let column = DowntimeStore.targetColumns.first(where: { $0.0 == target.kind })?.1 else { continue }
            try db.run("INSERT INTO downtime_series_targets (series_id, \(column)) VALUES (?, ?)", [id, target.id])
        }
        return id
    }

    /// One series with its template targets.
    public static func fetch(_ db: Database, id: Int64) throws -> SeriesRecord? {
        var found: SeriesRecord?
        try db.forEach(select + " WHERE id = ?", [id]) { s in
            guard let firstStart = try? LocalDateTime(parsing: s.string(at: 3) ?? ""),
                  let planned = StoreTime.parse(s.string(at: 6) ?? ""),
                  let start = try? OccurrencePlacement.place(firstStart, in: s.string(at: 2) ?? "UTC").instant,
                  let window = try? TimeWindow(start: start, end: start.addingTimeInterval(TimeInterval(s.int64(at: 4))),
                                               timeZone: s.string(at: 2) ?? "UTC", maximumDuration: nil) else { return }
            let template = DowntimeDraft(
                title: s.string(at: 8) ?? "", kind: DowntimeKind(rawValue: s.string(at: 9) ?? "") ?? .planned, window: window,
                changeTicket: s.string(at: 10) ?? "", changeURL: s.string(at: 11) ?? "", reason: s.string(at: 12) ?? "", note: s.string(at: 13) ?? "",
                coordinatorID: s.isNull(at: 14) ? nil : s.int64(at: 14), commsManagerID: s.isNull(at: 15) ? nil : s.int64(at: 15),
                overrideReason: s.string(at: 16) ?? "", targets: [])
            found = SeriesRecord(id: s.int64(at: 0), rule: s.string(at: 1) ?? "", timeZone: s.string(at: 2) ?? "UTC", firstStart: firstStart,
                                 durationSeconds: Int(s.int64(at: 4)), horizonDays: Int(s.int64(at: 5)), plannedThrough: planned,
                                 announced: s.int64(at: 7) != 0, template: template,
                                 createdAt: StoreTime.parse(s.string(at: 17) ?? "") ?? Date(timeIntervalSince1970: 0),
                                 updatedAt: StoreTime.parse(s.string(at: 18) ?? "") ?? Date(timeIntervalSince1970: 0))
        }
        guard var series = found else { return nil }
        try db.forEach("SELECT region_id, cluster_id, server_id, service_id FROM downtime_series_targets WHERE series_id = ? ORDER BY id", [id]) { s in
            for (offset, (kind, _, _)) in DowntimeStore.targetColumns.enumerated() where !s.isNull(at: offset) {
                series.template.targets.append(ObjectRef(kind: kind, id: s.int64(at: offset)))
            }
        }
        return series
    }

    /// Every series id, oldest first (for the clock extending horizons; series are few).
    public static func allIDs(_ db: Database) throws -> [Int64] {
        var ids: [Int64] = []
        try db.forEach("SELECT id FROM downtime_series ORDER BY id") { ids.append($0.int64(at: 0)) }
        return ids
    }

    /// The series a downtime is an occurrence of, if any.
    public static func seriesID(_ db: Database, downtimeID: Int64) throws -> Int64? {
        guard case .integer(let id)? = try db.scalar("SELECT series_id FROM downtime_occurrences WHERE downtime_id = ?", [downtimeID]) else { return nil }
        return id
    }

    /// Records that `downtimeID` is the occurrence of `seriesID` the rule gives at `recurrenceAt`.
    public static func addOccurrence(_ db: Database, seriesID: Int64, downtimeID: Int64, recurrenceAt: Date) throws {
        try db.run("INSERT INTO downtime_occurrences (downtime_id, series_id, recurrence_at) VALUES (?, ?, ?)",
                   [downtimeID, seriesID, StoreTime.format(recurrenceAt)])
    }

    /// The occurrences that exist as downtimes, in the rule's order.
    public static func occurrences(_ db: Database, seriesID: Int64) throws -> [SeriesOccurrence] {
        var result: [SeriesOccurrence] = []
        try db.forEach("""
            SELECT o.downtime_id, o.recurrence_at, d.state, d.starts_at, d.ends_at, d.time_zone
              FROM downtime_occurrences o JOIN downtimes d ON d.id = o.downtime_id
             WHERE o.series_id = ? ORDER BY o.recurrence_at
            """, [seriesID]) { s in
            guard let at = StoreTime.parse(s.string(at: 1) ?? ""), let start = StoreTime.parse(s.string(at: 3) ?? ""),
                  let end = StoreTime.parse(s.string(at: 4) ?? ""),
                  let window = try? TimeWindow(start: start, end: end, timeZone: s.string(at: 5) ?? "UTC", maximumDuration: nil) else { return }
            result.append(SeriesOccurrence(downtimeID: s.int64(at: 0), recurrenceAt: at,
                                           state: DowntimeState(rawValue: s.string(at: 2) ?? "") ?? .draft, window: window))
        }
        return result
    }

    /// Moves the horizon: occurrences up to `date` now exist.
    public static func setPlannedThrough(_ db: Database, id: Int64, _ date: Date, now: Date = Date()) throws {
        try db.run("UPDATE downtime_series SET planned_through = ?, updated_at = ? WHERE id = ?", [StoreTime.format(date), StoreTime.format(now), id])
    }

    /// Marks the series announced: occurrences added later are announced too.
    public static func setAnnounced(_ db: Database, id: Int64, now: Date = Date()) throws {
        try db.run("UPDATE downtime_series SET announced = 1, updated_at = ? WHERE id = ?", [StoreTime.format(now), id])
    }

    /// Replaces the rule (a series cut from a date on gets an UNTIL).
    public static func setRule(_ db: Database, id: Int64, rule: String, now: Date = Date()) throws {
        try db.run("UPDATE downtime_series SET rule = ?, updated_at = ? WHERE id = ?", [rule, StoreTime.format(now), id])
    }
}
