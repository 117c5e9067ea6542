import Foundation
import PortalCore

/// Turns one syslog message (a UDP datagram or a TCP frame) into a `LogMessage`: RFC 5424, and RFC 3164 as best effort.
///
/// Pure: bytes and the reception time in, a message or a rejection out. Structured data `[forewarn@32473 product=… version=…
/// stage=… module=… line=…]` fills the named fields; without it APP-NAME (RFC 5424) or the TAG (RFC 3164) is the product.
public enum SyslogParser {
    /// The SD-ID whose parameters name Forewarn's fields (32473 is the private enterprise number reserved for examples).
    public static let sdID = "forewarn@32473"

    public static func parse(_ frame: ArraySlice<UInt8>, receivedAt: Date) -> Result<LogMessage, SyslogRejection> {
        var bytes = frame
        // Trailing newline, carriage return and NUL (Python's SysLogHandler appends a NUL) are framing, not text.
        while let last = bytes.last, last == 10 || last == 13 || last == 0 { bytes.removeLast() }
        guard bytes.count <= LogMessage.maxMessageBytes + 2048 else { return .failure(.oversized) }
        guard bytes.first == UInt8(ascii: "<") else { return .failure(.malformed("no <PRI> at the start")) }
        var i = bytes.startIndex + 1
        var pri = 0
        var digits = 0
        while i < bytes.endIndex, let d = digit(bytes[i]), digits < 3 { pri = pri * 10 + d; digits += 1; i += 1 }
        guard digits > 0, i < bytes.endIndex, bytes[i] == UInt8(ascii: ">") else { return .failure(.malformed("the <PRI> is not 1 to 3 digits")) }
        guard pri <= 191, let level = LogLevel(rawValue: pri % 8) else { return .failure(.unknownLevel) }
        i += 1
        if i + 1 < bytes.endIndex, bytes[i] == UInt8(ascii: "1"), bytes[i + 1] == UInt8(ascii: " ") {
            return parse5424(bytes[(i + 2)...], level: level, receivedAt: receivedAt)
        }
        return parse3164(bytes[i...], level: level, receivedAt: receivedAt)
    }

    static func digit(_ byte: UInt8) -> Int? { byte >= 48 && byte <= 57 ? Int(byte - 48) : nil }

    /// Splits off the next space-separated header field.
    static func field(_ bytes: inout ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard !bytes.isEmpty else { return nil }
        if let space = bytes.firstIndex(of: 32) {
            let value = bytes[bytes.startIndex..<space]
            bytes = bytes[(space + 1)...]
            return value
        }
        let value = bytes
        bytes = bytes[bytes.endIndex...]
        return value
    }

    static func text(_ bytes: ArraySlice<UInt8>) -> String? { String(validating: bytes, as: UTF8.self) }

    static func parse5424(_ rest: ArraySlice<UInt8>, level: LogLevel, receivedAt: Date) -> Result<LogMessage, SyslogRejection> {
        var bytes = rest
        guard let stamp = field(&bytes), let hostField = field(&bytes), let app = field(&bytes), let _ = field(&bytes), let _ = field(&bytes) else {
            return .failure(.malformed("the RFC 5424 header has fewer than 6 fields"))
        }
        var time = receivedAt
        if stamp != [45] {
            guard let stampText = text(stamp), let parsed = LogTimestamp.date(from: stampText) else { return .failure(.malformed("the timestamp is not RFC 3339")) }
            time = parsed
        }
        var message = LogMessage(time: time, level: level, message: "")
        guard let host = text(hostField), let appName = text(app) else { return .failure(.invalidUTF8) }
        message.host = host == "-" ? "" : String(host.prefix(255))
        message.product = appName == "-" ? "" : String(appName.prefix(LogMessage.maxNameLength))
        // Structured data: "-" or one or more [ID param="value" ...] elements.
        if bytes.first == 45 {
            bytes = bytes.dropFirst()
        } else if bytes.first == UInt8(ascii: "[") {
            while bytes.first == UInt8(ascii: "[") {
                switch parseElement(&bytes) {
                case .failure(let rejection): return .failure(rejection)
                case .success(let (id, params)): apply(id: id, params: params, to: &message)
                }
            }
        } else {
            return .failure(.malformed("no structured data field"))
        }
        if bytes.first == 32 { bytes = bytes.dropFirst() } else if !bytes.isEmpty { return .failure(.malformed("no space after the structured data")) }
        // A UTF-8 byte order mark may announce the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard bytes.count <= LogMessage.maxMessageBytes else { return .failure(.oversized) }
        guard let body = text(bytes) else { return .failure(.invalidUTF8) }
        message.message = body
        return .success(message)
    }

