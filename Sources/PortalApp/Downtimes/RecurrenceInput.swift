import Foundation
import PortalCore
import PortalHTTP

/// What a person chose in the recurrence part of the series form, before it is checked.
struct RecurrenceInput: Sendable {
    var pattern = "weekly"
    var interval = "1"
    var weekdays: [String] = []
    var ordinal = "1"
    var ordinalWeekday = "TU"
    var monthDay = "1"
    var ends = "count"
    var until = ""
    var count = "12"
    /// An RRULE typed by hand (advanced); when given it wins over the choices.
    var rule = ""
    var horizonDays = "90"

    init() {}

    init(form: FormData) {
        pattern = form["repeat"] ?? pattern
        interval = form["interval"] ?? interval
        weekdays = form.all("weekday")
        ordinal = form["nth"] ?? ordinal
        ordinalWeekday = form["nth_weekday"] ?? ordinalWeekday
        monthDay = form["month_day"] ?? monthDay
        ends = form["ends"] ?? ends
        until = form["until"] ?? ""
        count = form["count"] ?? count
        rule = (form["rule"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        horizonDays = form["horizon_days"] ?? horizonDays
    }

    /// The choices as PortalCore's value, or field errors.
    func choices() -> Result<RecurrenceChoices, FieldErrors> {
        var errors: [String: String] = [:]
        guard let pattern = RecurrenceChoices.Pattern(rawValue: pattern) else { return .failure(FieldErrors(["repeat": "Choose how the window repeats."])) }
        let interval = Int(self.interval.trimmingCharacters(in: .whitespaces)) ?? 0
        let end: RecurrenceChoices.End
        if ends == "until" {
            if let day = try? LocalDateTime(parsing: until.trimmingCharacters(in: .whitespaces) + "T00:00") {
                end = .until(year: day.year, month: day.month, day: day.day)
            } else {
                errors["until"] = "Give the last date an occurrence may start, like 2027-06-30."
                end = .count(1)
            }
        } else {
            end = .count(Int(count.trimmingCharacters(in: .whitespaces)) ?? 0)
        }
        let choices = RecurrenceChoices(pattern: pattern, interval: interval,
                                        weekdays: pattern == .monthlyWeekday ? [ordinalWeekday] : weekdays,
                                        ordinal: Int(ordinal) ?? 0, monthDay: Int(monthDay.trimmingCharacters(in: .whitespaces)) ?? 0, end: end)
        errors.merge(choices.problems) { first, _ in first }
        return errors.isEmpty ? .success(choices) : .failure(FieldErrors(errors))
    }

    /// The horizon in days (1...366), or nil when it is not a number in range.
    var horizon: Int? {
        Int(horizonDays.trimmingCharacters(in: .whitespaces)).flatMap { (1...366).contains($0) ? $0 : nil }
    }
}
