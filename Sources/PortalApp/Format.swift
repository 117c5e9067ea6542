import Foundation
import PortalStore

/// Number and time formatting for people.
enum Format {
    /// An instant to the minute in UTC: "2027-01-12 21:00 UTC".
    static func minute(_ date: Date) -> String {
        let text = StoreTime.format(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }

    /// 12345 → "12,345".
    /// A span to the minute in UTC, the day written once when both ends share it; an open end reads "ongoing".
    static func span(_ start: Date, _ end: Date?) -> String {
        guard let end else { return minute(start).dropLast(4) + " – ongoing (UTC)" }
        let (a, b) = (minute(start), minute(end))
        return a.prefix(10) == b.prefix(10) ? a.dropLast(4) + "–" + b.dropFirst(11) : a.dropLast(4) + " – " + b
    }

    /// A list cut to its first `limit` items, with how many more there are.
    static func list(_ items: [String], limit: Int) -> String {
        items.count <= limit ? items.joined(separator: ", ") : items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }

    static func count(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    static func bytes(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1024 * 1024 { return "\(n / 1024) KiB" }
        return "\(n / (1024 * 1024)) MiB"
    }
}
