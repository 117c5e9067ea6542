import Foundation
import Testing
@testable import PortalCore

@Suite struct TimeWindowFormattingTests {
    @Test(arguments: [
        // zone, start, end, expected
        ("Europe/Paris", "2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z",
         "Tue 12 Jan 2027 22:00 – Wed 13 Jan 02:00 CET (21:00–01:00 UTC)"),
        ("Europe/Paris", "2027-01-12T08:00:00Z", "2027-01-12T10:30:00Z",
         "Tue 12 Jan 2027 09:00 – 11:30 CET (08:00–10:30 UTC)"),
        ("Europe/Paris", "2027-07-05T20:00:00Z", "2027-07-05T22:00:00Z",
         "Mon 5 Jul 2027 22:00 – Tue 6 Jul 00:00 CEST (Mon 5 Jul 20:00 – 22:00 UTC)"),
        // Across the autumn change the start carries its own label: that is what tells the repeated hour apart.
        ("Europe/Paris", "2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z",
         "Sun 25 Oct 2026 01:00 CEST – 04:00 CET (Sat 24 Oct 23:00 – Sun 25 Oct 03:00 UTC)"),
        ("America/New_York", "2027-01-01T03:00:00Z", "2027-01-01T07:00:00Z",
         "Thu 31 Dec 2026 22:00 – Fri 1 Jan 2027 02:00 EST (Fri 1 Jan 2027 03:00 – 07:00 UTC)"),
        ("Asia/Tokyo", "2027-01-11T23:00:00Z", "2027-01-12T01:00:00Z",
         "Tue 12 Jan 2027 08:00 – 10:00 JST (Mon 11 Jan 23:00 – Tue 12 Jan 01:00 UTC)"),
        ("Australia/Lord_Howe", "2027-01-12T01:00:00Z", "2027-01-12T03:00:00Z",
         "Tue 12 Jan 2027 12:00 – 14:00 UTC+11:00 (01:00–03:00 UTC)"),
        ("Australia/Lord_Howe", "2027-04-03T14:00:00Z", "2027-04-03T16:00:00Z",
         "Sun 4 Apr 2027 01:00 UTC+11:00 – 02:30 UTC+10:30 (Sat 3 Apr 14:00 – 16:00 UTC)"),
        ("Asia/Kolkata", "2027-01-12T04:30:00Z", "2027-01-12T05:00:00Z",
         "Tue 12 Jan 2027 10:00 – 10:30 IST (04:30–05:00 UTC)"),
        ("UTC", "2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z",
         "Tue 12 Jan 2027 21:00 – Wed 13 Jan 01:00 UTC"),
        ("Europe/London", "2027-01-12T21:00:00Z", "2027-01-12T23:00:00Z",
         "Tue 12 Jan 2027 21:00 – 23:00 GMT"),
        ("Europe/Paris", "2027-01-12T21:00:30Z", "2027-01-12T22:00:00Z",
         "Tue 12 Jan 2027 22:00:30 – 23:00 CET (21:00:30–22:00 UTC)"),
        ("Europe/Paris", "2027-01-01T00:00:00Z", "2027-01-31T00:00:00Z",
         "Fri 1 Jan 2027 01:00 – Sun 31 Jan 01:00 CET (Fri 1 Jan 00:00 – Sun 31 Jan 00:00 UTC)"),
    ])
    func declaredZoneGoldenStrings(zone: String, start: String, end: String, expected: String) {
        #expect(window(start, end, zone).formatted == expected)
    }

    @Test(arguments: [
        ("America/New_York", "Tue 12 Jan 2027 16:00 – 20:00 EST (Tue 12 Jan 21:00 – Wed 13 Jan 01:00 UTC)"),
        ("Asia/Kolkata", "Wed 13 Jan 2027 02:30 – 06:30 IST (Tue 12 Jan 21:00 – Wed 13 Jan 01:00 UTC)"),
        ("Europe/Paris", "Tue 12 Jan 2027 22:00 – Wed 13 Jan 02:00 CET (21:00–01:00 UTC)"),
        ("Etc/UTC", "Tue 12 Jan 2027 21:00 – Wed 13 Jan 01:00 UTC"),
    ])
    func recipientZoneGoldenStrings(zone: String, expected: String) throws {
        let w = window("2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z", "Europe/Paris")
        #expect(try w.format(in: zone) == expected)
    }

    @Test func recipientZoneMustBeKnown() {
        #expect(throws: ScheduleError.unknownTimeZone("Nowhere", suggestion: nil)) {
            try window("2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z").format(in: "Nowhere")
        }
    }

    @Test func formattingIgnoresTheProcessLocaleAndZone() {
        // Output must not drift with the server's environment; NSTimeZone.default is the only global we can change here.
        let before = NSTimeZone.default
        defer { NSTimeZone.default = before }
        NSTimeZone.default = TimeZone(identifier: "Pacific/Kiritimati")!
        #expect(window("2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z").formatted
            == "Tue 12 Jan 2027 22:00 – Wed 13 Jan 02:00 CET (21:00–01:00 UTC)")
    }
}
