import Foundation

/// A message as Python's `email` package (policy.default) and `icalendar` read it.
public struct ParsedEmail: Decodable {
    public struct Leaf: Decodable {
        public let contentType: String
        public let params: [String: String]
        public let filename: String?
        public let transferEncoding: String?
        public let base64: String
        public let text: String?
        public let calendar: Calendar?

        public var bytes: [UInt8] { Array(Data(base64Encoded: base64) ?? Data()) }
    }

    public struct Calendar: Decodable {
        public let method: String
        public let events: [Event]
    }

    public struct Event: Decodable {
        public let uid: String
        public let sequence: Int
        public let dtstart: String
        public let dtend: String
        public let status: String
        public let summary: String
        public let description: String?
        public let organizer: String?
        public let attendees: [String]
    }

    public let headers: [[String]]
    public let subject: String
    public let from: [String]
    public let to: [String]
    public let toNames: [String]
    public let messageID: String?
    public let structure: String
    public let leaves: [Leaf]
    public let defects: [String]

    /// Names of all top-level headers, lower-cased.
    public var headerNames: [String] { headers.map { $0[0].lowercased() } }

    public func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }

    public func leaf(_ contentType: String) -> Leaf? {
        leaves.first { $0.contentType == contentType }
    }

    /// Parses the message at `file`.
    public static func parse(_ file: URL) throws -> ParsedEmail {
        try parse(files: [file])[0]
    }

    /// Parses several messages with one Python process (each start costs about 0.1 s).
    public static func parse(files: [URL]) throws -> [ParsedEmail] {
        let json = try Python.run(script, arguments: files.map(\.path))
        return try JSONDecoder().decode([ParsedEmail].self, from: Data(json.utf8))
    }

    /// Writes `bytes` to a temporary file and parses it.
    public static func parse(_ bytes: [UInt8]) throws -> ParsedEmail {
        try parse(messages: [bytes])[0]
    }

    /// Writes each message to a temporary file and parses them all with one Python process.
    public static func parse(messages: [[UInt8]]) throws -> [ParsedEmail] {
        let files = try messages.map { bytes in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString).eml")
            try Data(bytes).write(to: file)
            return file
        }
        defer { for file in files { try? FileManager.default.removeItem(at: file) } }
        return try parse(files: files)
    }

    private static let script = #"""
import base64, email, email.policy, json, sys

def structure(part):
    if part.is_multipart():
        return part.get_content_type() + "(" + ",".join(structure(p) for p in part.get_payload()) + ")"
    return part.get_content_type()

def as_list(value):
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]

def calendar(payload):
    from icalendar import Calendar  # imported only when needed: it triples the start-up time
    cal = Calendar.from_ical(payload)
    events = []
    for e in cal.walk("VEVENT"):
        events.append({
            "uid": str(e["UID"]), "sequence": int(e["SEQUENCE"]),
            "dtstart": e.decoded("DTSTART").isoformat(), "dtend": e.decoded("DTEND").isoformat(),
            "status": str(e["STATUS"]), "summary": str(e["SUMMARY"]),
            "description": str(e["DESCRIPTION"]) if "DESCRIPTION" in e else None,
            "organizer": str(e["ORGANIZER"]) if "ORGANIZER" in e else None,
            "attendees": as_list(e.get("ATTENDEE")),
        })
    return {"method": str(cal["METHOD"]), "events": events}

def leaf(part):
    payload = part.get_payload(decode=True) or b""
    content_type = part["content-type"]
    return {
        "contentType": part.get_content_type(),
        "params": {k: str(v) for k, v in content_type.params.items()} if content_type else {},
        "filename": part.get_filename(),
        "transferEncoding": part.get("content-transfer-encoding"),
        "base64": base64.b64encode(payload).decode(),
        "text": part.get_content() if part.get_content_maintype() == "text" else None,
        "calendar": calendar(payload) if part.get_content_type() == "text/calendar" else None,
    }

def describe(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    defects = [type(d).__name__ for p in msg.walk() for d in p.defects]
    defects += [type(d).__name__ for k in msg.keys() for d in msg[k].defects]
    return {
        "headers": [[k, str(v)] for k, v in msg.items()],
        "subject": str(msg["subject"]),
        "from": [a.addr_spec for a in msg["from"].addresses],
        "to": [a.addr_spec for a in msg["to"].addresses],
        "toNames": [a.display_name for a in msg["to"].addresses],
        "messageID": msg["message-id"],
        "structure": structure(msg),
        "leaves": [leaf(p) for p in msg.walk() if not p.is_multipart()],
        "defects": defects,
    }

print(json.dumps([describe(path) for path in sys.argv[1:]]))
"""#
}
