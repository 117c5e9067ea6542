import Foundation

/// The words of a notice that do not depend on templates: subject line, headline and compact windows. Pure.
public enum NoticeText {
    /// `[Planned] DB cluster east patching — Tue 3 Mar 22:00–02:00 CET — CHG0012345`, the window in `zoneID`.
    public static func subject(_ payload: NoticePayload, zoneID: String) -> String {
        // Alerts carry their whole message in the title: "[Alert] Website https://... is down. availability=..."
        if payload.subjectKind == "level" { return "[\(payload.event == .levelAbove ? "Back above" : "Below")] \(payload.title)" }
        if payload.subjectKind == "alert" { return "[\(payload.event == .checkRecover ? "Recovered" : "Alert")] \(payload.title)" }
        var tag = payload.kindLabel
        if let word = payload.event.subjectTag {
            tag += " · " + (payload.event == .reminder ? "Reminder: \(lead(payload.leadMinutes ?? 0))" : word)
        }
        var parts = ["[\(tag)] \(payload.title)", window(start: payload.start, end: payload.end, zoneID: zoneID)]
        if !payload.ticket.isEmpty { parts.append(payload.ticket) }
        return parts.joined(separator: " — ")
    }

    /// `in 1 day`, `in 1 hour`, `in 90 minutes`.
    public static func lead(_ minutes: Int) -> String {
        if minutes % 1440 == 0 { return "in \(minutes / 1440) day\(minutes == 1440 ? "" : "s")" }
        if minutes % 60 == 0 { return "in \(minutes / 60) hour\(minutes == 60 ? "" : "s")" }
        return "in \(minutes) minute\(minutes == 1 ? "" : "s")"
    }

    /// The first line of the message body.
    public static func headline(_ payload: NoticePayload) -> String {
        let what = payload.subjectKind == "incident" ? "Incident" : payload.kindLabel + " downtime"
        switch payload.event {
        case .announce: return "\(what) announced: \(payload.title)"
        case .reschedule: return "\(what) rescheduled: \(payload.title)"
        case .extend: return "\(what) extended: \(payload.title)"
        case .cancel: return "\(what) cancelled: \(payload.title)"
        case .start: return "\(what) has started: \(payload.title)"
        case .complete: return "\(what) is complete: \(payload.title)"
        case .reminder: return "Reminder — \(what.lowercased()) starts \(lead(payload.leadMinutes ?? 0)): \(payload.title)"
        case .incidentOpen: return "\(what) opened: \(payload.title)"
        case .incidentUpdate: return "\(what) update (\(payload.state)): \(payload.title)"
        case .incidentResolve: return "\(what) resolved: \(payload.title)"
        case .incidentReopen: return "\(what) reopened: \(payload.title)"
        case .checkAlert, .checkRecover, .levelBelow, .levelAbove: return payload.title
        }
    }

    /// `Tue 3 Mar 22:00–02:00 CET` (end the next morning), `Tue 3 Mar 22:00 – Thu 5 Mar 06:00 CET`, or
    /// `since Tue 3 Mar 22:00 CET` without an end. An unknown zone falls back to UTC.
    public static func window(start: Date, end: Date?, zoneID: String) -> String {
        // Labels come from the identifier asked for: Foundation reports UTC's own identifier as "GMT".
        let known = (try? TimeZoneResolver.zone(zoneID)) != nil
        let label = known ? zoneID : "UTC"
        let zone = (try? TimeZoneResolver.zone(label)) ?? TimeZone(secondsFromGMT: 0)!
        let startOffset = zone.secondsFromGMT(for: start)
        let localStart = LocalDateTime(instant: start, offsetSeconds: startOffset)
        let startText = short(localStart)
        guard let end else { return "since \(startText) \(ZoneLabel.label(zoneID: label, offsetSeconds: startOffset))" }
        let endOffset = zone.secondsFromGMT(for: end)
        let localEnd = LocalDateTime(instant: end, offsetSeconds: endOffset)
        let endLabel = ZoneLabel.label(zoneID: label, offsetSeconds: endOffset)
        if end.timeIntervalSince(start) < 86_400 {
            return "\(startText)–\(localEnd.timeText) \(endLabel)"
        }
        return "\(startText) – \(short(localEnd)) \(endLabel)"
    }

    /// `Tue 3 Mar 22:00`.
    /// One instant in a zone with its label: `Wed 13 Jan 04:00 CET` (an unknown zone falls back to UTC).
    public static func instant(_ date: Date, zoneID: String) -> String {
        let label = (try? TimeZoneResolver.zone(zoneID)) != nil ? zoneID : "UTC"
        let zone = (try? TimeZoneResolver.zone(label)) ?? TimeZone(secondsFromGMT: 0)!
        let offset = zone.secondsFromGMT(for: date)
        return "\(short(LocalDateTime(instant: date, offsetSeconds: offset))) \(ZoneLabel.label(zoneID: label, offsetSeconds: offset))"
    }

    static func short(_ local: LocalDateTime) -> String {
        ScheduleText.dateTime(local, withYear: false)
    }
}
