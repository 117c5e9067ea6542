/// A file attached to a message (for example the PDF change-impact report), sent base64-encoded.
public struct MailAttachment: Sendable, Hashable {
    /// The name shown to the reader; any Unicode is fine, path separators and control characters are replaced.
    public var filename: String
    /// A MIME type such as `application/pdf`.
    public var contentType: String
    public var data: [UInt8]

    /// Creates an attachment; the content type is checked when the message is built.
    public init(filename: String, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}
