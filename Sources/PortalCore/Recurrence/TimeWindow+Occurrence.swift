import Foundation

extension TimeWindow {
    /// The window read in one zone on one line, weekday first: `Tue 2027-01-12 22:00 – 02:00 CET`; the end
    /// carries its date when it falls on another day and its own zone label when the offset changed in between.
    public func line(in zoneID: String) -> String {
        guard let zone = try? TimeZoneResolver.zone(zoneID) else { return formatted }
        let start = TimeZoneResolver.localDateTime(of: self.start, in: zone)
        let end = TimeZoneResolver.localDateTime(of: self.end, in: zone)
        let startLabel = ZoneLabel.label(zoneID: zoneID, offsetSeconds: zone.secondsFromGMT(for: self.start))
        let endLabel = ZoneLabel.label(zoneID: zoneID, offsetSeconds: zone.secondsFromGMT(for: self.end))
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let endText = end.isSameDate(as: start) ? end.timeText : end.readable
        return "\(days[start.weekdayIndex]) \(start.readable)" + (startLabel == endLabel ? "" : " \(startLabel)") + " – \(endText) \(endLabel)"
    }
}
