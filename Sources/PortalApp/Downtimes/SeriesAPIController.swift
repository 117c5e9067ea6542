import Foundation
import PortalCore
import PortalHTTP
import PortalRecurrence
import PortalStore

/// Recurring downtimes in the API: `recurrence` on `POST /api/v1/downtimes`, `GET /api/v1/downtimes/:id/occurrences`,
/// and announcing or cancelling a whole series from any of its occurrences.
enum SeriesAPIController {
    /// `POST /api/v1/downtimes` with `recurrence` (an RRULE such as `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`), optional
    /// `until` (a local date in `time_zone`) or `count`, and `horizon_days` (default 90): the window given is the first.
    static func create(_ request: Request, _ context: AppContext, body: [String: Any]) throws -> Response {
        let input = try DowntimeInput(json: body)
        let draft: DowntimeDraft
        switch try context.store.read({ try input.resolve($0) }) {
        case .failure(let errors): throw DowntimeAPIController.invalid(errors.fields)
        case .success(let value): draft = value
        }
        guard let text = body["recurrence"] as? String else {
            throw HTTPError(422, "recurrence must be an RRULE string like \"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU\".", fields: ["recurrence": "must be a string"])
        }
        let until = body["until"] as? String ?? ""
        let count = try body["count"].map { value -> Int in
            guard let number = value as? Int else { throw HTTPError(422, "count must be a whole number.", fields: ["count": "must be a whole number"]) }
            return number
        }
        let horizon = try body["horizon_days"].map { value -> Int in
            guard let days = value as? Int, (1...366).contains(days) else {
                throw HTTPError(422, "horizon_days must be a whole number of days between 1 and 366.", fields: ["horizon_days": "between 1 and 366"])
            }
            return days
        } ?? SeriesService.defaultHorizonDays
        let rule: RecurrenceRule
        let planned: [PlannedOccurrence]
        do {
            rule = try SeriesService.rule(text, until: until, count: count, timeZone: draft.window.timeZone)
            planned = try SeriesService.plan(rule: rule, draft: draft, through: Date().addingTimeInterval(TimeInterval(horizon) * 86_400))
        } catch let error as RecurrenceError {
            throw HTTPError(422, error.message, fields: ["recurrence": error.message])
        }
        let conflicts = try SeriesService.conflicts(context, draft: draft, planned: planned)
        let allConflicts = conflicts.flatMap(\.conflicts)
        if let problem = DowntimeService.overrideProblem(role: request.identity?.role, overrideReason: draft.overrideReason, conflicts: allConflicts) {
            throw HTTPError(403, problem, fields: ["override_reason": problem])
        }
        let frozen = conflicts.filter { !DowntimeService.blockingConflicts($0.conflicts, overrideReason: draft.overrideReason).isEmpty }
        if !frozen.isEmpty {
            let list = frozen.map { "\($0.occurrence.window.localStart.readable): \($0.conflicts.filter { $0.kind == .blackout }.map(\.message).joined(separator: " "))" }
            throw HTTPError(409, "\(frozen.count) occurrence(s) fall in a change freeze (\(list.joined(separator: "; "))). Send override_reason to declare the series anyway.",
                            fields: ["override_reason": "required during a change freeze"])
        }
        let declared: SeriesService.Declared
        do {
            declared = try SeriesService.declare(context, draft: draft, rule: rule, horizonDays: horizon,
                                                 actor: AuditActor(request))
        } catch let error as RecurrenceError {
            throw HTTPError(422, error.message, fields: ["recurrence": error.message])
        }
        guard let first = try context.store.read({ try DowntimeStore.fetch($0, id: declared.downtimeIDs[0]) }) else { throw HTTPError(500, "The downtime vanished.") }
        var object = DowntimeAPIController.json(first)
        object["series"] = try seriesJSON(context, seriesID: declared.seriesID)
        object["conflicts"] = declared.conflicts.flatMap { entry in
            entry.conflicts.map { ["kind": $0.kind.rawValue, "message": $0.message, "occurrence_starts_at": entry.occurrence.window.localStart.description,
                                   "occurrence_starts_at_utc": StoreTime.format(entry.occurrence.window.start)] }
        }
        var response = Response.jsonObject(object, status: 201)
        response.headers.append(("Location", "/api/v1/downtimes/\(first.id)"))
        return response
    }

