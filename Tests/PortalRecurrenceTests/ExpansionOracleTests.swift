import Foundation
import ForewarnTestSupport
import PortalCore
import PortalRecurrence
import Testing

/// libical's expansion placed by PortalCore, compared with python-dateutil's rrule on the same rules: an
/// independent implementation of RFC 5545 (gaps resolved forward with `tz.resolve_imaginary`, overlaps on fold 0).
@Suite struct ExpansionOracleTests {
    struct Case: Sendable, CustomStringConvertible {
        let zone: String
        let start: String
        let rule: String
        /// What the case is there for: at least this adjustment must occur among its occurrences.
        let expects: Set<OccurrenceAdjustment>
        var description: String { "\(zone) \(start) \(rule)" }
    }

    static let cases: [Case] = [
        Case(zone: "Europe/Berlin", start: "2027-01-12T22:00", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=30", expects: [.none]),
        Case(zone: "Europe/Berlin", start: "2027-03-25T02:30", rule: "FREQ=DAILY;COUNT=10", expects: [.gap]),
        Case(zone: "Europe/Berlin", start: "2027-10-28T02:30", rule: "FREQ=DAILY;COUNT=6", expects: [.ambiguous]),
        Case(zone: "Europe/Berlin", start: "2027-01-31T02:30", rule: "FREQ=MONTHLY;BYDAY=-1SU;COUNT=14", expects: [.gap, .ambiguous]),
        Case(zone: "Europe/Berlin", start: "2027-01-29T23:00", rule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;UNTIL=20281231", expects: [.none]),
        Case(zone: "America/New_York", start: "2027-01-10T02:30", rule: "FREQ=MONTHLY;BYDAY=2SU;COUNT=12", expects: [.gap]),
        Case(zone: "America/New_York", start: "2027-01-03T01:30", rule: "FREQ=MONTHLY;BYDAY=1SU;COUNT=12", expects: [.ambiguous]),
        Case(zone: "America/New_York", start: "2027-01-04T22:00", rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20271231T230000Z", expects: [.none]),
        Case(zone: "Australia/Sydney", start: "2027-01-03T02:30", rule: "FREQ=MONTHLY;BYDAY=1SU;COUNT=12", expects: [.gap, .ambiguous]),
        Case(zone: "Australia/Sydney", start: "2027-02-01T22:00", rule: "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH;COUNT=40", expects: [.none]),
        Case(zone: "Asia/Tokyo", start: "2027-01-31T23:00", rule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=10", expects: [.none]),
        Case(zone: "Asia/Tokyo", start: "2027-03-28T02:30", rule: "FREQ=DAILY;INTERVAL=5;COUNT=20", expects: [.none]),
    ]

    static let oracle = """
    import json, sys
    from datetime import datetime, timezone
    from dateutil import rrule, tz
    start, zone, rule, through = sys.argv[1:5]
    z = tz.gettz(zone)
    dtstart = datetime.fromisoformat(start).replace(tzinfo=z)
    limit = datetime.fromisoformat(through).replace(tzinfo=timezone.utc)
    out = []
    for dt in rrule.rrulestr(rule, dtstart=dtstart):
        real = tz.resolve_imaginary(dt)        # RFC 5545: a reading in a gap moves forward by the gap
        utc = real.astimezone(timezone.utc)    # fold 0: the first of two readings
        if utc > limit:
            break
        out.append(utc.strftime("%Y-%m-%dT%H:%M:%SZ"))
    print(json.dumps(out))
    """

    @Test(arguments: cases)
    func agreesWithDateutil(_ c: Case) throws {
        let rule = try RecurrenceRule(parsing: c.rule, timeZone: c.zone)
        let through = try UTCTimestamp.date(from: "2029-12-31T00:00:00Z")
        let ours = try RecurrenceExpander.occurrences(of: rule, firstStart: try LocalDateTime(parsing: c.start), timeZone: c.zone,
                                                      duration: 4 * 3600, through: through)
        // dateutil refuses a floating UNTIL next to a zoned start (as RFC 5545 does), so it gets the canonical rule.
        let output = try Python.run(Self.oracle, arguments: [c.start, c.zone, "RRULE:" + rule.text, "2029-12-31T00:00:00"])
        let theirs = try JSONDecoder().decode([String].self, from: Data(output.utf8))
        #expect(ours.map { UTCTimestamp.string(from: $0.recurrenceID) } == theirs, "\(c)")
        #expect(!ours.isEmpty)
        for adjustment in c.expects {
            #expect(ours.contains { $0.adjustment == adjustment }, "\(c) should include an occurrence with \(adjustment)")
        }
        if let count = rule.count { #expect(ours.count == count, "\(c)") }
    }

    @Test func dateUntilMeansTheEndOfThatDayInTheZone() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126", timeZone: "Europe/Berlin")
        #expect(rule.text == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126T225959Z")
        let list = try RecurrenceExpander.occurrences(of: rule, firstStart: try LocalDateTime(parsing: "2027-01-12T22:00"), timeZone: "Europe/Berlin",
                                                      duration: 3600, through: try UTCTimestamp.date(from: "2028-01-01T00:00:00Z"))
        #expect(list.map { $0.window.localStart.description } == ["2027-01-12T22:00:00", "2027-01-19T22:00:00", "2027-01-26T22:00:00"])
    }

    @Test(arguments: [
        ("FREQ=YEARLY", "FREQ must be DAILY, WEEKLY or MONTHLY."),
        ("FREQ=WEEKLY;BYDAY=2TU", "Ordinal weekdays like 2TU or -1FR need FREQ=MONTHLY."),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "Give COUNT or UNTIL, not both."),
        ("FREQ=WEEKLY;BYHOUR=3", "BYHOUR is not supported; use FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT or UNTIL."),
        ("FREQ=WEEKLY;INTERVAL=500", "INTERVAL must be between 1 and 99."),
        ("FREQ=DAILY;BYMONTHDAY=3", "BYMONTHDAY needs FREQ=MONTHLY."),
        ("FREQ=SOMETIMES", "“FREQ=SOMETIMES” is not a valid RFC 5545 recurrence rule."),
        ("", "The recurrence is empty; give a rule like FREQ=WEEKLY;INTERVAL=2;BYDAY=TU."),
    ])
    func refusesRulesWithAMessage(rule: String, message: String) {
        #expect(throws: RecurrenceError.invalid(message)) { try RecurrenceRule(parsing: rule, timeZone: "Europe/Berlin") }
    }

    @Test func previewGivesTheNextOccurrences() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", timeZone: "Europe/Berlin")
        let next = try RecurrenceExpander.next(10, of: rule, firstStart: try LocalDateTime(parsing: "2027-01-12T22:00"), timeZone: "Europe/Berlin",
                                               duration: 4 * 3600, after: try UTCTimestamp.date(from: "2027-03-01T00:00:00Z"))
        #expect(next.count == 10)
        #expect(next.first?.window.localStart.description == "2027-03-09T22:00:00")
        #expect(next.allSatisfy { $0.window.localStart.hour == 22 })   // 22:00 stays 22:00 across the change in March
    }
}
