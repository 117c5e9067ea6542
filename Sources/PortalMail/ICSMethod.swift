/// The iTIP method of a calendar (RFC 5546): what a receiving calendar should do with its events.
public enum ICSMethod: String, Sendable, Hashable, CaseIterable {
    /// An invitation or an update to one (same UID, higher SEQUENCE).
    case request = "REQUEST"
    /// Withdraws events sent before with REQUEST (same UID, higher SEQUENCE, STATUS:CANCELLED).
    case cancel = "CANCEL"
    /// Information without attendance semantics: subscription feeds.
    case publish = "PUBLISH"
}