    /// `GET /api/v1/downtimes/:id/occurrences`: the series the downtime belongs to, every occurrence that exists,
    /// and the next 10 the rule gives (in the declared zone and in UTC).
    @Sendable static func occurrences(_ request: Request, _ context: AppContext) throws -> Response {
        let seriesID = try self.seriesID(request, context)
        return .jsonObject(try seriesJSON(context, seriesID: seriesID))
    }

    /// `POST /api/v1/downtimes/:id/series/announce`: announces every draft occurrence with one notice for the series.
    @Sendable static func announce(_ request: Request, _ context: AppContext) throws -> Response {
        let seriesID = try self.seriesID(request, context)
        do {
            let count = try SeriesService.announce(context, seriesID: seriesID, actor: AuditActor(request))
            var object = try seriesJSON(context, seriesID: seriesID)
            object["announced"] = count
            return .jsonObject(object)
        } catch DowntimeError.invalid(let errors) {
            throw HTTPError(409, errors.values.first ?? "Nothing to announce.")
        }
    }

    /// `POST /api/v1/downtimes/:id/series/cancel` with `{"from": "2027-03-01"}` (a local date or date-time in the
    /// series' zone; default now): cancels every occurrence from then on that has not started, with one notice.
    @Sendable static func cancel(_ request: Request, _ context: AppContext) throws -> Response {
        let seriesID = try self.seriesID(request, context)
        let body = request.body.isEmpty ? [:] : try request.jsonObject()
        guard let series = try context.store.read({ try SeriesStore.fetch($0, id: seriesID) }) else { throw HTTPError.notFound() }
        var from = Date()
        if let text = body["from"] as? String, !text.isEmpty {
            guard let local = (try? LocalDateTime(parsing: text)) ?? (try? LocalDateTime(parsing: text + "T00:00")) else {
                throw HTTPError(422, "from must be a date like 2027-03-01 or a local date-time in \(series.timeZone).", fields: ["from": "not a date"])
            }
            from = try OccurrencePlacement.place(local, in: series.timeZone).instant
        }
        let count = try SeriesService.cancel(context, seriesID: seriesID, from: from, actor: AuditActor(request), note: String((body["note"] as? String ?? "").prefix(2000)))
        var object = try seriesJSON(context, seriesID: seriesID)
        object["cancelled"] = count
        return .jsonObject(object)
    }

    /// `POST /api/v1/downtimes/:id/series/edit`: the same body as declaring (title, targets, `starts_at`/`ends_at` of the
    /// first occurrence under the new definition, `recurrence`, ...) plus `from` (a local date, default the new start's
    /// day): occurrences from then on that have not started are re-planned, with one notice when the series was announced.
    @Sendable static func edit(_ request: Request, _ context: AppContext) throws -> Response {
        let seriesID = try self.seriesID(request, context)
        let body = try request.jsonObject()
        let draft: DowntimeDraft
        switch try context.store.read({ try DowntimeInput(json: body).resolve($0) }) {
        case .failure(let errors): throw DowntimeAPIController.invalid(errors.fields)
        case .success(let value): draft = value
        }
        guard let text = body["recurrence"] as? String else {
            throw HTTPError(422, "recurrence must be an RRULE string like \"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU\".", fields: ["recurrence": "must be a string"])
        }
        var from = draft.window.start
        if let day = body["from"] as? String, !day.isEmpty {
            guard let local = (try? LocalDateTime(parsing: day)) ?? (try? LocalDateTime(parsing: day + "T00:00")) else {
                throw HTTPError(422, "from must be a date like 2027-03-01 in the series' zone.", fields: ["from": "not a date"])
            }
            from = try OccurrencePlacement.place(local, in: draft.window.timeZone).instant
        }
        do {
            let rule = try SeriesService.rule(text, until: body["until"] as? String ?? "", count: body["count"] as? Int, timeZone: draft.window.timeZone)
            let declared = try SeriesService.edit(context, seriesID: seriesID, from: from, draft: draft, rule: rule, actor: AuditActor(request))
            var object = try seriesJSON(context, seriesID: declared.seriesID)
            object["replaces_series_id"] = seriesID
            return .jsonObject(object)
        } catch let error as RecurrenceError {
            throw HTTPError(422, error.message, fields: ["recurrence": error.message])
        }
    }

