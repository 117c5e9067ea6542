/// Turns a `MailMessage` into RFC 5322/MIME bytes: 7-bit, CRLF, lines of at most 76 characters, and byte-identical
/// output for the same message (boundaries come from the Message-ID, never from a random source).
///
/// Layout: `text/plain` alone, or `multipart/alternative` (text, HTML, calendar) when there is HTML or a calendar,
/// wrapped in `multipart/mixed` when there are attachments. The calendar is an alternative of the body, as iMIP
/// senders such as Google Calendar and Outlook do, which is what makes clients show accept/update/cancel controls.
public enum MIMEBuilder {
    /// Builds the message; throws `MailMessageError` naming the field to fix.
    public static func build(_ message: MailMessage) throws(MailMessageError) -> [UInt8] {
        guard !message.to.isEmpty else { throw .noRecipients }
        let messageID = try normalizedMessageID(message.messageID)
        let boundary = "=_fw_" + StableHash.hex(StableHash.fnv1a(messageID))

        var headers = [
            HeaderField.addressList("From", [message.from]),
            HeaderField.addressList("To", message.to),
        ]
        if let replyTo = message.replyTo { headers.append(HeaderField.addressList("Reply-To", [replyTo])) }
        headers += [
            HeaderField.unstructured("Subject", message.subject),
            HeaderField.structured("Date", [HeaderField.date(message.date)]),
            HeaderField.structured("Message-ID", ["<\(messageID)>"]),
        ]
        if let unsubscribe = message.listUnsubscribe {
            headers.append(HeaderField.structured("List-Unsubscribe", ["<\(unsubscribe.absoluteString)>"]))
            if message.listUnsubscribeOneClick, unsubscribe.scheme?.lowercased() == "https" {
                headers.append(HeaderField.structured("List-Unsubscribe-Post", ["List-Unsubscribe=One-Click"]))
            }
        }
        // RFC 3834: tells vacation responders not to answer automated notices.
        headers.append(HeaderField.structured("Auto-Submitted", ["auto-generated"]))
        headers.append(HeaderField.structured("MIME-Version", ["1.0"]))

        let root = try body(of: message, boundary: boundary)
        let text = headers.joined() + root.render() + "\r\n"
        return Array(text.utf8)
    }

    /// Strips surrounding angle brackets and checks the `id-left@id-right` shape (RFC 5322 §3.6.4, dot-atom form).
    static func normalizedMessageID(_ raw: String) throws(MailMessageError) -> String {
        var id = raw.trimmingCharacters(in: .whitespaces)
        if id.hasPrefix("<"), id.hasSuffix(">") { id = String(id.dropFirst().dropLast()) }
        let sides = id.split(separator: "@", omittingEmptySubsequences: false)
        guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else {
            throw .invalidMessageID(raw, reason: "it must be one '@' between two non-empty parts")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.@".unicodeScalars)
        guard id.unicodeScalars.allSatisfy(allowed.contains) else {
            throw .invalidMessageID(raw, reason: "it may only use ASCII letters, digits and !#$%&'*+-/=?^_`{|}~. (no spaces or brackets)")
        }
        guard id.utf8.count <= 200 else {
            throw .invalidMessageID(raw, reason: "it is longer than 200 characters")
        }
        return id
    }

    private static func body(of message: MailMessage, boundary: String) throws(MailMessageError) -> MIMEPart {
        var alternatives = [textPart(message.textBody, subtype: "plain")]
        if let html = message.htmlBody { alternatives.append(textPart(html, subtype: "html")) }
        if let calendar = message.calendar {
            let ics: String
            do { ics = try calendar.render() } catch { throw .invalidCalendar(error) }
            alternatives.append(.leaf(headers: [
                HeaderField.structured("Content-Type", ["text/calendar;", "charset=UTF-8;", "method=\(calendar.method.rawValue)"]),
                HeaderField.structured("Content-Transfer-Encoding", [TransferEncoding.base64.rawValue]),
            ], body: TransferEncoding.base64.encode(Array(ics.utf8))))
        }
        let content = alternatives.count == 1
            ? alternatives[0]
            : MIMEPart.multipart(subtype: "alternative", boundary: boundary + "_alt", parts: alternatives)
        guard !message.attachments.isEmpty else { return content }

        var parts = [content]
        for attachment in message.attachments {
            parts.append(try attachmentPart(attachment))
        }
        return .multipart(subtype: "mixed", boundary: boundary + "_mix", parts: parts)
    }

    private static func textPart(_ text: String, subtype: String) -> MIMEPart {
        let bytes = TransferEncoding.normalizingLineBreaks(text)
        let encoding = TransferEncoding.preferred(forText: bytes)
        return .leaf(headers: [
            HeaderField.structured("Content-Type", ["text/\(subtype);", "charset=UTF-8"]),
            HeaderField.structured("Content-Transfer-Encoding", [encoding.rawValue]),
        ], body: encoding.encode(bytes))
    }

    private static func attachmentPart(_ attachment: MailAttachment) throws(MailMessageError) -> MIMEPart {
        let type = attachment.contentType.trimmingCharacters(in: .whitespaces).lowercased()
        let halves = type.split(separator: "/", omittingEmptySubsequences: false)
        let tokenCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$&^_.+-".unicodeScalars)
        guard halves.count == 2, halves.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(tokenCharacters.contains) }) else {
            throw .invalidAttachment(
                filename: attachment.filename,
                reason: "content type '\(attachment.contentType)' is not 'type/subtype' (e.g. 'application/pdf')"
            )
        }
        return .leaf(headers: [
            HeaderField.structured("Content-Type", ["\(type);", filenameParameter("name", attachment.filename)]),
            HeaderField.structured("Content-Disposition", ["attachment;", filenameParameter("filename", attachment.filename)]),
            HeaderField.structured("Content-Transfer-Encoding", [TransferEncoding.base64.rawValue]),
        ], body: TransferEncoding.base64.encode(attachment.data))
    }

    /// `filename="report.pdf"` for plain ASCII names, RFC 2231 `filename*=UTF-8''...` for anything else.
    static func filenameParameter(_ key: String, _ filename: String) -> String {
        var name = HeaderField.sanitize(filename)
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "\\", with: "_")
        if name.isEmpty { name = "attachment" }
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") }) {
            return "\(key)=\"\(name)\""
        }
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in name.utf8 {
            if unreserved.contains(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return "\(key)*=UTF-8''" + String(decoding: encoded, as: UTF8.self)
    }
}
