import Foundation
import PortalCore
import PortalRecurrence
import PortalStore

/// Recurring maintenance windows: declaring a series, creating its occurrences ahead within the horizon,
/// announcing and cancelling it as a whole with one notice for the series. Takes plain values, never a request.
enum SeriesService {
    static let defaultHorizonDays = 90

    /// A conflict found for one occurrence of a series.
    struct OccurrenceConflicts {
        let occurrence: PlannedOccurrence
        let conflicts: [Conflict]
    }

    /// What declaring a series produced.
    struct Declared {
        let seriesID: Int64
        let downtimeIDs: [Int64]
        let conflicts: [OccurrenceConflicts]
    }

    /// The rule from an API or form input: the RRULE text plus optional `until` (a local date or date-time in the
    /// zone) and `count`, which may also be inside the rule but not both places.
    static func rule(_ text: String, until: String, count: Int?, timeZone: String) throws -> RecurrenceRule {
        var parts = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let upper = parts.uppercased()
        if !until.isEmpty || count != nil, upper.contains("UNTIL=") || upper.contains("COUNT=") {
            throw RecurrenceError.invalid("Give until or count either in the recurrence rule or as a field, not both.")
        }
        if !until.isEmpty, count != nil { throw RecurrenceError.invalid("Give COUNT or UNTIL, not both.") }
        if !until.isEmpty {
            let compact: String
            if let local = try? LocalDateTime(parsing: until) {
                compact = String(format: "%04d%02d%02dT%02d%02d%02d", local.year, local.month, local.day, local.hour, local.minute, local.second)
            } else if until.count == 10, let day = try? LocalDateTime(parsing: until + "T00:00") {
                compact = String(format: "%04d%02d%02d", day.year, day.month, day.day)
            } else {
                throw RecurrenceError.invalid("until must be a date like 2027-06-30 (the last day an occurrence may start, in the window's zone).")
            }
            parts += ";UNTIL=" + compact
        }
        if let count { parts += ";COUNT=\(count)" }
        return try RecurrenceRule(parsing: parts, timeZone: timeZone)
    }

    /// The occurrences of a rule declared with `draft`'s window as the first, through `through` (at least the first one).
    static func plan(rule: RecurrenceRule, draft: DowntimeDraft, through: Date) throws -> [PlannedOccurrence] {
        let zone = draft.window.timeZone
        let first = draft.window.localStart
        let duration = Int(draft.window.duration)
        var planned = try RecurrenceExpander.occurrences(of: rule, firstStart: first, timeZone: zone, duration: duration, through: through)
        if planned.isEmpty {
            planned = try RecurrenceExpander.next(1, of: rule, firstStart: first, timeZone: zone, duration: duration, after: draft.window.start)
        }
        guard !planned.isEmpty else {
            throw RecurrenceError.invalid("The rule gives no occurrence from \(draft.window.localStart.readable) on; check the weekdays, the day of the month and until.")
        }
        for (earlier, later) in zip(planned, planned.dropFirst()) where earlier.window.overlaps(later.window) {
            throw RecurrenceError.invalid("Occurrences overlap (\(earlier.window.localStart.readable) and \(later.window.localStart.readable)); shorten the window or space the occurrences out.")
        }
        return planned
    }

    /// Conflicts and change freezes of every planned occurrence, listed per occurrence (those without any left out).
    static func conflicts(_ context: AppContext, draft: DowntimeDraft, planned: [PlannedOccurrence]) throws -> [OccurrenceConflicts] {
        try planned.compactMap { occurrence in
            var copy = draft
            copy.window = occurrence.window
            let found = try DowntimeService.conflicts(context, draft: copy, id: nil)
            return found.isEmpty ? nil : OccurrenceConflicts(occurrence: occurrence, conflicts: found)
        }
    }

    /// Declares a series: the series row and one draft downtime per occurrence within the horizon, in one transaction.
    static func declare(_ context: AppContext, draft: DowntimeDraft, rule: RecurrenceRule, horizonDays: Int = defaultHorizonDays,
                        actor: AuditActor, now: Date = Date()) throws -> Declared {
        let through = now.addingTimeInterval(TimeInterval(horizonDays) * 86_400)
        let planned = try plan(rule: rule, draft: draft, through: through)
        let conflicts = try self.conflicts(context, draft: draft, planned: planned)
        let plannedThrough = max(through, planned.last!.window.start)
        return try context.store.write { db in
            var template = draft
            template.window = planned[0].window
            // DTSTART is the first occurrence, so the invite's RRULE lists exactly the occurrences Forewarn lists.
            let seriesID = try SeriesStore.insert(db, rule: rule.text, firstStart: planned[0].ruleStart, durationSeconds: Int(draft.window.duration),
                                                  horizonDays: horizonDays, template: template, plannedThrough: plannedThrough, now: now)
            var ids: [Int64] = []
            for occurrence in planned {
                ids.append(try insertOccurrence(db, seriesID: seriesID, template: template, occurrence: occurrence, actor: actor.name, now: now))
            }
            try AuditLog.record(db, actor: actor.name, action: "create", objectKind: "downtime_series", objectID: seriesID, objectName: draft.title,
                                after: jsonText(["rule": rule.text, "time_zone": draft.window.timeZone, "occurrences": ids.count]),
                                requestID: actor.requestID, at: now)
            return Declared(seriesID: seriesID, downtimeIDs: ids, conflicts: conflicts)
        }
    }

