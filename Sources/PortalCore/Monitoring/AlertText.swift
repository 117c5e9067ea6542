import Foundation

/// The words of alerts and recoveries, in the classic monitors' form. Pure.
public enum AlertText {
    /// `Website http://x is down. availability=40.00%, time=2027-01-12T21:00:00Z`, or the check's name for TCP/TLS.
    public static func down(kind: CheckKind, url: String, name: String, availability: Double, at: Date) -> String {
        "\(subject(kind: kind, url: url, name: name)) is down. availability=\(percent(availability)), time=\(UTCTimestamp.string(from: at))"
    }

    /// `Website http://x is up again. availability=100.00%, time=..., after an outage of 3 minutes`.
    public static func recovered(kind: CheckKind, url: String, name: String, availability: Double, at: Date, since: Date) -> String {
        "\(subject(kind: kind, url: url, name: name)) is up again. availability=\(percent(availability)), time=\(UTCTimestamp.string(from: at)), after an outage of \(DurationText.format(at.timeIntervalSince(since)))"
    }

    /// `DT-12 ended at 02:00 but db-east is still down. check="pg-3 health", time=2027-01-12T02:05:00Z` (times in UTC).
    /// A heartbeat says `heartbeat="nightly backup"` where a check says `check=`.
    public static func stillDown(downtimeID: Int64, endedAt: Date, target: String, checkName: String, at: Date, probe: String = "check") -> String {
        let local = LocalDateTime(instant: endedAt, offsetSeconds: 0)
        return "DT-\(downtimeID) ended at \(local.timeText) but \(target) is still down. \(probe)=\"\(checkName)\", time=\(UTCTimestamp.string(from: at))"
    }

    /// `Heartbeat "nightly backup" of billing is down: no ping since 2027-01-12T21:00:00Z (period 60 s, grace 30 s). time=...`,
    /// or `...: it reported a failure.` after a `/fail` ping.
    public static func heartbeatDown(name: String, target: String, lastPing: Date?, failed: Bool, period: Int, grace: Int, at: Date) -> String {
        let why = failed ? "it reported a failure" : "no ping since \(lastPing.map(UTCTimestamp.string(from:)) ?? "it was created")"
        return "Heartbeat \"\(name)\" of \(target) is down: \(why) (period \(period) s, grace \(grace) s). time=\(UTCTimestamp.string(from: at))"
    }

    /// `Heartbeat "nightly backup" of billing is up again. time=..., after an outage of 3 minutes`.
    public static func heartbeatRecovered(name: String, target: String, at: Date, since: Date) -> String {
        "Heartbeat \"\(name)\" of \(target) is up again. time=\(UTCTimestamp.string(from: at)), after an outage of \(DurationText.format(at.timeIntervalSince(since)))"
    }

    static func subject(kind: CheckKind, url: String, name: String) -> String {
        kind == .http && !url.isEmpty ? "Website \(url)" : name
    }

    /// `The certificate of tls cert (127.0.0.1:8443) expires in 2 days (2027-01-18T07:59:00Z), less than 14`.
    public static func certificateExpiring(name: String, address: String, daysLeft: Int, expiry: Date, minimumDays: Int) -> String {
        "The certificate of \(name) (\(address)) expires in \(daysLeft) day\(daysLeft == 1 ? "" : "s") (\(UTCTimestamp.string(from: expiry))), less than \(minimumDays)"
    }

    /// `The certificate of tls cert (127.0.0.1:8443) was renewed: it expires on 2028-01-18T07:59:00Z`.
    public static func certificateRenewed(name: String, address: String, expiry: Date) -> String {
        "The certificate of \(name) (\(address)) was renewed: it expires on \(UTCTimestamp.string(from: expiry))"
    }

    /// `97.50%`.
    public static func percent(_ value: Double) -> String { String(format: "%.2f%%", value) }
}
