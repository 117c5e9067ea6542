import Foundation

/// Whether a window may be declared now for its kind: planned and emergency work lies ahead; only an unplanned
/// downtime records an outage that has already started or ended.
public enum DeclarationTiming {
    /// How far in the past a start may lie and still count as "now" (a start typed as the current minute survives
    /// the preview round trip).
    public static let grace: TimeInterval = 5 * 60

    /// The refusal, with the field it belongs to, or nil when the window may be declared.
    public static func problem(kind: DowntimeKind, start: Date, end: Date, now: Date) -> (field: String, message: String)? {
        guard kind != .unplanned else { return nil }
        let noun = kind == .emergency ? "An emergency downtime" : "A planned downtime"
        if end <= now {
            return ("ends_at", "\(noun) cannot lie in the past: this window is already over. To record an outage that happened, choose the kind Unplanned (record a past outage).")
        }
        if start < now.addingTimeInterval(-grace) {
            return ("starts_at", "\(noun) cannot start in the past. Start it from now on, or choose the kind Unplanned (record a past outage) for an outage already under way.")
        }
        return nil
    }
}
