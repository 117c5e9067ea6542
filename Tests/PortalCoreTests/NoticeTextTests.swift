import Foundation
import Testing
@testable import PortalCore

@Suite("Notice subject lines and windows")
struct NoticeTextTests {
    static func payload(_ event: NoticeEvent = .announce, start: String = "2027-03-02T21:00:00Z", end: String? = "2027-03-03T01:00:00Z",
                        ticket: String = "CHG0012345", lead: Int? = nil) -> NoticePayload {
        NoticePayload(subjectKind: "downtime", subjectID: 7, event: event, title: "DB cluster east patching", kindLabel: "Planned", state: "Scheduled",
                      start: try! UTCTimestamp.date(from: start), end: end.map { try! UTCTimestamp.date(from: $0) }, timeZone: "Europe/Paris",
                      ticket: ticket, baseURL: "https://forewarn.example.com", path: "/downtimes/7", leadMinutes: lead)
    }

    @Test(arguments: [
        (NoticeEvent.announce, "Europe/Paris", "[Planned] DB cluster east patching — Tue 2 Mar 22:00–02:00 CET — CHG0012345"),
        (.announce, "UTC", "[Planned] DB cluster east patching — Tue 2 Mar 21:00–01:00 UTC — CHG0012345"),
        (.announce, "Asia/Tokyo", "[Planned] DB cluster east patching — Wed 3 Mar 06:00–10:00 JST — CHG0012345"),
        (.reschedule, "Europe/Paris", "[Planned · Rescheduled] DB cluster east patching — Tue 2 Mar 22:00–02:00 CET — CHG0012345"),
        (.cancel, "Europe/Paris", "[Planned · Cancelled] DB cluster east patching — Tue 2 Mar 22:00–02:00 CET — CHG0012345"),
    ])
    func subjects(event: NoticeEvent, zone: String, expected: String) {
        #expect(NoticeText.subject(Self.payload(event), zoneID: zone) == expected)
    }

    @Test func reminderSubjectSaysHowSoonAndATicketlessSubjectEndsWithTheWindow() {
        #expect(NoticeText.subject(Self.payload(.reminder, lead: 60), zoneID: "UTC").hasPrefix("[Planned · Reminder: in 1 hour] "))
        #expect(NoticeText.subject(Self.payload(.reminder, lead: 2880), zoneID: "UTC").hasPrefix("[Planned · Reminder: in 2 days] "))
        #expect(NoticeText.subject(Self.payload(ticket: ""), zoneID: "UTC").hasSuffix("21:00–01:00 UTC"))
    }

    @Test(arguments: [
        ("2027-03-02T21:00:00Z", "2027-03-05T05:00:00Z", "Europe/Paris", "Tue 2 Mar 22:00 – Fri 5 Mar 06:00 CET"),
        // Across the spring clock change the end carries the summer label.
        ("2027-03-27T23:00:00Z", "2027-03-28T03:00:00Z", "Europe/Paris", "Sun 28 Mar 00:00–05:00 CEST"),
        ("2027-03-02T21:00:00Z", nil, "UTC", "since Tue 2 Mar 21:00 UTC"),
        ("2027-03-02T21:00:00Z", "2027-03-02T22:00:00Z", "No/Such_Zone", "Tue 2 Mar 21:00–22:00 UTC"),
    ])
    func windows(start: String, end: String?, zone: String, expected: String) throws {
        #expect(NoticeText.window(start: try UTCTimestamp.date(from: start), end: try end.map { try UTCTimestamp.date(from: $0) }, zoneID: zone) == expected)
    }

    @Test func invitesAreRevisedOnlyByChangesToTheWindowOrACancellation() {
        #expect(NoticeEvent.allCases.filter(\.revisesInvite) == [.reschedule, .extend, .cancel])
        #expect(NoticeEvent.allCases.filter(\.carriesInvite) == [.announce, .reschedule, .extend, .cancel])
    }
}
