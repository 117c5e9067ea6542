import Foundation
@testable import PortalCore

// Fixtures are literals typed by hand; a typo in one must stop the run loudly rather than pass quietly.

/// The instant written as `2027-01-12T21:00:00Z`.
func utc(_ text: String) -> Date {
    do { return try UTCTimestamp.date(from: text) } catch { fatalError("bad fixture \(text): \(error)") }
}

/// The local date-time written as `2027-01-12T22:00` or with seconds.
func local(_ text: String) -> LocalDateTime {
    do { return try LocalDateTime(parsing: text) } catch { fatalError("bad fixture \(text): \(error)") }
}

/// A window from UTC timestamps, without the length limit so fixtures can be any size.
func window(_ start: String, _ end: String, _ zone: String = "Europe/Paris") -> TimeWindow {
    do { return try TimeWindow(start: utc(start), end: utc(end), timeZone: zone, maximumDuration: nil) } catch {
        fatalError("bad fixture \(start)–\(end) \(zone): \(error)")
    }
}
