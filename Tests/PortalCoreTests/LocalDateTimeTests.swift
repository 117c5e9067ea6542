import Foundation
import Testing
@testable import PortalCore

@Suite struct LocalDateTimeTests {
    @Test(arguments: [
        ("2027-01-12T22:00:00", [2027, 1, 12, 22, 0, 0]),
        ("2027-01-12T22:00", [2027, 1, 12, 22, 0, 0]),
        ("2027-01-12T22:00:45", [2027, 1, 12, 22, 0, 45]),
        ("2027-01-12T22:00:00.000", [2027, 1, 12, 22, 0, 0]),   // datetime-local with a seconds step
        ("2027-01-12 22:00", [2027, 1, 12, 22, 0, 0]),          // HTML allows a space
        ("2027-01-12t07:05", [2027, 1, 12, 7, 5, 0]),
        ("  2027-01-12T22:00\n", [2027, 1, 12, 22, 0, 0]),      // pasted with spaces
        ("2028-02-29T00:00", [2028, 2, 29, 0, 0, 0]),           // leap day
        ("2000-02-29T23:59:59", [2000, 2, 29, 23, 59, 59]),     // 400-year leap rule
    ])
    func parsesAcceptedForms(input: String, expected: [Int]) throws {
        let value = try LocalDateTime(parsing: input)
        #expect([value.year, value.month, value.day, value.hour, value.minute, value.second] == expected)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("2027-01-12", "the time is missing"),
        ("12/01/2027 22:00", "the date must look like 2027-01-12"),
        ("2027-1-12T22:00", "the date must look like 2027-01-12"),
        ("2027-01-12X22:00", "separated by T"),
        ("2027-01-12T2200", "the time must look like 22:00"),
        ("2027-01-12T22:00:5", "the seconds must be two digits"),
        ("2027-01-12T22:00:00.5", "fractions of a second are not supported"),
        ("2027-01-12T22:00:00.0000", "1 to 3 digits"),
        ("2027-01-12T22:00:00Z", "includes a time zone (Z)"),
        ("2027-01-12T22:00+01:00", "includes a time zone (+01:00)"),
        ("2027-01-12T22:00:00-0500", "includes a time zone (-0500)"),
        ("2027-01-12T22:00 CET", "unexpected text after the time"),
        ("2027-13-01T10:00", "the month must be between 01 and 12"),
        ("2027-00-01T10:00", "the month must be between 01 and 12"),
        ("2027-02-29T10:00", "February 2027 has 28 days"),
        ("2100-02-29T10:00", "February 2100 has 28 days"),
        ("2027-04-31T10:00", "April 2027 has 30 days"),
        ("2027-01-12T24:00", "the hour must be between 00 and 23"),
        ("2027-01-12T22:60", "the minutes must be between 00 and 59"),
        ("2027-01-12T22:00:60", "the seconds must be between 00 and 59"),
        ("0000-01-12T22:00", "the year must be between 0001 and 9999"),
    ])
    func refusesWithAProblemThePersonCanFix(input: String, problem: String) {
        let error = #expect(throws: ScheduleError.self) { try LocalDateTime(parsing: input) }
        guard case .invalidDateTime(_, let reported)? = error else {
            Issue.record("expected invalidDateTime, got \(String(describing: error))")
            return
        }
        #expect(reported.contains(problem), "\(reported)")
        #expect(error!.message.hasSuffix("Use the form 2027-01-12T22:00."))
    }

    @Test func messageQuotesTheInputAndTheProblem() {
        #expect(throws: ScheduleError.invalidDateTime(input: "2027-04-31T10:00", problem: "April 2027 has 30 days")) {
            try LocalDateTime(parsing: "2027-04-31T10:00")
        }
        let error = ScheduleError.invalidDateTime(input: "2027-04-31T10:00", problem: "April 2027 has 30 days")
        #expect(error.message == "“2027-04-31T10:00” is not a valid date and time: April 2027 has 30 days. Use the form 2027-01-12T22:00.")
    }

    @Test(arguments: [
        ("2027-01-12T22:00", "2027-01-12T22:00:00", "2027-01-12T22:00", "2027-01-12 22:00"),
        ("2027-01-12T22:00:30", "2027-01-12T22:00:30", "2027-01-12T22:00:30", "2027-01-12 22:00:30"),
        ("0987-03-04T05:06", "0987-03-04T05:06:00", "0987-03-04T05:06", "0987-03-04 05:06"),
    ])
    func textForms(input: String, canonical: String, formValue: String, readable: String) {
        let value = local(input)
        #expect(value.description == canonical)
        #expect(value.formValue == formValue)
        #expect(value.readable == readable)
        #expect(local(value.formValue) == value, "the form value must parse back to the same time")
    }

    @Test func memberwiseInitValidatesToo() throws {
        #expect(try LocalDateTime(year: 2027, month: 1, day: 12, hour: 22) == local("2027-01-12T22:00"))
        #expect(throws: ScheduleError.invalidDateTime(input: "2027-02-30T00:00:00", problem: "February 2027 has 28 days")) {
            try LocalDateTime(year: 2027, month: 2, day: 30)
        }
    }

    @Test func ordersByCalendar() {
        let times = ["2027-01-12T22:00", "2026-12-31T23:59:59", "2027-01-12T21:59:59", "2027-01-13T00:00"].map(local)
        #expect(times.sorted().map(\.description) == [
            "2026-12-31T23:59:59", "2027-01-12T21:59:59", "2027-01-12T22:00:00", "2027-01-13T00:00:00",
        ])
    }

    @Test func codableUsesTheTextFormAndValidates() throws {
        let value = local("2027-03-28T02:30")
        let json = try JSONEncoder().encode([value])
        #expect(String(decoding: json, as: UTF8.self) == #"["2027-03-28T02:30:00"]"#)
        #expect(try JSONDecoder().decode([LocalDateTime].self, from: json) == [value])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDateTime].self, from: Data(#"["2027-04-31T10:00"]"#.utf8))
        }
    }

    // The hand-written calendar arithmetic is checked against a plain day count over four centuries.
    @Test func civilDayArithmeticMatchesACounter() {
        var days = LocalDateTime.daysFromCivil(1900, 1, 1)
        var (year, month, day) = (1900, 1, 1)
        var mismatches: [String] = []
        while year < 2300 {
            if LocalDateTime.daysFromCivil(year, month, day) != days || LocalDateTime.civilFromDays(days) != (year, month, day) {
                mismatches.append("\(year)-\(month)-\(day)")
            }
            days += 1
            day += 1
            if day > LocalDateTime.daysInMonth(year: year, month: month) { day = 1; month += 1 }
            if month > 12 { month = 1; year += 1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(days - LocalDateTime.daysFromCivil(1900, 1, 1) == 146_097, "four Gregorian centuries")
        #expect(LocalDateTime.daysFromCivil(1970, 1, 1) == 0)
        #expect(local("2027-01-12T00:00").weekdayIndex == 2)  // a Tuesday
        #expect(local("1970-01-01T00:00").weekdayIndex == 4)  // a Thursday
        #expect(local("1969-12-28T00:00").weekdayIndex == 0)  // a Sunday, before the epoch
    }
}