    /// Reads one `[ID name="value" ...]` element; values may escape `"`, `\` and `]` with a backslash.
    static func parseElement(_ bytes: inout ArraySlice<UInt8>) -> Result<(String, [(String, String)]), SyslogRejection> {
        bytes = bytes.dropFirst()
        var i = bytes.startIndex
        while i < bytes.endIndex, bytes[i] != 32, bytes[i] != UInt8(ascii: "]") { i += 1 }
        guard i < bytes.endIndex, let id = text(bytes[bytes.startIndex..<i]), !id.isEmpty else { return .failure(.malformed("an unterminated structured data element")) }
        var params: [(String, String)] = []
        while i < bytes.endIndex, bytes[i] == 32 {
            i += 1
            let nameStart = i
            while i < bytes.endIndex, bytes[i] != UInt8(ascii: "=") { i += 1 }
            guard i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\""), let name = text(bytes[nameStart..<i]) else {
                return .failure(.malformed("a structured data parameter without =\"value\""))
            }
            i += 2
            var value: [UInt8] = []
            while i < bytes.endIndex, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.endIndex, [34, 92, 93].contains(bytes[i + 1]) { i += 1 }
                value.append(bytes[i])
                i += 1
            }
            guard i < bytes.endIndex else { return .failure(.malformed("an unterminated structured data value")) }
            guard let valueText = String(validating: value, as: UTF8.self) else { return .failure(.invalidUTF8) }
            params.append((name, valueText))
            i += 1
        }
        guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "]") else { return .failure(.malformed("an unterminated structured data element")) }
        bytes = bytes[(i + 1)...]
        return .success((id, params))
    }

    /// Forewarn's element fills the named fields; anything else is kept as `id.name` fields.
    static func apply(id: String, params: [(String, String)], to message: inout LogMessage) {
        for (name, value) in params {
            guard id == sdID else { message.fields["\(id).\(name)"] = value; continue }
            switch name {
            case "product": message.product = String(value.prefix(LogMessage.maxNameLength))
            case "version": message.version = String(value.prefix(LogMessage.maxNameLength))
            case "stage":
                if let stage = Environment(stageName: value) { message.stage = stage } else { message.fields["stage"] = value }
            case "module": message.module = String(value.prefix(LogMessage.maxNameLength))
            case "line": if let line = Int(value) { message.line = line } else { message.fields["line"] = value }
            case "host": message.host = String(value.prefix(255))
            default: message.fields[name] = value
            }
        }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 3164 as senders really write it: an optional `Mmm dd hh:mm:ss HOST ` header, an optional `TAG[pid]: `, the text.
    static func parse3164(_ rest: ArraySlice<UInt8>, level: LogLevel, receivedAt: Date) -> Result<LogMessage, SyslogRejection> {
        guard rest.count <= LogMessage.maxMessageBytes else { return .failure(.oversized) }
        guard var body = text(rest) else { return .failure(.invalidUTF8) }
        var message = LogMessage(time: receivedAt, level: level, message: "")
        let scalars = Array(body.utf8)
        if scalars.count >= 16, let month = months.firstIndex(of: String(decoding: scalars[0..<3], as: UTF8.self)), scalars[3] == 32,
           scalars[15] == 32, scalars[9] == 58, scalars[12] == 58 {
            let day = Int(String(decoding: scalars[4..<6], as: UTF8.self).trimmingCharacters(in: .whitespaces)) ?? 1
            let h = Int(String(decoding: scalars[7..<9], as: UTF8.self)) ?? 0
            let m = Int(String(decoding: scalars[10..<12], as: UTF8.self)) ?? 0
            let s = Int(String(decoding: scalars[13..<15], as: UTF8.self)) ?? 0
            // No year and no zone: the reception year in UTC, the usual reading.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let year = calendar.component(.year, from: receivedAt)
            if let date = calendar.date(from: DateComponents(year: year, month: month + 1, day: day, hour: h, minute: m, second: s)) {
                message.time = date
            }
            body = String(decoding: scalars[16...], as: UTF8.self)
            if let space = body.firstIndex(of: " ") {
                message.host = String(body[..<space].prefix(255))
                body = String(body[body.index(after: space)...])
            }
        }
        // TAG: up to 32 alphanumerics (and - _ . /), then "[pid]:" or ":".
        if let colon = body.firstIndex(of: ":"), body.distance(from: body.startIndex, to: colon) <= 48 {
            var tag = body[..<colon]
            if let bracket = tag.firstIndex(of: "["), tag.hasSuffix("]") { tag = tag[..<bracket] }
            if !tag.isEmpty, tag.count <= 32, tag.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) {
                message.product = String(tag)
                body = String(body[body.index(after: colon)...])
                if body.hasPrefix(" ") { body.removeFirst() }
            }
        }
        message.message = body
        return .success(message)
    }
}
