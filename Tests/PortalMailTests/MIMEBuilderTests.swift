import Foundation
import ForewarnTestSupport
import Testing
@testable import PortalMail

@Suite struct MIMEBuilderTests {
    @Test func plainTextMessageMatchesGolden() throws {
        let message = MailMessage(
            from: Fixtures.sender,
            to: [Fixtures.bob],
            subject: "Downtime db-12",
            date: Fixtures.stamp,
            messageID: "<golden@forewarn.example>",
            textBody: "Hello.\nBye"
        )
        let expected = [
            "From: Forewarn <noreply@forewarn.example>",
            "To: bob@example.com",
            "Subject: Downtime db-12",
            "Date: Sun, 01 Mar 2026 12:00:00 +0000",
            "Message-ID: <golden@forewarn.example>",
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Hello.",
            "Bye",
            "",
        ].joined(separator: "\r\n")
        #expect(String(decoding: try MIMEBuilder.build(message), as: UTF8.self) == expected)
    }

    @Test func alternativeMessageMatchesGolden() throws {
        let message = MailMessage(
            from: Fixtures.sender,
            to: [Fixtures.alice, Fixtures.bob],
            replyTo: try MailAddress("ops@example.com", name: "Ops, Zürich"),
            subject: "Zürich",
            date: Fixtures.stamp,
            messageID: "golden@forewarn.example",
            listUnsubscribe: URL(string: "mailto:unsubscribe@forewarn.example"),
            listUnsubscribeOneClick: true,  // ignored: only https URLs can take the one-click POST
            textBody: "Grüezi",
            htmlBody: "<p>Grüezi</p>"
        )
        let boundary = "=_fw_68d438a019bfa6ba_alt"
        let expected = [
            "From: Forewarn <noreply@forewarn.example>",
            "To: =?UTF-8?B?QWxpY2UgTcO8bGxlcg==?= <alice@example.com>, bob@example.com",
            "Reply-To: =?UTF-8?B?T3BzLCBaw7xyaWNo?= <ops@example.com>",
            "Subject: =?UTF-8?B?WsO8cmljaA==?=",
            "Date: Sun, 01 Mar 2026 12:00:00 +0000",
            "Message-ID: <golden@forewarn.example>",
            "List-Unsubscribe: <mailto:unsubscribe@forewarn.example>",
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Gr=C3=BCezi",
            "--\(boundary)",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<p>Gr=C3=BCezi</p>",
            "--\(boundary)--",
            "",
        ].joined(separator: "\r\n")
        #expect(String(decoding: try MIMEBuilder.build(message), as: UTF8.self) == expected)
    }

    @Test func outputIsDeterministicAndBoundariesFollowTheMessageID() throws {
        let first = try MIMEBuilder.build(Fixtures.message())
        #expect(try MIMEBuilder.build(Fixtures.message()) == first)
        var other = Fixtures.message()
        other.messageID = "downtime-42.notice-4@forewarn.example"
        let otherText = String(decoding: try MIMEBuilder.build(other), as: UTF8.self)
        #expect(!otherText.contains(boundaryOf(String(decoding: first, as: UTF8.self))))
    }

    @Test func everyLineIsSevenBitAndAtMost76Characters() throws {
        var message = Fixtures.message(subject: String(repeating: "Wartung — Zürich 東京 ", count: 12))
        message.to = try (1...12).map { try MailAddress("person\($0)@example.com", name: "Person Nümber \($0)") }
        message.textBody = String(repeating: "ü", count: 500) + "\n" + String(repeating: "x", count: 300)
        let bytes = try MIMEBuilder.build(message)
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        for line in lines {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(!line.contains("\r") && !line.contains("\n"))
        }
        let parsed = try ParsedEmail.parse(bytes)
        #expect(parsed.defects == [])
        #expect(parsed.subject == HeaderField.sanitize(message.subject))
        #expect(parsed.to.count == 12)
        #expect(parsed.toNames.last == "Person Nümber 12")
    }

    private static let injectedSubjects = [
        "x\r\nBcc: evil@example.com",
        "x\nBcc: evil@example.com",
        "x\rBcc: evil@example.com",
        "x\u{85}Bcc: evil@example.com",
        "x\u{2028}Bcc: evil@example.com",
        "Zürich\r\nBcc: evil@example.com",
    ]

