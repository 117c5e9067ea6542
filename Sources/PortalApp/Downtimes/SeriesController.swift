import Foundation
import PortalCore
import PortalHTTP
import PortalRecurrence
import PortalStore

/// Declaring a recurring window from the page (plain choices, preview of the next 10 occurrences, conflicts per
/// occurrence) and moving the series: announce it, skip one occurrence, cancel it from a date on.
enum SeriesController {
    /// Editing an existing series from a date on, rather than declaring a new one.
    struct Editing {
        let seriesID: Int64
        /// The local date (in the series' zone) from which the new definition applies, as typed.
        let from: String
    }

    struct FormModel {
        let site: SiteChrome
        let title: String
        let action: String
        let cancelLink: String
        let isEdit: Bool
        let from: String
        let form: DowntimeController.FormModel
        let recurrence: RecurrenceFormModel
        let occurrences: [OccurrenceRow]
        let hasOccurrences: Bool
        let summary: String
        let conflictCount: Int
        let hasConflictRows: Bool
        let hasErrors: Bool
        let errorSummary: [String]
        let confirm: Bool
    }

    struct RecurrenceFormModel {
        struct Weekday {
            let code: String
            let name: String
            let checked: Bool
        }

        let patterns: [ListPage.Option]
        let interval: String
        let weekdays: [Weekday]
        let ordinals: [ListPage.Option]
        let ordinalWeekdays: [ListPage.Option]
        let monthDay: String
        let endsUntil: Bool
        let endsCount: Bool
        let until: String
        let count: String
        let rule: String
        let horizonDays: String
        let errors: [String: String]
    }

    /// One previewed or stored occurrence: the window in the declared zone and in UTC, a DST note, its conflicts.
    struct OccurrenceRow {
        let local: String
        let utc: String
        let note: String
        let conflicts: [String]
        let hasConflicts: Bool
    }

    static func recurrenceModel(_ input: RecurrenceInput, errors: [String: String]) -> RecurrenceFormModel {
        let labels: [RecurrenceChoices.Pattern: String] = [.weekly: "Weekly", .monthlyWeekday: "Monthly, Nth weekday",
                                                           .monthlyDay: "Monthly, day of month", .daily: "Daily"]
        let order: [RecurrenceChoices.Pattern] = [.weekly, .monthlyWeekday, .monthlyDay, .daily]
        return RecurrenceFormModel(
            patterns: order.map { ListPage.Option(value: $0.rawValue, label: labels[$0]!, selected: $0.rawValue == input.pattern) },
            interval: input.interval,
            weekdays: RecurrenceChoices.weekdayCodes.enumerated().map {
                .init(code: $0.element, name: RecurrenceChoices.weekdayNames[$0.offset], checked: input.weekdays.contains($0.element))
            },
            ordinals: RecurrenceChoices.ordinals.map { ListPage.Option(value: String($0.value), label: $0.label, selected: String($0.value) == input.ordinal) },
            ordinalWeekdays: RecurrenceChoices.weekdayCodes.enumerated().map {
                ListPage.Option(value: $0.element, label: RecurrenceChoices.weekdayNames[$0.offset], selected: $0.element == input.ordinalWeekday)
            },
            monthDay: input.monthDay, endsUntil: input.ends == "until", endsCount: input.ends != "until", until: input.until, count: input.count,
            rule: input.rule, horizonDays: input.horizonDays, errors: errors)
    }

