import Foundation
import Testing
@testable import PortalCore

@Suite struct OutageMinutesTests {

    @Test func anIncidentCrossingAMonthBoundaryIsSplitAtMidnightUTC() {
        // 23:00 on 31 January to 01:30 on 1 February: 60 minutes in January, 90 in February.
        let rows = OutageMinutes.perMonth([.init(service: "payroll", start: utc("2027-01-31T23:00:00Z"), end: utc("2027-02-01T01:30:00Z"))],
                                          now: utc("2027-03-01T00:00:00Z"))
        #expect(rows.map { "\($0.month) \($0.service) \($0.minutes)" } == ["2027-01 payroll 60", "2027-02 payroll 90"])
    }

    @Test func anIncidentSpanningAWholeMonthCountsEveryMinuteOfIt() {
        let rows = OutageMinutes.perMonth([.init(service: "pg-3", start: utc("2027-01-15T00:00:00Z"), end: utc("2027-03-02T00:00:00Z"))],
                                          now: utc("2027-04-01T00:00:00Z"))
        #expect(rows.map(\.month) == ["2027-01", "2027-02", "2027-03"])
        #expect(rows[1].minutes == 28 * 24 * 60)
        #expect(rows[0].minutes == 17 * 24 * 60)
        #expect(rows[2].minutes == 24 * 60)
    }

    @Test func overlappingIncidentsOnOneServiceCountOnceAndOtherServicesSeparately() {
        let rows = OutageMinutes.perMonth([
            .init(service: "payroll", start: utc("2027-01-10T10:00:00Z"), end: utc("2027-01-10T11:00:00Z")),
            .init(service: "payroll", start: utc("2027-01-10T10:30:00Z"), end: utc("2027-01-10T12:00:00Z")),
            .init(service: "portal", start: utc("2027-01-10T10:30:00Z"), end: utc("2027-01-10T12:00:00Z")),
        ], now: utc("2027-02-01T00:00:00Z"))
        #expect(rows.map { "\($0.service) \($0.minutes)" } == ["payroll 120", "portal 90"])
    }

    @Test func anOpenIncidentRunsToNowAndAZeroLengthOneCountsNothing() {
        let rows = OutageMinutes.perMonth([
            .init(service: "payroll", start: utc("2027-01-10T10:00:00Z"), end: nil),
            .init(service: "portal", start: utc("2027-01-10T10:00:00Z"), end: utc("2027-01-10T10:00:00Z")),
        ], now: utc("2027-01-10T10:45:00Z"))
        #expect(rows.map { "\($0.service) \($0.minutes)" } == ["payroll 45"])
    }
}
