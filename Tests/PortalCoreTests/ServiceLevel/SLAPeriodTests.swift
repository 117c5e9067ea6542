import Foundation
import PortalCore
import Testing

/// The SLA period: the calendar month so far in UTC, or rolling 30 days.
struct SLAPeriodTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(arguments: [
        ("2026-03-01T00:00:00Z", 1),            // the month's first minute
        ("2026-03-01T00:00:59Z", 1),
        ("2026-03-01T01:00:00Z", 61),
        ("2026-03-10T12:00:00Z", 9 * 1440 + 721),
        ("2026-02-28T23:59:00Z", 28 * 1440),    // a whole February
        ("2026-12-31T23:59:30Z", 31 * 1440),    // a whole December: longer than 30 days
    ])
    func aMonthRunsFromItsFirstMinuteInUTC(now: String, minutes: Int) {
        #expect(SLAPeriod.monthMinutes(now: Self.date(now)) == minutes)
        #expect(SLAPeriod.minutes(period: "month", now: Self.date(now)) == minutes)
    }

    @Test func anyOtherPeriodIsRolling30Days() {
        for period in ["30d", "", nil] { #expect(SLAPeriod.minutes(period: period, now: Self.date("2026-03-10T12:00:00Z")) == 43_200) }
    }

    /// Bad minutes just before the month count against a 30-day SLA only.
    @Test func theBudgetFollowsThePeriod() {
        let now = Int(Self.date("2026-03-02T00:00:00Z").timeIntervalSince1970 / 60)
        var signals: [Int: MinuteSignal] = [:]
        for minute in (now - 1440 - 30)..<(now - 1440) { signals[minute] = .bad }      // 28 Feb 23:30-23:59
        for minute in (now - 1440)...now { signals[minute] = .good }                 // 1 March and the first minute of the 2nd
        let month = ServiceLevelAssessment(name: "A", signals: signals, now: now, slaPercent: 99,
                                           periodMinutes: SLAPeriod.minutes(period: "month", now: Self.date("2026-03-02T00:00:00Z")),
                                           inMaintenance: false)
        let rolling = ServiceLevelAssessment(name: "A", signals: signals, now: now, slaPercent: 99, periodMinutes: 43_200, inMaintenance: false)
        #expect(month.mood == .ok)
        #expect(abs(month.budgetLeftMinutes! - 14.41) < 0.0001)
        #expect(rolling.mood == .breaching)
        #expect(abs(rolling.budgetLeftMinutes! - (14.71 - 30)) < 0.0001)
    }
}
