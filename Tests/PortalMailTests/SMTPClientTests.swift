import Foundation
import ForewarnTestSupport
import Testing
@testable import PortalMail

/// Sends through libcurl to the real aiosmtpd sink and reads the stored message back with Python's `email`.
@Suite struct SMTPClientTests {
    @Test func deliversAnInviteWithReportToEveryRecipient() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let client = try SMTPClient(url: sink.url)
        let message = Fixtures.message()

        try client.send(message, envelopeFrom: "bounces@forewarn.example", recipients: ["alice@example.com", "bob@example.com"])

        let files = try sink.messages()
        try #require(files.count == 1)
        let envelope = try sink.envelope(of: files[0])
        #expect(envelope.mailFrom == "bounces@forewarn.example")
        #expect(envelope.rcptTos == ["alice@example.com", "bob@example.com"])

        let parsed = try ParsedEmail.parse(files[0])
        #expect(parsed.defects == [])
        #expect(parsed.subject == "Wartung — Zürich 東京")
        #expect(parsed.to == ["alice@example.com", "bob@example.com"])
        #expect(parsed.toNames == ["Alice Müller", ""])
        #expect(parsed.from == ["noreply@forewarn.example"])
        #expect(parsed.messageID == "<downtime-42.notice-3@forewarn.example>")
        #expect(parsed.header("List-Unsubscribe") == "<https://forewarn.example/unsubscribe/abc>")
        #expect(parsed.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(parsed.header("Date") == "Sun, 01 Mar 2026 12:00:00 +0000")
        #expect(parsed.structure == "multipart/mixed(multipart/alternative(text/plain,text/html,text/calendar),application/pdf)")

        let text = try #require(parsed.leaf("text/plain")?.text)
        #expect(text.replacingOccurrences(of: "\r\n", with: "\n") == message.textBody + "\n" || text.replacingOccurrences(of: "\r\n", with: "\n") == message.textBody)
        #expect(parsed.leaf("text/html")?.text?.contains("東京 team informed") == true)

        let pdf = try #require(parsed.leaf("application/pdf"))
        #expect(pdf.filename == "Bericht Zürich.pdf")
        #expect(pdf.bytes == Fixtures.pdfBytes)