    static func page(_ request: Request, _ context: AppContext, input: DowntimeInput, recurrence: RecurrenceInput, errors: [String: String],
                     occurrences: [OccurrenceRow] = [], summary: String = "", preview: ImpactView? = nil, conflicts: [Conflict] = [],
                     confirm: Bool = false, editing: Editing? = nil, status: Int = 200) throws -> Response {
        let title = editing == nil ? "Declare a recurring window" : "Change the recurring window from a date on"
        let action = editing.map { "/series/\($0.seriesID)/edit" } ?? "/series"
        let form = DowntimeController.formModel(request, input: input, errors: errors, action: action, title: title, preview: preview, conflicts: conflicts)
        let labels = ["from": "From", "repeat": "Repeat", "interval": "Every", "weekdays": "Weekdays", "ordinal": "Which weekday", "month_day": "Day of the month",
                      "until": "Until", "count": "Occurrences", "rule": "Rule", "horizon_days": "Horizon", "recurrence": "Recurrence"]
        let recurrenceErrors = errors.filter { labels[$0.key] != nil }
        let summaryLines = form.errorSummary + recurrenceErrors.sorted { $0.key < $1.key }.map { "\(labels[$0.key]!): \($0.value)" }
            .filter { !form.errorSummary.contains($0) }
        let model = FormModel(site: SiteChrome(request), title: title, action: action,
                              cancelLink: editing.map { "/series/\($0.seriesID)" } ?? "/downtimes", isEdit: editing != nil, from: editing?.from ?? "", form: form, recurrence: recurrenceModel(recurrence, errors: recurrenceErrors),
                              occurrences: occurrences, hasOccurrences: !occurrences.isEmpty, summary: summary,
                              conflictCount: occurrences.filter(\.hasConflicts).count,
                              hasConflictRows: occurrences.contains(where: \.hasConflicts), hasErrors: !errors.isEmpty,
                              errorSummary: Array(Set(summaryLines)).sorted(), confirm: confirm)
        return try context.views.page("downtimes/series-form", model, status: status)
    }

    @Sendable static func new(_ request: Request, _ context: AppContext) throws -> Response {
        var input = DowntimeInput()
        input.timeZone = try DowntimeController.userTimeZone(request, context)
        return try page(request, context, input: input, recurrence: RecurrenceInput(), errors: [:])
    }