    static func insertOccurrence(_ db: Database, seriesID: Int64, template: DowntimeDraft, occurrence: PlannedOccurrence, actor: String, now: Date) throws -> Int64 {
        var copy = template
        copy.window = occurrence.window
        let id = try DowntimeStore.insert(db, copy, actor: actor, now: now)
        try SeriesStore.addOccurrence(db, seriesID: seriesID, downtimeID: id, recurrenceAt: occurrence.recurrenceID)
        return id
    }

    /// Creates the occurrences that came within the horizon since the last run; an announced series announces
    /// them without a notice each (its announcement covered the series). Returns how many were created.
    @discardableResult
    static func extendHorizons(context: AppContext, now: Date = Date()) throws -> Int {
        var created = 0
        for seriesID in try context.store.read({ try SeriesStore.allIDs($0) }) {
            created += try extendHorizon(context: context, seriesID: seriesID, now: now)
        }
        return created
    }

    static func extendHorizon(context: AppContext, seriesID: Int64, now: Date) throws -> Int {
        guard let series = try context.store.read({ try SeriesStore.fetch($0, id: seriesID) }) else { return 0 }
        let through = now.addingTimeInterval(TimeInterval(series.horizonDays) * 86_400)
        guard through > series.plannedThrough else { return 0 }
        let rule = try RecurrenceRule(parsing: series.rule, timeZone: series.timeZone)
        let fresh = try RecurrenceExpander.occurrences(of: rule, firstStart: series.firstStart, timeZone: series.timeZone,
                                                       duration: series.durationSeconds, from: series.plannedThrough.addingTimeInterval(1), through: through)
        let ids = try context.store.write { db -> [Int64] in
            guard let current = try SeriesStore.fetch(db, id: seriesID), current.plannedThrough == series.plannedThrough else { return [] }
            let known = Set(try SeriesStore.occurrences(db, seriesID: seriesID).map(\.recurrenceAt))
            var ids: [Int64] = []
            for occurrence in fresh where !known.contains(occurrence.recurrenceID) {
                ids.append(try insertOccurrence(db, seriesID: seriesID, template: series.template, occurrence: occurrence, actor: "clock", now: now))
            }
            try SeriesStore.setPlannedThrough(db, id: seriesID, through, now: now)
            return ids
        }
        if series.announced {
            for id in ids {
                _ = try DowntimeService.apply(.announce, to: id, context: context, actor: .clock,
                                              note: "announced with its series", notify: false, now: now)
            }
        }
        return ids.count
    }

    /// Announces every draft occurrence of the series and tells people once: the notice goes out for the first
    /// of them, saying which occurrences it covers.
    static func announce(_ context: AppContext, seriesID: Int64, actor: AuditActor, now: Date = Date()) throws -> Int {
        guard let series = try context.store.read({ try SeriesStore.fetch($0, id: seriesID) }) else { throw DowntimeError.notFound(seriesID) }
        let drafts = try context.store.read { try SeriesStore.occurrences($0, seriesID: seriesID) }.filter { $0.state == .draft }
        guard let first = drafts.first else {
            throw DowntimeError.invalid(["": "Every occurrence of this series is already announced, under way, done or skipped."])
        }
        let summary = "Recurring window (\(series.rule), \(series.timeZone)): this announcement covers \(drafts.count) occurrence(s), "
            + "\(first.window.localStart.readable) to \(drafts.last!.window.localStart.readable), and those the series adds later."
        for (offset, occurrence) in drafts.enumerated() {
            _ = try DowntimeService.apply(.announce, to: occurrence.downtimeID, context: context, actor: actor,
                                          note: offset == 0 ? summary : "announced with its series", notify: offset == 0, now: now)
        }
        try context.store.write { db in
            try SeriesStore.setAnnounced(db, id: seriesID, now: now)
            try AuditLog.record(db, actor: actor.name, action: "announce", objectKind: "downtime_series", objectID: seriesID, objectName: series.template.title,
                                requestID: actor.requestID, at: now)
        }
        return drafts.count
    }

