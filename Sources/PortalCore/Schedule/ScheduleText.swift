import Foundation

/// Fixed English date and time text ("Tue 12 Jan 2027 22:00"), built by hand so output never depends on the
/// process locale or the ICU release.
enum ScheduleText {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `22:00`, or `22:00:30` when the seconds are not zero.
    static func time(_ local: LocalDateTime) -> String {
        local.timeText
    }

    /// `Tue 12 Jan 2027 22:00`; the year can be left out when the reader already has it.
    static func dateTime(_ local: LocalDateTime, withYear: Bool = true) -> String {
        let year = withYear ? " \(LocalDateTime.pad(local.year, 4))" : ""
        return "\(weekdays[local.weekdayIndex]) \(local.day) \(months[local.month - 1])\(year) \(time(local))"
    }

    /// The end of a range, saying only what differs from its start: a time, a day without the year, or everything.
    static func rangeEnd(_ end: LocalDateTime, after start: LocalDateTime) -> String {
        if end.isSameDate(as: start) { return time(end) }
        return dateTime(end, withYear: end.year != start.year)
    }

    /// `Tue 12 Jan 2027 22:00 CET`.
    static func instant(_ date: Date, zone: TimeZone, zoneID: String) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let local = LocalDateTime(instant: date, offsetSeconds: offset)
        return "\(dateTime(local)) \(ZoneLabel.label(zoneID: zoneID, offsetSeconds: offset))"
    }

    /// `22:00 UTC`, with the date added when the UTC day differs from `local`'s day.
    static func utcTime(_ date: Date, besides local: LocalDateTime) -> String {
        let utc = LocalDateTime(instant: date, offsetSeconds: 0)
        return utc.isSameDate(as: local) ? "\(time(utc)) UTC" : "\(utc.readable) UTC"
    }

    /// `Tue 12 Jan 2027 22:00 – Wed 13 Jan 02:00 CET (21:00–01:00 UTC)`.
    ///
    /// The zone label is repeated at the start only when it differs from the end's (a window across a clock
    /// change), because then it tells which occurrence of a repeated hour is meant. The UTC part is dropped when
    /// the zone is at UTC anyway. It shows bare times only for a window under a day whose UTC days match the
    /// local ones; otherwise it carries dates, so bare times never suggest the wrong day.
    static func range(start: Date, end: Date, zone: TimeZone, zoneID: String) -> String {
        let startOffset = zone.secondsFromGMT(for: start)
        let endOffset = zone.secondsFromGMT(for: end)
        let localStart = LocalDateTime(instant: start, offsetSeconds: startOffset)
        let localEnd = LocalDateTime(instant: end, offsetSeconds: endOffset)
        let startLabel = ZoneLabel.label(zoneID: zoneID, offsetSeconds: startOffset)
        let endLabel = ZoneLabel.label(zoneID: zoneID, offsetSeconds: endOffset)

        var text = dateTime(localStart)
        if startLabel != endLabel { text += " \(startLabel)" }
        text += " – \(rangeEnd(localEnd, after: localStart)) \(endLabel)"
        if startOffset == 0, endOffset == 0 { return text }

        let utcStart = LocalDateTime(instant: start, offsetSeconds: 0)
        let utcEnd = LocalDateTime(instant: end, offsetSeconds: 0)
        if end.timeIntervalSince(start) < 86_400, utcStart.isSameDate(as: localStart), utcEnd.isSameDate(as: localEnd) {
            text += " (\(time(utcStart))–\(time(utcEnd)) UTC)"
        } else {
            let first = dateTime(utcStart, withYear: utcStart.year != localStart.year)
            text += " (\(first) – \(rangeEnd(utcEnd, after: utcStart)) UTC)"
        }
        return text
    }
}