    /// Every subject is checked in one test so Python starts once for all of them.
    @Test func headerInjectionIsDefused() throws {
        var messages: [[UInt8]] = []
        for subject in Self.injectedSubjects {
            let message = MailMessage(
                from: try MailAddress("noreply@forewarn.example", name: "Ops\r\nBcc: evil@example.com"),
                to: [try MailAddress("bob@example.com", name: "Bob\nCc: evil@example.com")],
                subject: subject,
                date: Fixtures.stamp,
                messageID: "inject@forewarn.example",
                textBody: "body"
            )
            let bytes = try MIMEBuilder.build(message)
            let headerBlock = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            let headerNames = headerBlock.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") }.map { $0.prefix { $0 != ":" } }
            #expect(headerNames == ["From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"], "\(subject.debugDescription)")
            messages.append(bytes)
        }
        for (subject, parsed) in zip(Self.injectedSubjects, try ParsedEmail.parse(messages: messages)) {
            #expect(!parsed.headerNames.contains("bcc"), "\(subject.debugDescription)")
            #expect(!parsed.headerNames.contains("cc"), "\(subject.debugDescription)")
            #expect(parsed.subject.hasSuffix(" Bcc: evil@example.com"), "\(subject.debugDescription)")
            #expect(parsed.to == ["bob@example.com"])
            #expect(parsed.defects == [])
        }
    }

    private static let tricky = [
        "plain ASCII",
        "Grüezi\n. a dot line\n.\nfrom here\nFrom the start\n",
        "trailing space \ntrailing tab\t\n  \n",
        "equals = signs =3D and =\nsoft break look-alike=",
        String(repeating: "x", count: 300),
        String(repeating: "ü", count: 100) + "x" + String(repeating: "€", count: 40),
        "lone CR\rlone LF\nCRLF\r\nend",
        "東京のデータセンターで計画メンテナンスがあります。\nサービスは停止します。",
        "",
    ]

    /// Quoted-printable and base64 bodies decode to the original text in Python (line breaks as CRLF).
    @Test func textBodiesSurviveTransferEncoding() throws {
        let messages = try Self.tricky.map { body in
            try MIMEBuilder.build(MailMessage(
                from: Fixtures.sender,
                to: [Fixtures.bob],
                subject: "s",
                date: Fixtures.stamp,
                messageID: "body@forewarn.example",
                textBody: body,
                htmlBody: "<pre>\(body)</pre>"
            ))
        }
        let normalized = { (text: String) in text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        for (body, parsed) in zip(Self.tricky, try ParsedEmail.parse(messages: messages)) {
            #expect(normalized(parsed.leaf("text/plain")?.text ?? "<missing>") == normalized(body), "\(body.debugDescription)")
            #expect(normalized(parsed.leaf("text/html")?.text ?? "<missing>") == normalized("<pre>\(body)</pre>"))
            #expect(parsed.defects == [])
        }
    }

    @Test func mostlyNonLatinTextIsBase64() throws {
        #expect(TransferEncoding.preferred(forText: Array("東京のデータセンター".utf8)) == .base64)
        #expect(TransferEncoding.preferred(forText: Array("Grüezi mitenand, db-12 ist down".utf8)) == .quotedPrintable)
    }

    @Test(arguments: [
        ("report.pdf", #"filename="report.pdf""#),
        ("Bericht Zürich.pdf", "filename*=UTF-8''Bericht%20Z%C3%BCrich.pdf"),
        ("../../etc/passwd", #"filename=".._.._etc_passwd""#),
        ("a\"b.pdf", "filename*=UTF-8''a%22b.pdf"),
        ("\r\n", #"filename="attachment""#),
    ])
    func attachmentFilenames(name: String, parameter: String) {
        #expect(MIMEBuilder.filenameParameter("filename", name) == parameter)
    }

    @Test func problemsAreReportedWithTheFieldToFix() {
        var noRecipients = Fixtures.message()
        noRecipients.to = []
        #expect(throws: MailMessageError.noRecipients) { try MIMEBuilder.build(noRecipients) }

        for id in ["", "no-at-sign", "two@@ats", "spaces in@forewarn.example", "a@b>c", "@forewarn.example"] {
            var message = Fixtures.message()
            message.messageID = id
            #expect(performing: { try MIMEBuilder.build(message) }, throws: { error in
                guard case .invalidMessageID(id, _)? = error as? MailMessageError else { return false }
                return (error as! MailMessageError).description.contains("downtime-42.notice-3@forewarn.example")
            })
        }

        let badType = Fixtures.message(attachments: [MailAttachment(filename: "r.pdf", contentType: "pdf", data: [1])])
        #expect(throws: MailMessageError.invalidAttachment(filename: "r.pdf", reason: "content type 'pdf' is not 'type/subtype' (e.g. 'application/pdf')")) {
            try MIMEBuilder.build(badType)
        }

        let badCalendar = Fixtures.message(calendar: ICSCalendar(method: .cancel, events: [Fixtures.event()]))
        #expect(throws: MailMessageError.invalidCalendar(.statusNotCancelled(uid: "downtime-42@forewarn"))) {
            try MIMEBuilder.build(badCalendar)
        }
    }

    private func boundaryOf(_ message: String) -> String {
        let range = message.range(of: "boundary=\"")!
        return String(message[range.upperBound...].prefix { $0 != "\"" })
    }
}
