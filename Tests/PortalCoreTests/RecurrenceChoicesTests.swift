import Testing
@testable import PortalCore

/// The recurrence form's plain choices written down as RRULE text, and said back in words.
@Suite struct RecurrenceChoicesTests {
    @Test(arguments: [
        (RecurrenceChoices(pattern: .weekly, interval: 2, weekdays: ["TU"], end: .until(year: 2027, month: 6, day: 30)),
         "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630", "Every 2 weeks on Tuesday, until 2027-06-30"),
        (RecurrenceChoices(pattern: .weekly, weekdays: ["TH", "MO"], end: .count(10)),
         "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10", "Every week on Monday and Thursday, 10 times"),
        (RecurrenceChoices(pattern: .monthlyWeekday, weekdays: ["TU"], ordinal: 2, end: .count(12)),
         "FREQ=MONTHLY;BYDAY=2TU;COUNT=12", "The second Tuesday of every month, 12 times"),
        (RecurrenceChoices(pattern: .monthlyWeekday, interval: 3, weekdays: ["FR"], ordinal: -1, end: .until(year: 2028, month: 1, day: 1)),
         "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR;UNTIL=20280101", "The last Friday of every 3 months, until 2028-01-01"),
        (RecurrenceChoices(pattern: .monthlyDay, monthDay: 15, end: .count(1)),
         "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=1", "Day 15 of every month, 1 time"),
        (RecurrenceChoices(pattern: .daily, interval: 3, end: .count(5)), "FREQ=DAILY;INTERVAL=3;COUNT=5", "Every 3 days, 5 times"),
    ])
    func writesTheRule(choices: RecurrenceChoices, rule: String, summary: String) {
        #expect(choices.problems.isEmpty)
        #expect(choices.rule == rule)
        #expect(choices.summary == summary)
    }

    @Test(arguments: [
        (RecurrenceChoices(pattern: .weekly, end: .count(3)), "weekdays", "Choose at least one weekday."),
        (RecurrenceChoices(pattern: .weekly, interval: 0, weekdays: ["MO"], end: .count(3)), "interval", "Repeat every 1 to 99 days, weeks or months."),
        (RecurrenceChoices(pattern: .monthlyWeekday, weekdays: ["MO", "TU"], ordinal: 2, end: .count(3)), "weekdays", "Choose one weekday."),
        (RecurrenceChoices(pattern: .monthlyWeekday, weekdays: ["MO"], ordinal: 7, end: .count(3)), "ordinal", "Choose first, second, third, fourth or last."),
        (RecurrenceChoices(pattern: .monthlyDay, monthDay: 32, end: .count(3)), "month_day", "The day of the month must be between 1 and 31."),
        (RecurrenceChoices(pattern: .daily, end: .count(0)), "count", "The number of occurrences must be between 1 and 1000."),
    ])
    func refusesChoicesThatMakeNoRule(choices: RecurrenceChoices, field: String, message: String) {
        #expect(choices.problems[field] == message)
    }
}