        let calendarPart = try #require(parsed.leaf("text/calendar"))
        #expect(calendarPart.params["method"] == "REQUEST")
        let calendar = try #require(calendarPart.calendar)
        #expect(calendar.method == "REQUEST")
        let event = try #require(calendar.events.first)
        #expect(event.uid == "downtime-42@forewarn")
        #expect(event.sequence == 3)
        #expect(event.dtstart == "2026-03-03T22:00:00+00:00")
        #expect(event.dtend == "2026-03-04T02:30:00+00:00")
        #expect(event.status == "CONFIRMED")
        #expect(event.summary == "Wartung: db-12, db-13 (Europe/Zurich 23:00–03:30)")
        #expect(event.description == "Payroll is down; it depends (hard) on PG-3.\nDetails: https://forewarn.example/downtimes/42")
        #expect(event.attendees == ["mailto:alice@example.com", "mailto:bob@example.com"])
    }

    @Test func sendsACancellationWithMethodCancel() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let cancel = ICSCalendar(method: .cancel, events: [Fixtures.event(sequence: 4, status: .cancelled)])
        let message = Fixtures.message(subject: "Cancelled: maintenance", calendar: cancel, attachments: [])

        try SMTPClient(url: sink.url).send(message, envelopeFrom: "bounces@forewarn.example", recipients: ["bob@example.com"])

        let parsed = try ParsedEmail.parse(try #require(sink.messages().first))
        #expect(parsed.structure == "multipart/alternative(text/plain,text/html,text/calendar)")
        let part = try #require(parsed.leaf("text/calendar"))
        #expect(part.params["method"] == "CANCEL")
        #expect(part.calendar?.method == "CANCEL")
        #expect(part.calendar?.events.first?.sequence == 4)
        #expect(part.calendar?.events.first?.status == "CANCELLED")
    }

    @Test func headerInjectionInTheSubjectAddsNoHeader() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let message = MailMessage(
            from: try MailAddress("noreply@forewarn.example", name: "Forewarn\r\nBcc: evil@example.com"),
            to: [Fixtures.bob],
            subject: "x\r\nBcc: evil@example.com",
            date: Fixtures.stamp,
            messageID: "downtime-42.inject@forewarn.example",
            textBody: "body"
        )

        try SMTPClient(url: sink.url).send(message, envelopeFrom: "noreply@forewarn.example", recipients: ["bob@example.com"])

        let file = try #require(sink.messages().first)
        #expect(try sink.envelope(of: file).rcptTos == ["bob@example.com"])
        let parsed = try ParsedEmail.parse(file)
        #expect(!parsed.headerNames.contains("bcc"))
        #expect(parsed.subject == "x Bcc: evil@example.com")
        #expect(parsed.defects == [])
    }

    @Test func refusedRecipientIsPermanentWithTheServersText() throws {
        let sink = try SMTPSink(reject: "reject")
        defer { sink.stop() }
        let message = Fixtures.message(calendar: nil, attachments: [])

        let error = #expect(throws: SMTPError.self) {
            try SMTPClient(url: sink.url).send(message, envelopeFrom: "noreply@forewarn.example", recipients: ["reject-me@example.com"])
        }
        #expect(error?.isRetryable == false)
        #expect(error?.message.contains("550 5.1.1 <reject-me@example.com>: mailbox unavailable") == true)
        #expect(try sink.messages().isEmpty)
    }

    @Test func deferredRecipientIsTemporaryWithTheServersText() throws {
        let sink = try SMTPSink(deferring: "later")
        defer { sink.stop() }
        let message = Fixtures.message(calendar: nil, attachments: [])

        let error = #expect(throws: SMTPError.self) {
            try SMTPClient(url: sink.url).send(message, envelopeFrom: "noreply@forewarn.example", recipients: ["bob@example.com", "try-later@example.com"])
        }
        #expect(error?.isRetryable == true)
        #expect(error?.message.contains("451 4.3.0 <try-later@example.com>: mailbox busy") == true)
        #expect(try sink.messages().isEmpty, "one refused recipient fails the whole send")
    }

    @Test func aSessionSendsSeveralMessagesOverOneConnection() throws {
        let sink = try SMTPSink(reject: "reject")
        defer { sink.stop() }
        let client = try SMTPClient(url: sink.url)
        let session = try SMTPSession(client: client)
        for n in 1...3 {
            var message = Fixtures.message()
            message.messageID = "session-\(n)@forewarn.example"
            try session.send(message, envelopeFrom: "noreply@forewarn.example", recipients: ["bob@example.com"])
        }
        #expect(sink.connections() == 1, "one connection for three messages")
        // A refused recipient in between leaves the session usable (libcurl drops that connection and opens a new one).
        #expect(throws: SMTPError.self) { try session.send(Fixtures.message(), envelopeFrom: "noreply@forewarn.example", recipients: ["reject-me@example.com"]) }
        try session.send(Fixtures.message(), envelopeFrom: "noreply@forewarn.example", recipients: ["carol@example.com"])
        #expect(try sink.messages().count == 4)
        let afterSession = sink.connections()
        #expect(afterSession <= 2)
        try client.send(Fixtures.message(), envelopeFrom: "noreply@forewarn.example", recipients: ["dave@example.com"])
        #expect(sink.connections() == afterSession + 1, "a plain send opens its own")
        let envelopes = try sink.messages().map { try sink.envelope(of: $0).rcptTos }
        #expect(envelopes == [["bob@example.com"], ["bob@example.com"], ["bob@example.com"], ["carol@example.com"], ["dave@example.com"]])
    }

    @Test func serverDownIsTemporary() throws {
        let port = try LoopbackListener.closedPort()
        let error = #expect(throws: SMTPError.self) {
            try SMTPClient(url: "smtp://127.0.0.1:\(port)").send(Fixtures.message(), envelopeFrom: "noreply@forewarn.example", recipients: ["bob@example.com"])
        }
        #expect(error?.isRetryable == true)
        #expect(error?.isServerUnavailable == true)
        #expect(error?.message.contains("127.0.0.1") == true)
        #expect(error?.message.contains("Check that the SMTP server is running") == true)
    }

    @Test func silentServerTimesOutAsTemporary() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let client = try SMTPClient(url: "smtp://127.0.0.1:\(listener.port)", connectTimeout: .seconds(1), totalTimeout: .milliseconds(800))
        let started = ContinuousClock.now

        let error = #expect(throws: SMTPError.self) {
            try client.send(Fixtures.message(), envelopeFrom: "noreply@forewarn.example", recipients: ["bob@example.com"])
        }
        #expect(error?.isRetryable == true)
        #expect(error?.message.contains("timeout") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test(arguments: [
        "bob@example.com\r\nRCPT TO:<evil@example.com>",
        "bob@example.com>,<evil@example.com",
        "",
    ])
    func unusableEnvelopeRecipientIsPermanentBeforeConnecting(recipient: String) throws {
        let port = try LoopbackListener.closedPort()  // nothing listens: reaching the network would be .temporary
        let error = #expect(throws: SMTPError.self) {
            try SMTPClient(url: "smtp://127.0.0.1:\(port)").send(Fixtures.message(), envelopeFrom: "noreply@forewarn.example", recipients: [recipient])
        }
        #expect(error?.isRetryable == false)
    }

    @Test func unbuildableMessageIsPermanent() throws {
        var message = Fixtures.message()
        message.messageID = "no at sign"
        let error = #expect(throws: SMTPError.self) {
            try SMTPClient(url: "smtp://127.0.0.1:1").send(message, envelopeFrom: "noreply@forewarn.example", recipients: ["bob@example.com"])
        }
        #expect(error?.isRetryable == false)
        #expect(error?.message.contains("Message-ID") == true)
    }

    @Test func urlIsCheckedAndCredentialsStayOutOfMessages() throws {
        let client = try SMTPClient(url: "smtp://mailer:s%40cret@mail.example.com:587")
        #expect(client.server == "smtp://mail.example.com:587")
        #expect(throws: SMTPError.permanent("SMTP URL scheme 'http' is not supported: use smtp:// (STARTTLS when offered) or smtps:// (implicit TLS).")) {
            try SMTPClient(url: "http://mail.example.com")
        }
        let error = #expect(throws: SMTPError.self) { try SMTPClient(url: "smtp://user:pw@") }
        #expect(error?.message.contains("pw") == false)
    }
}
