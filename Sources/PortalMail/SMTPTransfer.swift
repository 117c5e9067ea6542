/// Per-send state reached from libcurl's C callbacks through an `Unmanaged` pointer: the message being uploaded and
/// the server's replies. Lives on the sending thread for one `curl_easy_perform`.
final class SMTPTransfer {
    private let payload: [UInt8]
    private var offset = 0
    private var partialLine: [UInt8] = []
    private var replyLines: [String] = []
    /// Complete server replies, oldest first (multi-line replies joined with " / "); only the latest few are kept.
    private(set) var replies: [String] = []

    init(payload: [UInt8]) {
        self.payload = payload
    }

    /// Copies the next bytes of the message into libcurl's buffer; returns 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, payload.count - offset)
        guard count > 0 else { return 0 }
        payload.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// Takes response bytes from libcurl's header callback (which receives every SMTP reply line) and groups them into replies.
    func receive(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                finishLine()
            } else if byte != UInt8(ascii: "\r") {
                partialLine.append(byte)
            }
        }
    }

    /// The latest reply starting with `code`, or failing that the latest 4xx/5xx reply.
    func reply(forCode code: Int) -> String? {
        replies.last { $0.hasPrefix(String(code)) } ?? replies.last { $0.first == "4" || $0.first == "5" }
    }

    private func finishLine() {
        let line = String(decoding: partialLine, as: UTF8.self)
        partialLine.removeAll(keepingCapacity: true)
        replyLines.append(line)
        // "250-..." continues a reply, "250 ..." (or a bare "250") ends it.
        let utf8 = Array(line.utf8)
        let isFinal = utf8.count < 4 || utf8[3] != UInt8(ascii: "-")
        if isFinal {
            replies.append(replyLines.joined(separator: " / "))
            replyLines.removeAll()
            if replies.count > 16 { replies.removeFirst(replies.count - 16) }
        }
    }
}