    /// First submit previews the next 10 occurrences (zone and UTC), conflicts per occurrence in the horizon and the
    /// impact; `confirm=yes` declares the series and its occurrences as drafts.
    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        try submit(request, context, form: try request.form(), editing: nil)
    }

    /// `GET /series/:id/edit`: the series' definition as its next occurrence has it, to change from a date on.
    @Sendable static func editForm(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try seriesID(request)
        let (series, occurrences) = try context.store.read { db in (try SeriesStore.fetch(db, id: id), try SeriesStore.occurrences(db, seriesID: id)) }
        guard let series else { throw HTTPError.notFound("There is no such series.") }
        let now = Date()
        guard let next = occurrences.first(where: { $0.window.start > now && ($0.state == .draft || $0.state == .scheduled) }),
              let record = try context.store.read({ try DowntimeStore.fetch($0, id: next.downtimeID) }) else {
            return Flash.redirect(to: "/series/\(id)", kind: "error", message: "No occurrence of this series is still to come; declare a new one instead.")
        }
        var recurrence = RecurrenceInput()
        recurrence.rule = series.rule
        recurrence.horizonDays = String(series.horizonDays)
        return try page(request, context, input: DowntimeInput(record: record), recurrence: recurrence, errors: [:],
                        editing: Editing(seriesID: id, from: String(record.window.localStart.description.prefix(10))))
    }

    /// `POST /series/:id/edit`: previews the new definition, then replaces the occurrences from the date on.
    @Sendable static func edit(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try seriesID(request)
        let form = try request.form()
        return try submit(request, context, form: form, editing: Editing(seriesID: id, from: (form["from"] ?? "").trimmingCharacters(in: .whitespaces)))
    }

    static func submit(_ request: Request, _ context: AppContext, form: FormData, editing: Editing?) throws -> Response {
        let input = DowntimeInput(form: form)
        let recurrenceInput = RecurrenceInput(form: form)
        var errors: [String: String] = [:]
        let resolved = try context.store.read { try input.resolve($0) }
        if case .failure(let fieldErrors) = resolved { errors.merge(fieldErrors.fields) { a, _ in a } }
        var ruleText = recurrenceInput.rule
        var summary = ""
        if ruleText.isEmpty {
            switch recurrenceInput.choices() {
            case .failure(let problems): errors.merge(problems.fields) { a, _ in a }
            case .success(let choices): ruleText = choices.rule; summary = choices.summary
            }
        }
        if recurrenceInput.horizon == nil { errors["horizon_days"] = "The horizon must be between 1 and 366 days." }
        var from: Date?
        if let editing {
            if let day = try? LocalDateTime(parsing: editing.from + "T00:00"), FieldRules.timeZone(input.timeZone) == nil {
                from = try OccurrencePlacement.place(day, in: input.timeZone).instant
                if case .success(let draft) = resolved, draft.window.start < from! {
                    errors["starts_at"] = "The first occurrence of the new definition must start on or after \(editing.from)."
                }
            } else {
                errors["from"] = "Give the date from which the change applies, like 2027-03-01."
            }
        }
        guard errors.isEmpty, case .success(let draft) = resolved, let horizon = recurrenceInput.horizon else {
            return try page(request, context, input: input, recurrence: recurrenceInput, errors: errors, editing: editing, status: 422)
        }
        let rule: RecurrenceRule
        let planned: [PlannedOccurrence]
        let next: [PlannedOccurrence]
        do {
            rule = try SeriesService.rule(ruleText, until: "", count: nil, timeZone: draft.window.timeZone)
            planned = try SeriesService.plan(rule: rule, draft: draft, through: Date().addingTimeInterval(TimeInterval(horizon) * 86_400))
            next = try RecurrenceExpander.next(10, of: rule, firstStart: planned[0].ruleStart, timeZone: draft.window.timeZone,
                                               duration: Int(draft.window.duration), after: planned[0].window.start)
        } catch let error as RecurrenceError {
            errors[recurrenceInput.rule.isEmpty ? "repeat" : "rule"] = error.message
            return try page(request, context, input: input, recurrence: recurrenceInput, errors: errors, editing: editing, status: 422)
        }
        var perOccurrence = try SeriesService.conflicts(context, draft: draft, planned: planned)
        if let editing, let from {
            // The occurrences being replaced are no conflict with their replacements.
            let replaced = Set(try context.store.read { try SeriesStore.occurrences($0, seriesID: editing.seriesID) }
                .filter { $0.window.start >= from }.map(\.downtimeID))
            perOccurrence = perOccurrence.compactMap { entry in
                let kept = entry.conflicts.filter { $0.downtimeID.map { !replaced.contains($0) } ?? true }
                return kept.isEmpty ? nil : SeriesService.OccurrenceConflicts(occurrence: entry.occurrence, conflicts: kept)
            }
        }
        let allConflicts = perOccurrence.flatMap(\.conflicts)
        var blocking = DowntimeService.blockingConflicts(allConflicts, overrideReason: draft.overrideReason)
        let overrideProblem = DowntimeService.overrideProblem(role: request.identity?.role, overrideReason: draft.overrideReason, conflicts: allConflicts)
        if overrideProblem != nil { blocking = allConflicts.filter { $0.kind == .blackout } }
        if form["confirm"] != "yes" || !blocking.isEmpty {
            if form["confirm"] == "yes" {
                errors["override_reason"] = overrideProblem ?? "Some occurrences fall in a change freeze. Give a reason to override it, or change the rule."
            }
            let byStart = Dictionary(perOccurrence.map { ($0.occurrence.recurrenceID, $0.conflicts.map(\.message)) }, uniquingKeysWith: { a, _ in a })
            let shown = (next + perOccurrence.map(\.occurrence).filter { occurrence in !next.contains { $0.recurrenceID == occurrence.recurrenceID } })
                .sorted { $0.recurrenceID < $1.recurrenceID }
            let rows = shown.map { row($0.window, note: $0.adjustmentNote ?? "", conflicts: byStart[$0.recurrenceID] ?? []) }
            let inventory = try context.inventory.current(context.store)
            let impact = try DowntimeService.impact(inventory: inventory, targets: draft.targets, overlapping: [])
            return try page(request, context, input: input, recurrence: recurrenceInput, errors: errors, occurrences: rows,
                            summary: (summary.isEmpty ? rule.text : summary) + " · \(Plural.count(planned.count, "occurrence")) within the next \(Plural.count(horizon, "day")) \(planned.count == 1 ? "is" : "are") created now",
                            preview: ImpactView(impact, inventory: inventory, serverLimit: 50), conflicts: allConflicts, confirm: true,
                            editing: editing, status: errors.isEmpty ? 200 : 422)
        }
        if let editing, let from {
            do {
                let continued = try SeriesService.edit(context, seriesID: editing.seriesID, from: from, draft: draft, rule: rule,
                                                       actor: AuditActor(request))
                return Flash.redirect(to: "/series/\(continued.seriesID)",
                                      message: "From \(editing.from) on the window follows the new definition (\(continued.downtimeIDs.count) occurrence(s) planned); the earlier occurrences stay as they were.")
            } catch let error as RecurrenceError {
                errors["starts_at"] = error.message
                return try page(request, context, input: input, recurrence: recurrenceInput, errors: errors, editing: editing, status: 422)
            }
        }
        let declared = try SeriesService.declare(context, draft: draft, rule: rule, horizonDays: horizon,
                                                 actor: AuditActor(request))
        return Flash.redirect(to: "/series/\(declared.seriesID)",
                              message: "The recurring window was saved with \(declared.downtimeIDs.count) occurrence(s) as drafts. Announce the series to tell people once.")
    }

    static func row(_ window: TimeWindow, note: String, conflicts: [String]) -> OccurrenceRow {
        OccurrenceRow(local: window.line(in: window.timeZone), utc: window.line(in: "UTC"), note: note, conflicts: conflicts, hasConflicts: !conflicts.isEmpty)
    }

    static func seriesID(_ request: Request) throws -> Int64 {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound("There is no such series.") }
        return id
    }

    /// `POST /series/:id/announce`: every draft occurrence announced, one notice for the series.
    @Sendable static func announce(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try seriesID(request)
        do {
            let count = try SeriesService.announce(context, seriesID: id, actor: AuditActor(request))
            return Flash.redirect(to: "/series/\(id)", message: "\(count) occurrence(s) announced, with one notice for the series.")
        } catch DowntimeError.invalid(let errors) {
            return Flash.redirect(to: "/series/\(id)", kind: "error", message: errors.values.first ?? "Nothing to announce.")
        } catch DowntimeError.notFound {
            throw HTTPError.notFound("There is no such series.")
        }
    }

    /// `POST /series/:id/skip` with `downtime`: cancels that one occurrence (an EXDATE in the invite).
    @Sendable static func skip(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try seriesID(request)
        let form = try request.form()
        guard let downtimeID = Int64(form["downtime"] ?? ""),
              try context.store.read({ try SeriesStore.seriesID($0, downtimeID: downtimeID) }) == id else {
            throw HTTPError(404, "That downtime is not an occurrence of this series.")
        }
        do {
            _ = try DowntimeService.apply(.cancel, to: downtimeID, context: context, actor: AuditActor(request),
                                          note: "occurrence skipped" + ((form["note"] ?? "").isEmpty ? "" : ": " + String(form["note"]!.prefix(500))))
        } catch let error as ScheduleError {
            return Flash.redirect(to: "/series/\(id)", kind: "error", message: error.message)
        }
        return Flash.redirect(to: "/series/\(id)", message: "DT-\(downtimeID) is skipped; the other occurrences stay as they are.")
    }

    /// `POST /series/:id/cancel` with `from` (a date in the series' zone): the series ends before it.
    @Sendable static func cancel(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try seriesID(request)
        let form = try request.form()
        guard let series = try context.store.read({ try SeriesStore.fetch($0, id: id) }) else { throw HTTPError.notFound("There is no such series.") }
        guard let day = try? LocalDateTime(parsing: (form["from"] ?? "").trimmingCharacters(in: .whitespaces) + "T00:00") else {
            return Flash.redirect(to: "/series/\(id)", kind: "error", message: "Give the date from which the series is cancelled, like 2027-03-01.")
        }
        let from = try OccurrencePlacement.place(day, in: series.timeZone).instant
        let count = try SeriesService.cancel(context, seriesID: id, from: from, actor: AuditActor(request), note: String((form["note"] ?? "").prefix(2000)))
        return Flash.redirect(to: "/series/\(id)", message: "The series is cancelled from \(day.description.prefix(10)) on: \(count) occurrence(s) cancelled, with one notice.")
    }
}