    /// Cancels the series from `from` on: the rule ends before it, and every occurrence starting then or later that
    /// has not started is cancelled; one cancel notice (for the first announced of them) tells people.
    static func cancel(_ context: AppContext, seriesID: Int64, from: Date, actor: AuditActor, note: String = "", notify: Bool = true, now: Date = Date()) throws -> Int {
        guard let series = try context.store.read({ try SeriesStore.fetch($0, id: seriesID) }) else { throw DowntimeError.notFound(seriesID) }
        let rule = try RecurrenceRule(parsing: series.rule, timeZone: series.timeZone)
        let cut = max(from, now)
        let cutRule = try rule.ending(before: cut, timeZone: series.timeZone)
        let affected = try context.store.read { try SeriesStore.occurrences($0, seriesID: seriesID) }
            .filter { $0.window.start >= cut && ($0.state == .draft || $0.state == .scheduled) }
        let summary = "The recurring window is cancelled from \((try? TimeZoneResolver.localDateTime(of: cut, in: series.timeZone))?.readable ?? StoreTime.format(cut)) on "
            + "(\(affected.count) planned occurrence(s))." + (note.isEmpty ? "" : " " + note)
        var told = false
        for occurrence in affected {
            let tell = notify && !told && occurrence.state == .scheduled
            _ = try DowntimeService.apply(.cancel, to: occurrence.downtimeID, context: context, actor: actor,
                                          note: tell ? summary : "cancelled with its series", notify: tell, now: now)
            told = told || tell
        }
        try context.store.write { db in
            // A rule that has no occurrence from the cut on is left as it is (a COUNT rule would otherwise lose its end).
            let remaining = try RecurrenceExpander.next(1, of: rule, firstStart: series.firstStart, timeZone: series.timeZone,
                                                        duration: series.durationSeconds, after: cut)
            if !remaining.isEmpty { try SeriesStore.setRule(db, id: seriesID, rule: cutRule.text, now: now) }
            try AuditLog.record(db, actor: actor.name, action: "cancel", objectKind: "downtime_series", objectID: seriesID, objectName: series.template.title,
                                before: jsonText(["rule": series.rule]), after: jsonText(["rule": cutRule.text]), requestID: actor.requestID, at: now)
        }
        return affected.count
    }

    /// Edits the series from `from` on: the occurrences from then on that have not started are replaced by those of
    /// the new definition (`draft`'s window is the first of them, `rule` the new rule), announced again if the series
    /// was, with one notice saying what changed. Occurrences before `from` keep their windows and history.
    static func edit(_ context: AppContext, seriesID: Int64, from: Date, draft: DowntimeDraft, rule: RecurrenceRule, actor: AuditActor,
                     now: Date = Date()) throws -> Declared {
        guard let old = try context.store.read({ try SeriesStore.fetch($0, id: seriesID) }) else { throw DowntimeError.notFound(seriesID) }
        let cut = max(from, now)
        guard draft.window.start >= cut else {
            throw RecurrenceError.invalid("The first occurrence of the new definition must start on or after the date the change applies from.")
        }
        let replaced = try cancel(context, seriesID: seriesID, from: cut, actor: actor,
                                  note: "replaced by the edited series", notify: false, now: now)
        let declared = try declare(context, draft: draft, rule: rule, horizonDays: old.horizonDays, actor: actor, now: now)
        try context.store.write { db in
            try AuditLog.record(db, actor: actor.name, action: "edit", objectKind: "downtime_series", objectID: seriesID, objectName: old.template.title,
                                before: jsonText(["rule": old.rule, "first_start": old.firstStart.description]),
                                after: jsonText(["continued_as_series": declared.seriesID, "rule": rule.text, "from": StoreTime.format(cut),
                                                 "replaced_occurrences": replaced]), requestID: actor.requestID, at: now)
        }
        if old.announced {
            let drafts = try context.store.read { try SeriesStore.occurrences($0, seriesID: declared.seriesID) }.filter { $0.state == .draft }
            let summary = "The recurring window changes from \(draft.window.localStart.readable) on (\(rule.text), \(draft.window.timeZone)); "
                + "it replaces \(replaced) planned occurrence(s) of the earlier definition."
            for (offset, occurrence) in drafts.enumerated() {
                _ = try DowntimeService.apply(.announce, to: occurrence.downtimeID, context: context, actor: actor,
                                              note: offset == 0 ? summary : "announced with its series", notify: offset == 0, now: now)
            }
            try context.store.write { db in try SeriesStore.setAnnounced(db, id: declared.seriesID, now: now) }
        }
        return declared
    }

    static func jsonText(_ object: [String: Any]) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
