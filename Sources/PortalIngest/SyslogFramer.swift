import PortalCore

/// Cuts a TCP byte stream into syslog frames (RFC 6587): octet counting (`123 <34>1 ...`) and newline framing
/// (`<34>...\n`), chosen per frame by its first byte. Pure and incremental: feed it bytes as they arrive.
public struct SyslogFramer: Sendable {
    /// What the framer found in the bytes pushed so far.
    public enum Event: Sendable, Equatable {
        case frame(ArraySlice<UInt8>)
        case rejected(SyslogRejection)
    }

    /// Largest frame kept; a longer one is skipped whole and reported as oversized.
    public let maxFrameBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes still to throw away from an oversized octet-counted frame.
    private var skipCount = 0
    /// Throwing away up to the next newline (an oversized or garbled newline-framed frame).
    private var skipToNewline = false

    public init(maxFrameBytes: Int = LogMessage.maxMessageBytes + 2048) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Adds bytes and returns the complete frames (and rejections) they finish, in order.
    public mutating func push(_ bytes: some Collection<UInt8>) -> [Event] {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        scan(into: &events)
        // Keep the buffer small: drop what has been consumed.
        if start > 0 && (start >= buffer.count || start > 65_536) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        return events
    }

    /// The stream ended: an unfinished frame is reported (octet counted: truncated; newline framed: taken as is).
    public mutating func finish() -> [Event] {
        defer { buffer = []; start = 0; skipCount = 0; skipToNewline = false }
        if skipCount > 0 || skipToNewline { return [] }
        let rest = buffer[start...]
        guard let first = rest.first(where: { !Self.isSpace($0) }) else { return [] }
        if Self.isDigit(first) { return [.rejected(.truncated)] }
        return [.frame(rest.drop(while: Self.isSpace))]
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func isSpace(_ b: UInt8) -> Bool { b == 10 || b == 13 || b == 32 || b == 0 }

    private mutating func scan(into events: inout [Event]) {
        while start < buffer.count {
            if skipCount > 0 {
                let take = min(skipCount, buffer.count - start)
                skipCount -= take
                start += take
                continue
            }
            if skipToNewline {
                guard let newline = buffer[start...].firstIndex(of: 10) else { start = buffer.count; return }
                start = newline + 1
                skipToNewline = false
                continue
            }
            // Blank bytes between frames (a trailing newline after an octet-counted frame, NULs) carry nothing.
            if Self.isSpace(buffer[start]) { start += 1; continue }
            if Self.isDigit(buffer[start]) {
                var i = start
                var count = 0
                while i < buffer.count, Self.isDigit(buffer[i]), i - start < 10 { count = count * 10 + Int(buffer[i] - 48); i += 1 }
                guard i < buffer.count else {
                    if i - start >= 10 { events.append(.rejected(.malformed("the octet count is not a number"))); skipToNewline = true; continue }
                    return
                }
                guard buffer[i] == 32, count > 0 else {
                    events.append(.rejected(.malformed("the octet count is not followed by a space")))
                    skipToNewline = true
                    continue
                }
                if count > maxFrameBytes {
                    events.append(.rejected(.oversized))
                    start = i + 1
                    skipCount = count
                    continue
                }
                guard buffer.count - (i + 1) >= count else { return }
                events.append(.frame(buffer[(i + 1)..<(i + 1 + count)]))
                start = i + 1 + count
            } else if buffer[start] == UInt8(ascii: "<") {
                let limit = min(buffer.count, start + maxFrameBytes + 1)
                if let newline = buffer[start..<limit].firstIndex(of: 10) {
                    events.append(.frame(buffer[start..<newline]))
                    start = newline + 1
                } else if buffer.count - start > maxFrameBytes {
                    events.append(.rejected(.oversized))
                    skipToNewline = true
                } else {
                    return
                }
            } else {
                events.append(.rejected(.malformed("a frame starts with neither an octet count nor <PRI>")))
                skipToNewline = true
            }
        }
    }
}
