import Foundation

/// One VEVENT: a downtime window as calendars show it. Times are absolute instants and are written in UTC.
public struct ICSEvent: Sendable, Hashable {
    /// Stable per downtime (e.g. `downtime-42@forewarn`), so updates and cancellations replace the same entry.
    public var uid: String
    /// Revision number: 0 first, +1 for every update or cancellation of the same UID.
    public var sequence: Int
    /// When this revision was created (DTSTAMP); pass the revision's time, not the clock, to keep output reproducible.
    public var stamp: Date
    /// DTSTART, written in UTC.
    public var start: Date
    /// DTEND, written in UTC; must be later than `start`.
    public var end: Date
    public var summary: String
    /// Free text (DESCRIPTION); line breaks are kept.
    public var description: String?
    public var location: String?
    /// Link to the downtime's page in the portal.
    public var url: URL?
    /// Required for REQUEST and CANCEL: the address replies would go to.
    public var organizer: MailAddress?
    /// Required (one or more) for REQUEST; written with RSVP=FALSE since Forewarn does not process replies.
    public var attendees: [MailAddress]
    public var status: ICSEventStatus
    /// Whether the window shows as busy in attendees' free/busy time (TRANSP:OPAQUE); a downtime notice usually should not.
    public var blocksTime: Bool
    /// For a recurring series: the IANA zone DTSTART and DTEND are written in (`DTSTART;TZID=Europe/Berlin:...`), so
    /// the rule repeats at local time; the calendar must carry that zone's VTIMEZONE. Nil writes UTC.
    public var timeZone: String? = nil
    /// RRULE value of a recurring series (`FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`).
    public var recurrenceRule: String? = nil
    /// Occurrences left out of the series (EXDATE), as instants written in UTC.
    public var exceptionDates: [Date] = []
    /// For an occurrence that differs from its series: the instant the rule gives for it (RECURRENCE-ID, in UTC).
    public var recurrenceID: Date? = nil

    /// Creates an event; nothing is checked until the calendar is rendered.
    public init(
        uid: String,
        sequence: Int = 0,
        stamp: Date,
        start: Date,
        end: Date,
        summary: String,
        description: String? = nil,
        location: String? = nil,
        url: URL? = nil,
        organizer: MailAddress? = nil,
        attendees: [MailAddress] = [],
        status: ICSEventStatus = .confirmed,
        blocksTime: Bool = false
    ) {
        self.uid = uid
        self.sequence = sequence
        self.stamp = stamp
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.organizer = organizer
        self.attendees = attendees
        self.status = status
        self.blocksTime = blocksTime
    }
}
