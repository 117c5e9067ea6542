import Foundation

/// An iCalendar object (RFC 5545) with an iTIP method: an invitation, a cancellation or a subscription feed.
///
/// Times are always written as UTC (`DTSTART:20260303T220000Z`). A downtime is an absolute instant, UTC needs no
/// VTIMEZONE component (every TZID form must ship one with correct DST rules, which Foundation cannot export), and
/// every client shows UTC times in the reader's own zone. The window's local zone belongs in SUMMARY or DESCRIPTION.
public struct ICSCalendar: Sendable, Hashable {
    /// The PRODID used unless another is given.
    public static let defaultProductID = "-//Forewarn//Forewarn downtime portal//EN"

    public var method: ICSMethod
    public var events: [ICSEvent]
    /// PRODID: who made the calendar, in FPI form.
    public var productID: String
    /// Calendar display name for subscriptions (NAME and X-WR-CALNAME).
    public var name: String?
    /// How often subscribers should reload (REFRESH-INTERVAL and X-PUBLISHED-TTL).
    public var refreshInterval: Duration?
    /// VTIMEZONE components (content lines, unfolded) for the zones events name in `timeZone`.
    public var timeZoneComponents: [[String]] = []

    /// Creates a calendar; nothing is checked until `render()`.
    public init(
        method: ICSMethod,
        events: [ICSEvent],
        productID: String = ICSCalendar.defaultProductID,
        name: String? = nil,
        refreshInterval: Duration? = nil
    ) {
        self.method = method
        self.events = events
        self.productID = productID
        self.name = name
        self.refreshInterval = refreshInterval
    }

    /// A subscription feed: METHOD:PUBLISH with any number of events (an empty feed is allowed so it can always be served).
    public static func feed(
        name: String,
        events: [ICSEvent],
        refreshInterval: Duration? = .seconds(3600),
        productID: String = ICSCalendar.defaultProductID
    ) -> ICSCalendar {
        ICSCalendar(method: .publish, events: events, productID: productID, name: name, refreshInterval: refreshInterval)
    }

    /// The calendar as iCalendar text: CRLF line endings, lines folded at 75 octets, TEXT values escaped.
    /// Throws when the method's required properties (RFC 5546) are missing or the times are inconsistent.
    public func render() throws(ICSError) -> String {
        try validate()
        var lines = [
            "BEGIN:VCALENDAR",
            "PRODID:" + ICSFormat.text(productID),
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:" + method.rawValue,
        ]
        if let name {
            lines.append("NAME:" + ICSFormat.text(name))
            lines.append("X-WR-CALNAME:" + ICSFormat.text(name))
        }
        if let refreshInterval {
            lines.append("REFRESH-INTERVAL;VALUE=DURATION:" + ICSFormat.duration(refreshInterval))
            lines.append("X-PUBLISHED-TTL:" + ICSFormat.duration(refreshInterval))
        }
        for component in timeZoneComponents {
            lines += component
        }
        for event in events {
            lines += Self.contentLines(of: event)
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICSFormat.fold).joined()
    }

    private func validate() throws(ICSError) {
        if method != .publish, events.isEmpty { throw .noEvents(method: method) }
        for event in events {
            let uid = Self.uid(of: event)
            if uid.isEmpty { throw .emptyUID }
            if event.sequence < 0 { throw .negativeSequence(uid: uid) }
            if event.end <= event.start { throw .endNotAfterStart(uid: uid) }
            if method != .publish, event.organizer == nil { throw .missingOrganizer(uid: uid, method: method) }
            if method == .request, event.attendees.isEmpty { throw .missingAttendees(uid: uid) }
            if method == .cancel, event.status != .cancelled { throw .statusNotCancelled(uid: uid) }
        }
    }

    private static func contentLines(of event: ICSEvent) -> [String] {
        var lines = [
            "BEGIN:VEVENT",
            "UID:" + uid(of: event),
            "SEQUENCE:\(event.sequence)",
            "DTSTAMP:" + ICSFormat.dateTime(event.stamp),
            "DTSTART" + ICSFormat.dateTime(event.start, zone: event.timeZone),
            "DTEND" + ICSFormat.dateTime(event.end, zone: event.timeZone),
            "SUMMARY:" + ICSFormat.text(event.summary),
        ]
        if let rule = event.recurrenceRule { lines.append("RRULE:" + HeaderField.sanitize(rule)) }
        if !event.exceptionDates.isEmpty { lines.append("EXDATE:" + event.exceptionDates.sorted().map { ICSFormat.dateTime($0) }.joined(separator: ",")) }
        if let recurrenceID = event.recurrenceID { lines.append("RECURRENCE-ID:" + ICSFormat.dateTime(recurrenceID)) }
        if let description = event.description { lines.append("DESCRIPTION:" + ICSFormat.text(description)) }
        if let location = event.location { lines.append("LOCATION:" + ICSFormat.text(location)) }
        if let url = event.url { lines.append("URL:" + url.absoluteString) }
        if let organizer = event.organizer { lines.append("ORGANIZER" + participant(organizer)) }
        for attendee in event.attendees {
            lines.append("ATTENDEE" + participant(attendee, parameters: ";ROLE=REQ-PARTICIPANT;RSVP=FALSE"))
        }
        lines.append("STATUS:" + event.status.rawValue)
        lines.append("TRANSP:" + (event.blocksTime ? "OPAQUE" : "TRANSPARENT"))
        lines.append("END:VEVENT")
        return lines
    }

    /// The UID without control characters (a line break in an id is a mistake, not content), TEXT-escaped.
    private static func uid(of event: ICSEvent) -> String {
        ICSFormat.text(HeaderField.sanitize(event.uid))
    }

    /// `;CN="Name"...:mailto:address` for ORGANIZER and ATTENDEE.
    private static func participant(_ address: MailAddress, parameters: String = "") -> String {
        let commonName = address.name.map { ";CN=" + ICSFormat.parameter($0) } ?? ""
        return commonName + parameters + ":mailto:" + address.address
    }
}
