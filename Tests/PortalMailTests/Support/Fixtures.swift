import Foundation
import ForewarnTestSupport
@testable import PortalMail

/// Shared sample values: one downtime window, its people and a notice about it.
enum Fixtures {
    /// 2026-03-01 12:00:00 UTC
    static let stamp = Date(timeIntervalSince1970: 1_772_366_400)
    /// 2026-03-03 22:00:00 UTC
    static let start = Date(timeIntervalSince1970: 1_772_575_200)
    /// 2026-03-04 02:30:00 UTC
    static let end = Date(timeIntervalSince1970: 1_772_591_400)

    static let sender = try! MailAddress("noreply@forewarn.example", name: "Forewarn")
    static let alice = try! MailAddress("alice@example.com", name: "Alice Müller")
    static let bob = try! MailAddress("bob@example.com")

    /// Non-ASCII in three scripts plus an em dash.
    static let subject = "Wartung — Zürich 東京"

    /// Bytes 0...255 twice: every value a binary attachment can hold.
    static let pdfBytes: [UInt8] = Array("%PDF-1.7\n".utf8) + (0...255).map(UInt8.init) + (0...255).reversed().map(UInt8.init)

    static func event(sequence: Int = 3, status: ICSEventStatus = .confirmed) -> ICSEvent {
        ICSEvent(
            uid: "downtime-42@forewarn",
            sequence: sequence,
            stamp: stamp,
            start: start,
            end: end,
            summary: "Wartung: db-12, db-13 (Europe/Zurich 23:00–03:30)",
            description: "Payroll is down; it depends (hard) on PG-3.\nDetails: https://forewarn.example/downtimes/42",
            location: "Zürich DC-2",
            url: URL(string: "https://forewarn.example/downtimes/42"),
            organizer: sender,
            attendees: [alice, bob],
            status: status
        )
    }

    static func message(
        subject: String = Fixtures.subject,
        calendar: ICSCalendar? = ICSCalendar(method: .request, events: [Fixtures.event()]),
        attachments: [MailAttachment] = [MailAttachment(filename: "Bericht Zürich.pdf", contentType: "application/pdf", data: pdfBytes)]
    ) -> MailMessage {
        MailMessage(
            from: sender,
            to: [alice, bob],
            subject: subject,
            date: stamp,
            messageID: "downtime-42.notice-3@forewarn.example",
            listUnsubscribe: URL(string: "https://forewarn.example/unsubscribe/abc"),
            listUnsubscribeOneClick: true,
            textBody: "Grüezi Alice,\n\ndb-12 and db-13 go down on 3 March.\n. a line starting with a dot\nTrailing space \n" + String(repeating: "long line ", count: 20),
            htmlBody: "<p>Grüezi Alice,</p><p>db-12 and db-13 go down on <b>3 March</b> (東京 team informed).</p>",
            calendar: calendar,
            attachments: attachments
        )
    }
}