    static func seriesID(_ request: Request, _ context: AppContext) throws -> Int64 {
        let downtime = try DowntimeController.load(request, context)
        guard let id = try context.store.read({ try SeriesStore.seriesID($0, downtimeID: downtime.id) }) else {
            throw HTTPError.notFound("DT-\(downtime.id) is a single downtime, not an occurrence of a recurring series.")
        }
        return id
    }

    /// The series in JSON: rule, zone, horizon, occurrences (with skips and DST notes) and the next 10.
    static func seriesJSON(_ context: AppContext, seriesID: Int64, now: Date = Date()) throws -> [String: Any] {
        let view = try SeriesView.load(context, seriesID: seriesID, now: now)
        return [
            "series_id": view.series.id, "recurrence": view.series.rule, "time_zone": view.series.timeZone,
            "first_starts_at": view.series.firstStart.description, "duration_minutes": view.series.durationSeconds / 60,
            "horizon_days": view.series.horizonDays, "planned_through": StoreTime.format(view.series.plannedThrough),
            "announced": view.series.announced,
            "items": view.occurrences.map { occurrence -> [String: Any] in
                [
                    "id": occurrence.downtimeID, "state": occurrence.state.rawValue,
                    "starts_at": occurrence.window.localStart.description, "ends_at": occurrence.window.localEnd.description,
                    "starts_at_utc": StoreTime.format(occurrence.window.start), "ends_at_utc": StoreTime.format(occurrence.window.end),
                    "recurrence_id": StoreTime.format(occurrence.recurrenceAt), "skipped": occurrence.state == .cancelled,
                    "adjustment": view.adjustments[occurrence.recurrenceAt].map { $0.adjustment.rawValue.isEmpty ? NSNull() : $0.adjustment.rawValue as Any } ?? NSNull(),
                    "adjustment_note": view.adjustments[occurrence.recurrenceAt]?.adjustmentNote.map { $0 as Any } ?? NSNull(),
                ]
            },
            "next": view.next.map { occurrence -> [String: Any] in
                ["starts_at": occurrence.window.localStart.description, "ends_at": occurrence.window.localEnd.description,
                 "starts_at_utc": StoreTime.format(occurrence.window.start), "ends_at_utc": StoreTime.format(occurrence.window.end),
                 "adjustment_note": occurrence.adjustmentNote.map { $0 as Any } ?? NSNull()]
            },
        ]
    }
}

/// A series with its occurrences and the rule's view of them, shared by the API, the page and the invite.
struct SeriesView {
    let series: SeriesRecord
    let rule: RecurrenceRule
    let occurrences: [SeriesOccurrence]
    /// What the rule gives for each existing occurrence (by recurrence instant): the reading and its DST note.
    let adjustments: [Date: PlannedOccurrence]
    /// The next 10 occurrences the rule gives from now.
    let next: [PlannedOccurrence]

    static func load(_ context: AppContext, seriesID: Int64, now: Date = Date()) throws -> SeriesView {
        let (series, occurrences) = try context.store.read { db in
            (try SeriesStore.fetch(db, id: seriesID), try SeriesStore.occurrences(db, seriesID: seriesID))
        }
        guard let series else { throw HTTPError.notFound("There is no such series.") }
        let rule = try RecurrenceRule(parsing: series.rule, timeZone: series.timeZone)
        let through = max(series.plannedThrough, occurrences.last?.recurrenceAt ?? series.plannedThrough)
        let planned = try RecurrenceExpander.occurrences(of: rule, firstStart: series.firstStart, timeZone: series.timeZone,
                                                         duration: series.durationSeconds, through: through)
        let next = try RecurrenceExpander.next(10, of: rule, firstStart: series.firstStart, timeZone: series.timeZone,
                                               duration: series.durationSeconds, after: now)
        return SeriesView(series: series, rule: rule, occurrences: occurrences,
                          adjustments: Dictionary(planned.map { ($0.recurrenceID, $0) }, uniquingKeysWith: { first, _ in first }), next: next)
    }
}
