import Foundation

/// One row of the audit trail.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var objectKind: String
    public var objectID: Int64?
    public var objectName: String
    public var beforeJSON: String?
    public var afterJSON: String?
    public var requestID: String?
}

/// Writes and reads the audit trail; writes happen inside the caller's transaction.
public enum AuditLog {
    /// Records a mutation. Call it with the same `Database` as the change, inside `Store.write`.
    public static func record(_ db: Database, actor: String, action: String, objectKind: String, objectID: Int64?,
                              objectName: String, before: String? = nil, after: String? = nil,
                              requestID: String? = nil, at: Date = Date()) throws {
        try db.run("""
            INSERT INTO audit_log (at, actor, action, object_kind, object_id, object_name, before_json, after_json, request_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [StoreTime.format(at), actor, action, objectKind, objectID, objectName, before, after, requestID])
    }

    /// The newest entries first, optionally for one object.
    public static func recent(_ db: Database, objectKind: String? = nil, objectID: Int64? = nil, limit: Int = 100) throws -> [AuditEntry] {
        let rows: [Row]
        if let objectKind, let objectID {
            rows = try db.query("SELECT * FROM audit_log WHERE object_kind = ? AND object_id = ? ORDER BY id DESC LIMIT ?", [objectKind, objectID, limit])
        } else {
            rows = try db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])
        }
        return rows.map { row in
            AuditEntry(id: row.int("id") ?? 0, at: row.string("at") ?? "", actor: row.string("actor") ?? "",
                       action: row.string("action") ?? "", objectKind: row.string("object_kind") ?? "",
                       objectID: row.int("object_id"), objectName: row.string("object_name") ?? "",
                       beforeJSON: row.string("before_json"), afterJSON: row.string("after_json"),
                       requestID: row.string("request_id"))
        }
    }
}

/// The one storage convention for instants: UTC ISO-8601 text with a `Z`, seconds precision.
public enum StoreTime {
    public static func format(_ date: Date) -> String {
        var seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = floorDiv(seconds, 86_400)
        seconds -= days * 86_400
        let (y, m, d) = civil(fromDays: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(seconds / 3600, 2)):\(pad((seconds % 3600) / 60, 2)):\(pad(seconds % 60, 2))Z"
    }

    public static func parse(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int64($0) }
        guard parts.count == 6, text.hasSuffix("Z") else { return nil }
        let days = daysFromCivil(parts[0], parts[1], parts[2])
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + parts[3] * 3600 + parts[4] * 60 + parts[5]))
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    // Howard Hinnant's civil-from-days: exact, allocation-free and independent of Foundation's formatters.
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
