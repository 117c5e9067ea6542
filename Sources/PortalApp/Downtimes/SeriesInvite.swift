import Foundation
import PortalCore
import PortalHTTP
import PortalMail
import PortalRecurrence
import PortalStore

/// The calendar entry of a recurring window: one VEVENT with RRULE in the series' zone (with its VTIMEZONE), EXDATE
/// for skipped occurrences and a RECURRENCE-ID event for each occurrence whose window was changed on its own.
enum SeriesInvite {
    /// The same UID wherever the series appears.
    static func uid(seriesID: Int64, baseURL: String) -> String {
        "forewarn-series-\(seriesID)@\(URL(string: baseURL)?.host ?? "forewarn.invalid")"
    }

    /// The series as a calendar: PUBLISH to download, or REQUEST from `organizer` to `attendee` in a notice.
    static func calendar(_ context: AppContext, seriesID: Int64, baseURL: String, organizer: MailAddress? = nil, attendee: MailAddress? = nil) throws -> ICSCalendar {
        let view = try SeriesView.load(context, seriesID: seriesID)
        let series = view.series
        let (targets, revisions) = try context.store.read { db in
            (try view.occurrences.first.map { try DowntimeStore.targets(db, downtimeID: $0.downtimeID) } ?? [],
             try AuditLog.recent(db, objectKind: "downtime_series", objectID: seriesID, limit: 1000).count)
        }
        let first = try OccurrencePlacement.place(series.firstStart, in: series.timeZone).instant
        let link = "\(baseURL)/series/\(seriesID)"
        let summary = "[\(NoticePlanner.kindLabel(series.template.kind))] \(series.template.title)"
        let description = [series.template.reason, series.template.changeTicket.isEmpty ? "" : "Ticket: \(series.template.changeTicket)", link]
            .filter { !$0.isEmpty }.joined(separator: "\n")
        let location = targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", ")
        // Every series change (create, announce, cancel, each skip or move) is a new revision of the one entry.
        let changed = view.occurrences.filter { occurrence in
            guard occurrence.state != .cancelled, let planned = view.adjustments[occurrence.recurrenceAt] else { return false }
            return planned.window.start != occurrence.window.start || planned.window.end != occurrence.window.end
        }
        let skipped = view.occurrences.filter { $0.state == .cancelled }.map(\.recurrenceAt)
        let sequence = max(0, revisions - 1) + skipped.count + changed.count
        func event(start: Date, end: Date) -> ICSEvent {
            var event = ICSEvent(uid: uid(seriesID: seriesID, baseURL: baseURL), sequence: sequence, stamp: series.updatedAt, start: start, end: end,
                                 summary: summary, description: description, location: location.isEmpty ? nil : location, url: URL(string: link),
                                 organizer: organizer, attendees: attendee.map { [$0] } ?? [])
            event.timeZone = series.timeZone
            return event
        }
        var master = event(start: first, end: first.addingTimeInterval(TimeInterval(series.durationSeconds)))
        master.recurrenceRule = series.rule
        master.exceptionDates = skipped
        var events = [master]
        for occurrence in changed {
            var override = event(start: occurrence.window.start, end: occurrence.window.end)
            override.recurrenceID = occurrence.recurrenceAt
            override.url = URL(string: "\(baseURL)/downtimes/\(occurrence.downtimeID)")
            events.append(override)
        }
        var calendar = organizer == nil ? ICSCalendar(method: .publish, events: events, name: series.template.title) : ICSCalendar(method: .request, events: events)
        if let component = TimeZoneComponent.lines(for: series.timeZone), series.timeZone != "UTC" {
            calendar.timeZoneComponents = [component]
        }
        return calendar
    }

    /// For a notice about an occurrence of an announced series, the series entry (REQUEST, with its current skips and
    /// moves) replaces the single occurrence's invite, so calendars hold one recurring entry kept up to date; nil otherwise.
    static func forNotice(_ context: AppContext, row: OutboxRecord, payload: NoticePayload, from: MailAddress) throws -> ICSCalendar? {
        guard payload.event.carriesInvite, let downtimeID = row.downtimeID,
              let seriesID = try context.store.read({ try SeriesStore.seriesID($0, downtimeID: downtimeID) }),
              try context.store.read({ try SeriesStore.fetch($0, id: seriesID) })?.announced == true else { return nil }
        let base = payload.baseURL.hasSuffix("/") ? String(payload.baseURL.dropLast()) : payload.baseURL
        let to = try MailAddress(row.recipient, name: row.recipientName.isEmpty ? nil : row.recipientName)
        return try calendar(context, seriesID: seriesID, baseURL: base, organizer: from, attendee: to)
    }

    /// `GET /series/:id/invite.ics`: the series as one calendar entry to import or attach to the change ticket.
    @Sendable static func download(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try SeriesController.seriesID(request)
        let text = try calendar(context, seriesID: id, baseURL: PublicURL.current(context).base).render()
        return Response(status: 200, headers: [("Content-Type", "text/calendar; charset=utf-8"),
                                               ("Content-Disposition", "attachment; filename=\"forewarn-series-\(id).ics\"")],
                        body: Array(text.utf8))
    }
}
