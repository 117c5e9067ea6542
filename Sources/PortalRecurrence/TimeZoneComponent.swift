import CICal
import Foundation

/// VTIMEZONE components for invites whose times are written in their zone (a series must repeat at local time,
/// which UTC times cannot say). libical builds them from the system's tzdata; Foundation cannot.
public enum TimeZoneComponent {
    /// The content lines (without line ends) of the VTIMEZONE for an IANA zone, or nil when libical does not know it.
    public static func lines(for zoneID: String) -> [String]? {
        guard let text = CICal_vtimezone(zoneID) else { return nil }
        defer { CICal_free(text) }
        // libical folds long lines; unfold them so the calendar writer folds everything one way.
        let unfolded = String(cString: text).replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\n ", with: "")
        let lines = unfolded.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }).map(String.init)
        return lines.first == "BEGIN:VTIMEZONE" ? lines : nil
    }
}
