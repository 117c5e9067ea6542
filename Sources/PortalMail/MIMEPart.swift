/// A node of a MIME tree: a leaf with encoded content, or a multipart with its children.
indirect enum MIMEPart {
    /// `headers` are complete, folded header lines ending in CRLF; `body` is already transfer-encoded.
    case leaf(headers: [String], body: String)
    case multipart(subtype: String, boundary: String, parts: [MIMEPart])

    /// The part's header lines followed by the blank line and the body, without a final CRLF.
    func render() -> String {
        switch self {
        case let .leaf(headers, body):
            return headers.joined() + "\r\n" + body
        case let .multipart(subtype, boundary, parts):
            let header = HeaderField.structured("Content-Type", ["multipart/\(subtype);", "boundary=\"\(boundary)\""])
            let children = parts.map { "--\(boundary)\r\n" + $0.render() + "\r\n" }.joined()
            return header + "\r\n" + children + "--\(boundary)--"
        }
    }
}
